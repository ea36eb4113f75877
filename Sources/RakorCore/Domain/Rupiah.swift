/// An amount of money in whole Rupiah. Never floating point: budgets are
/// decreed to the Rupiah and must add up exactly.
public struct Rupiah: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let amount: Int64

    public init(_ amount: Int64) {
        self.amount = amount
    }

    /// Parses `1250000000`, `1.250.000.000`, `Rp 1.250.000.000`, `Rp1.250.000.000`
    /// (dots as thousands separators only in groups of three). Rejects
    /// fractions, negatives and anything over `Int64.max`.
    public init?(parsing text: some StringProtocol) {
        var body = Substring(text).drop(while: { $0 == " " })
        if body.lowercased().hasPrefix("rp") {
            body = body.dropFirst(2)
            if body.first == "." { body = body.dropFirst() }
            body = body.drop(while: { $0 == " " })
        }
        body = Substring(body.reversed().drop(while: { $0 == " " }).reversed())
        guard !body.isEmpty else { return nil }
        let groups = body.split(separator: ".", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard let first = groups.first, (1...3).contains(first.count),
                  groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        var value: Int64 = 0
        for group in groups {
            for character in group {
                guard let digit = character.wholeNumberValue, character.isASCII else { return nil }
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (plus, overflow2) = times.addingReportingOverflow(Int64(digit))
                guard !overflow1, !overflow2 else { return nil }
                value = plus
            }
        }
        self.init(value)
    }

    /// `Rp 1.250.000.000` (Indonesian grouping, as the contract requires).
    public var description: String {
        let negative = amount < 0
        let digits = Array(String(amount.magnitude))
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3 + 4)
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(".") }
            out.append(digit)
        }
        return (negative ? "-Rp " : "Rp ") + out
    }

    public static func < (lhs: Rupiah, rhs: Rupiah) -> Bool { lhs.amount < rhs.amount }

    public static func + (lhs: Rupiah, rhs: Rupiah) -> Rupiah { Rupiah(lhs.amount &+ rhs.amount) }

    public static let zero = Rupiah(0)
}

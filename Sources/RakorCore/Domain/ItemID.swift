/// The kinds of numbered records officials refer to in chat.
public enum ItemKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A coordination meeting, `R-n`.
    case rakor = "R"
    /// A task, `T-n`.
    case tugas = "T"
    /// An agreement, `K-n`.
    case kesepakatan = "K"
}

/// `R-12`, `T-7`, `K-3`: a record's id as officials type it. Parsing accepts
/// lower case (`t-7`) because phones capitalise inconsistently.
public struct ItemID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let kind: ItemKind
    public let number: Int64

    public init(_ kind: ItemKind, _ number: Int64) {
        self.kind = kind
        self.number = number
    }

    /// Parses `T-12` (any case); `expected` restricts the kind.
    public init?(parsing text: some StringProtocol, expected: ItemKind? = nil) {
        let upper = text.uppercased()
        guard upper.count >= 3, let dash = upper.firstIndex(of: "-"),
              let kind = ItemKind(rawValue: String(upper[..<dash])) else { return nil }
        if let expected, expected != kind { return nil }
        let digits = upper[upper.index(after: dash)...]
        guard !digits.isEmpty, digits.count <= 15, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let number = Int64(digits), number > 0 else { return nil }
        self.init(kind, number)
    }

    public var description: String { "\(kind.rawValue)-\(number)" }

    public static func < (lhs: ItemID, rhs: ItemID) -> Bool {
        (lhs.kind.rawValue, lhs.number) < (rhs.kind.rawValue, rhs.number)
    }
}

/// A Kemendagri region code: `63` for a province, `63.03` for a regency or
/// city in it. Kept as text because the leading zero and the dot are the code
/// (`63.10` is not `63.1`).
public struct KodeWilayah: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code as written, e.g. `63.03`.
    public let rawValue: String

    /// Accepts exactly `NN` or `NN.NN` (ASCII digits, no part `00`).
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        func part(_ start: Int) -> Bool {
            let digits = bytes[start..<start + 2]
            return digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                && !digits.allSatisfy { $0 == UInt8(ascii: "0") }
        }
        switch bytes.count {
        case 2:
            guard part(0) else { return nil }
        case 5:
            guard part(0), bytes[2] == UInt8(ascii: "."), part(3) else { return nil }
        default:
            return nil
        }
        rawValue = String(decoding: bytes, as: UTF8.self)
    }

    /// True for a province code (`63`), false for a regency code (`63.03`).
    public var isProvince: Bool { rawValue.utf8.count == 2 }

    /// The province part: `63` for both `63` and `63.03`.
    public var province: KodeWilayah {
        isProvince ? self : KodeWilayah(unchecked: String(rawValue.prefix(2)))
    }

    /// The level a code of this shape belongs to.
    public var level: OrgLevel { isProvince ? .provinsi : .kabkota }

    public var description: String { rawValue }

    public static func < (lhs: KodeWilayah, rhs: KodeWilayah) -> Bool { lhs.rawValue < rhs.rawValue }

    private init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }
}

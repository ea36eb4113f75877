/// A day counted from day H the way officials count: `H-7` is seven days
/// before it, `H-0` the day itself, `H+1` the day after.
public struct HOffset: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days before day H; negative after it (`H+1` is -1).
    public let daysBefore: Int

    public init(daysBefore: Int) {
        self.daysBefore = daysBefore
    }

    /// `H-3` is `.before(3)`.
    public static func before(_ days: Int) -> HOffset { HOffset(daysBefore: days) }
    /// `H+1` is `.after(1)`.
    public static func after(_ days: Int) -> HOffset { HOffset(daysBefore: -days) }

    /// `H-7`, `H-0`, `H+1`.
    public var description: String {
        daysBefore >= 0 ? "H-\(daysBefore)" : "H+\(-daysBefore)"
    }

    /// Parses `H-3`, `H+1`, `h-0`.
    public init?(_ text: some StringProtocol) {
        let upper = text.uppercased()
        guard upper.count >= 3, upper.hasPrefix("H"), let days = Int(upper.dropFirst(2)), days >= 0 else { return nil }
        switch upper.dropFirst().first {
        case "-": self.init(daysBefore: days)
        case "+": self.init(daysBefore: -days)
        default: return nil
        }
    }

    /// Ordered in time: `H-7 < H-3 < H-0 < H+1`.
    public static func < (lhs: HOffset, rhs: HOffset) -> Bool {
        lhs.daysBefore > rhs.daysBefore
    }
}

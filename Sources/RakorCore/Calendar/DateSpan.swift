/// The dates of a stage: one day, a range, or only an end date.
///
/// KPU schedules sometimes publish only when a stage must be finished (the
/// planning stage of Pilkada 2024 "ends 26 January 2024"). Such a stage has no
/// `start`; it is treated as a deadline on its `end` date rather than as
/// running since the beginning of time, so it never shows up as "in progress"
/// for unrelated dates.
public struct DateSpan: Sendable, Hashable, CustomStringConvertible {
    /// The first day, or nil when only the end is known.
    public let start: LocalDate?
    /// The last day (the only day of a single-day stage).
    public let end: LocalDate

    /// A range; nil when `start` is after `end`.
    public init?(start: LocalDate?, end: LocalDate) {
        if let start, start > end { return nil }
        self.start = start
        self.end = end
    }

    /// A single day (`start == end`).
    public init(day: LocalDate) {
        self.start = day
        self.end = day
    }

    /// The first day the span counts from: `start`, or `end` when no start is known.
    public var first: LocalDate { start ?? end }

    public var isSingleDay: Bool { start == end }

    /// Number of days covered, counting both ends (1 for a single day or an
    /// open-start deadline).
    public var dayCount: Int { first.days(until: end) + 1 }

    /// Whether `date` falls within `first ... end`.
    public func covers(_ date: LocalDate) -> Bool {
        first <= date && date <= end
    }

    /// Whether any day of the span falls within `range`.
    public func overlaps(_ range: ClosedRange<LocalDate>) -> Bool {
        first <= range.upperBound && range.lowerBound <= end
    }

    /// Days between `date` and the nearest day of the span (0 when covered).
    public func distance(from date: LocalDate) -> Int {
        if date < first { return date.days(until: first) }
        if date > end { return end.days(until: date) }
        return 0
    }

    /// `2024-11-27`, `2024-09-25..2024-11-23`, or `..2024-01-26`.
    public var description: String {
        switch start {
        case nil: "..\(end.iso)"
        case let start? where start == end: end.iso
        case let start?: "\(start.iso)..\(end.iso)"
        }
    }
}

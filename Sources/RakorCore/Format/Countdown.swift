import Foundation

/// How far a date or a stage is from the reader's today, the way Indonesian
/// officials count: `H-5` is five days before day H.
///
/// | case | Indonesian | English |
/// |---|---|---|
/// | 5 days ahead | H-5 | H-5, in 5 days |
/// | tomorrow | H-1, besok | H-1, tomorrow |
/// | today (one-day stage) | H-0, hari ini | H-0, today |
/// | a range starting today | dimulai hari ini, s.d. H-3 | starts today, ends in 3 days |
/// | a range under way | sedang berlangsung, s.d. H-3 | in progress, ends in 3 days |
/// | its last day | hari terakhir, H-0 | last day, today |
/// | over | sudah lewat | past |
///
/// A range counts down to its first day while ahead and to its last day while
/// under way; a deadline whose start is unknown counts to that deadline.
/// "Today" is always the reader's local date: `Countdown.today(clock:zona:)`.
public enum Countdown: Sendable, Hashable {
    case upcoming(days: Int)
    case today
    case inProgress(daysLeft: Int, startedToday: Bool)
    case past(daysAgo: Int)

    /// Counting to one day.
    public init(today: LocalDate, until date: LocalDate) {
        self.init(today: today, span: DateSpan(day: date))
    }

    public init(today: LocalDate, span: DateSpan) {
        let first = span.first
        if today < first {
            self = .upcoming(days: today.days(until: first))
        } else if today > span.end {
            self = .past(daysAgo: span.end.days(until: today))
        } else if span.dayCount == 1 {
            self = .today
        } else {
            self = .inProgress(daysLeft: today.days(until: span.end), startedToday: today == first)
        }
    }

    /// Counting from the local date of `instant` in `zona`.
    public init(at instant: Date, zona: ZonaWaktu, span: DateSpan) {
        self.init(today: zona.localDate(at: instant), span: span)
    }

    /// The reader's today: the clock's instant as a date in their zone.
    public static func today(clock: some RakorClock, zona: ZonaWaktu) -> LocalDate {
        zona.localDate(at: clock.now())
    }

    public var label: Localized {
        switch self {
        case .upcoming(1):
            Localized(id: "H-1, besok", en: "H-1, tomorrow")
        case .upcoming(let days):
            Localized(id: "H-\(days)", en: "H-\(days), in \(days) days")
        case .today:
            Localized(id: "H-0, hari ini", en: "H-0, today")
        case .inProgress(0, _):
            Localized(id: "hari terakhir, H-0", en: "last day, today")
        case .inProgress(let left, let startedToday):
            Localized(id: "\(startedToday ? "dimulai hari ini" : "sedang berlangsung"), s.d. H-\(left)",
                      en: "\(startedToday ? "starts today" : "in progress"), ends \(left == 1 ? "tomorrow" : "in \(left) days")")
        case .past:
            Localized(id: "sudah lewat", en: "past")
        }
    }

    public func text(_ lang: Lang) -> String { label(lang) }

    public var isPast: Bool {
        if case .past = self { return true }
        return false
    }
}

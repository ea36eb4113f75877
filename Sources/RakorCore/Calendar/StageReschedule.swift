/// An integrator's (or an operator's) decision to move one stage, e.g.
/// Pilkada 2020 voting from 23 September to 9 December 2020 (Perppu 2/2020).
public struct StageReschedule: Sendable, Hashable {
    /// The calendar, as typed: looked up like `/jadwal` does (`Pilkada 2020`, `pilkada-2020`).
    public var calendarID: String
    public var stageID: String
    public var dates: DateSpan
    public var reason: String
    /// URL or citation of the decision.
    public var source: String

    public init(calendarID: String, stageID: String, dates: DateSpan, reason: String, source: String) {
        self.calendarID = calendarID
        self.stageID = stageID
        self.dates = dates
        self.reason = reason
        self.source = source
    }

    /// Moving a single-day stage to another day.
    public init(calendarID: String, stageID: String, date: LocalDate, reason: String, source: String) {
        self.init(calendarID: calendarID, stageID: stageID, dates: DateSpan(day: date),
                  reason: reason, source: source)
    }
}

/// What a reschedule changed: the stage as it is now and the dates it had.
public struct StageChange: Sendable, Hashable {
    public var calendarID: String
    public var calendarName: Localized
    /// The stage after the change (its `rescheduled` history ends with this change).
    public var stage: Tahapan
    public var previous: DateSpan
    public var reason: String
    public var source: String

    public init(calendarID: String, calendarName: Localized, stage: Tahapan, previous: DateSpan,
                reason: String, source: String) {
        self.calendarID = calendarID
        self.calendarName = calendarName
        self.stage = stage
        self.previous = previous
        self.reason = reason
        self.source = source
    }

    public var current: DateSpan { stage.dates }
}

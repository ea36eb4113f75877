import Foundation
import RakorCore

/// A change an integrator made to the election calendars, logged so it can be
/// replayed in order at start-up on top of the shipped calendars.
public struct CalendarChange: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A new (or replaced) election schedule: the calendar document as sent.
        case published(document: String)
        /// One stage moved: its new first and last day, why, and on whose authority.
        case rescheduled(stageID: String, start: LocalDate, end: LocalDate, reason: String?, source: String?)
    }

    /// The election calendar concerned (e.g. `pilkada2024`).
    public var calendarID: String
    public var kind: Kind
    /// The integrator event that carried it (CloudEvents `id`), if any.
    public var eventID: String?
    /// When it was applied.
    public var at: Date

    public init(calendarID: String, kind: Kind, eventID: String?, at: Date) {
        self.calendarID = calendarID
        self.kind = kind
        self.eventID = eventID
        self.at = at
    }
}

/// A logged change and its place in the log.
public struct LoggedCalendarChange: Sendable, Hashable {
    public var seq: Int64
    public var change: CalendarChange

    public init(seq: Int64, change: CalendarChange) {
        self.seq = seq
        self.change = change
    }
}

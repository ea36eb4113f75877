import Foundation
import GRDB
import RakorCore

/// The append-only log of integrator calendar changes.
public struct CalendarChangeRepository {
    let db: Database

    static let appendSQL = """
        INSERT INTO calendar_change (kind, calendar_id, document, stage_id, start_day, end_day, reason, source, event_id, at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let listSQL = """
        SELECT seq, kind, calendar_id, document, stage_id, start_day, end_day, reason, source, event_id, at
        FROM calendar_change WHERE seq > ? ORDER BY seq
        """

    /// Logs a change; returns its position in the log.
    @discardableResult
    public func append(_ change: CalendarChange) throws(StoreError) -> Int64 {
        switch change.kind {
        case .published(let document):
            try db.execute(Self.appendSQL, "published", change.calendarID, document, String?.none, Int64?.none,
                           Int64?.none, String?.none, String?.none, change.eventID, Stored.date(change.at))
        case .rescheduled(let stageID, let start, let end, let reason, let source):
            guard start <= end else {
                throw .invalidArgument("stage \(stageID) would end (\(end)) before it starts (\(start))")
            }
            try db.execute(Self.appendSQL, "rescheduled", change.calendarID, String?.none, stageID, Stored.day(start),
                           Stored.day(end), reason, source, change.eventID, Stored.date(change.at))
        }
        return db.insertedRowID
    }

    /// Every change after position `seq`, in the order they were applied.
    public func all(after seq: Int64 = 0) throws(StoreError) -> [LoggedCalendarChange] {
        var changes: [LoggedCalendarChange] = []
        try db.eachRow(Self.listSQL, seq) { row throws(StoreError) in
            let seq = try row.int64(0)
            let kind: CalendarChange.Kind
            switch try row.text(1) {
            case "published":
                kind = .published(document: row.optionalText(3) ?? "")
            case "rescheduled":
                guard let stage = row.optionalText(4), let start = row.optionalDay(5), let end = row.optionalDay(6) else {
                    throw .corruptValue(table: "calendar_change", column: "stage_id", value: "seq \(seq)")
                }
                kind = .rescheduled(stageID: stage, start: start, end: end, reason: row.optionalText(7),
                                    source: row.optionalText(8))
            case let other:
                throw .corruptValue(table: "calendar_change", column: "kind", value: other)
            }
            changes.append(LoggedCalendarChange(seq: seq, change: CalendarChange(
                calendarID: try row.text(2), kind: kind, eventID: row.optionalText(9), at: try row.date(10))))
        }
        return changes
    }
}

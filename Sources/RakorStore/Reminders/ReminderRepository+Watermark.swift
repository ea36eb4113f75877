import Foundation
import GRDB

extension ReminderRepository {
    /// The `meta` key the scheduler's watermark lives under.
    public static let watermarkKey = "scheduler.watermark"

    static let allSentSQL = "SELECT id, sent_at, late FROM reminder_sent ORDER BY id"

    /// The instant up to which the scheduler has looked (nil before its first
    /// run). Written in the same transaction as the reminders it sent, so a
    /// crash never separates "sent" from "looked at".
    public func watermark() throws(StoreError) -> Date? {
        guard let text = try MetaRepository(db: db).get(Self.watermarkKey) else { return nil }
        // Seconds since 2001-01-01 as Swift prints a Double: exact round trip.
        guard let seconds = Double(text), seconds.isFinite else {
            throw .corruptValue(table: "meta", column: Self.watermarkKey, value: text)
        }
        return Date(timeIntervalSinceReferenceDate: seconds)
    }

    public func setWatermark(_ instant: Date) throws(StoreError) {
        try MetaRepository(db: db).set(Self.watermarkKey, String(Stored.date(instant)))
    }

    /// Every reminder (and escalation) ever sent, by id: for operators and tests.
    public func all() throws(StoreError) -> [String: SentReminder] {
        var sent: [String: SentReminder] = [:]
        try db.eachRow(Self.allSentSQL) { row throws(StoreError) in
            sent[try row.text(0)] = SentReminder(sentAt: try row.date(1), late: try row.bool(2))
        }
        return sent
    }
}

import Foundation
import GRDB

/// When a reminder went out, and whether it was late (sent after its
/// planned time, e.g. after downtime).
public struct SentReminder: Sendable, Hashable {
    public var sentAt: Date
    public var late: Bool

    public init(sentAt: Date, late: Bool) {
        self.sentAt = sentAt
        self.late = late
    }
}

/// Reminders already sent, by reminder id (e.g. derived from the item and
/// the offset: `stage:pilkada2024/pemungutan:H-1`). Marking is idempotent, so
/// a scheduler that restarts, or runs twice, never sends one twice.
public struct ReminderRepository {
    let db: Database

    static let markSQL = "INSERT OR IGNORE INTO reminder_sent (id, sent_at, late) VALUES (?, ?, ?)"
    static let findSQL = "SELECT sent_at, late FROM reminder_sent WHERE id = ?"

    /// Marks the reminder sent; false (nothing changed) if it already was.
    @discardableResult
    public func markSent(id: String, at: Date, late: Bool = false) throws(StoreError) -> Bool {
        try db.execute(Self.markSQL, id, Stored.date(at), late) > 0
    }

    public func wasSent(id: String) throws(StoreError) -> Bool {
        try sent(id: id) != nil
    }

    /// When and how the reminder was sent, or nil if it was not.
    public func sent(id: String) throws(StoreError) -> SentReminder? {
        try db.firstRow(Self.findSQL, id) { row throws(StoreError) in
            SentReminder(sentAt: try row.date(0), late: try row.bool(1))
        }
    }
}

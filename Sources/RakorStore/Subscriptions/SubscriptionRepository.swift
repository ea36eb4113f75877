import Foundation
import GRDB

/// Which chats get an election's stage reminders (`/langganan`,
/// `/berhenti`), and which chats asked about an election (so a reschedule
/// notice reaches them even without a subscription).
public struct SubscriptionRepository {
    let db: Database

    static let subscribeSQL = "INSERT OR IGNORE INTO subscription (election, chat, since) VALUES (?, ?, ?)"
    static let unsubscribeSQL = "DELETE FROM subscription WHERE election = ? AND chat = ?"
    static let isSubscribedSQL = "SELECT 1 FROM subscription WHERE election = ? AND chat = ?"
    static let chatsSQL = "SELECT chat FROM subscription WHERE election = ? ORDER BY chat"
    static let electionsSQL = "SELECT election FROM subscription WHERE chat = ? ORDER BY election"
    static let recordInquirySQL = """
        INSERT INTO inquiry (election, chat, last_at) VALUES (?, ?, ?)
        ON CONFLICT (election, chat) DO UPDATE SET last_at = max(last_at, excluded.last_at)
        """
    static let inquiringChatsSQL = "SELECT chat FROM inquiry WHERE election = ? AND last_at >= ? ORDER BY chat"

    /// Subscribes `chat`; false if it already was.
    @discardableResult
    public func subscribe(chat: String, election: String, at: Date) throws(StoreError) -> Bool {
        try db.execute(Self.subscribeSQL, election, chat, Stored.date(at)) > 0
    }

    /// Unsubscribes `chat`; false if it was not subscribed.
    @discardableResult
    public func unsubscribe(chat: String, election: String) throws(StoreError) -> Bool {
        try db.execute(Self.unsubscribeSQL, election, chat) > 0
    }

    public func isSubscribed(chat: String, election: String) throws(StoreError) -> Bool {
        try db.firstRow(Self.isSubscribedSQL, election, chat) { _ throws(StoreError) in true } ?? false
    }

    /// The chats subscribed to an election, by chat id.
    public func chats(subscribedTo election: String) throws(StoreError) -> [String] {
        try strings(Self.chatsSQL, election)
    }

    /// The elections a chat is subscribed to, by election id.
    public func elections(subscribedBy chat: String) throws(StoreError) -> [String] {
        try strings(Self.electionsSQL, chat)
    }

    /// Notes that `chat` asked about `election` (keeps the latest time).
    public func recordInquiry(chat: String, election: String, at: Date) throws(StoreError) {
        try db.execute(Self.recordInquirySQL, election, chat, Stored.date(at))
    }

    /// The chats that asked about an election at or after `since` (all, if nil).
    public func chats(thatAsked election: String, since: Date? = nil) throws(StoreError) -> [String] {
        var chats: [String] = []
        let floor = since.map(Stored.date) ?? -Double.greatestFiniteMagnitude
        try db.eachRow(Self.inquiringChatsSQL, election, floor) { row throws(StoreError) in chats.append(try row.text(0)) }
        return chats
    }

    private func strings(_ sql: String, _ argument: String) throws(StoreError) -> [String] {
        var values: [String] = []
        try db.eachRow(sql, argument) { row throws(StoreError) in values.append(try row.text(0)) }
        return values
    }
}

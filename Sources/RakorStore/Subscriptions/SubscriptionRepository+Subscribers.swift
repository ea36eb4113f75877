import Foundation
import GRDB
import RakorCore

extension SubscriptionRepository {
    static let subscribeWithSubscriberSQL = """
        INSERT OR IGNORE INTO subscription (election, chat, since, zone, lang) VALUES (?, ?, ?, ?, ?)
        """
    static let allSQL = "SELECT election, chat, since, zone, lang FROM subscription ORDER BY election, chat"
    static let subscribersSQL = "SELECT election, chat, since, zone, lang FROM subscription WHERE election = ? ORDER BY chat"

    /// Subscribes `chat`, remembering the subscriber's zone and language (the
    /// scheduler's fallback for chats the directory does not place); false
    /// if the chat already was subscribed (the first subscriber's zone and
    /// language are kept).
    @discardableResult
    public func subscribe(chat: String, election: String, at: Date, zone: ZonaWaktu?,
                          lang: Lang?) throws(StoreError) -> Bool {
        try db.execute(Self.subscribeWithSubscriberSQL, election, chat, Stored.date(at), zone?.rawValue,
                       lang?.rawValue) > 0
    }

    /// Every subscription, by election then chat (the scheduler's fan-out).
    public func all() throws(StoreError) -> [Subscription] {
        var rows: [Subscription] = []
        try db.eachRow(Self.allSQL) { row throws(StoreError) in rows.append(try Self.decodeSubscription(row)) }
        return rows
    }

    /// The subscriptions to one election, by chat.
    public func subscribers(of election: String) throws(StoreError) -> [Subscription] {
        var rows: [Subscription] = []
        try db.eachRow(Self.subscribersSQL, election) { row throws(StoreError) in
            rows.append(try Self.decodeSubscription(row))
        }
        return rows
    }

    static func decodeSubscription(_ row: SQLRow) throws(StoreError) -> Subscription {
        Subscription(election: try row.text(0), chat: try row.text(1), since: try row.date(2),
                     zone: try row.optionalEnumeration(3, "subscription", "zone"),
                     lang: try row.optionalEnumeration(4, "subscription", "lang"))
    }
}

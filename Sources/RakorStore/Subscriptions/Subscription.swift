import Foundation
import RakorCore

/// One chat's subscription to an election's stage reminders, with what was
/// known about the subscriber when it was made.
public struct Subscription: Sendable, Hashable {
    /// The election calendar id (e.g. `pilkada2024`).
    public var election: String
    public var chat: String
    /// When the chat subscribed: reminders planned before this are never sent.
    public var since: Date
    /// The subscriber's organisation's zone, for a chat the directory does
    /// not place (nil: unknown, e.g. a subscription older than the column).
    public var zone: ZonaWaktu?
    /// The language the subscriber was answered in (nil: unknown).
    public var lang: Lang?

    public init(election: String, chat: String, since: Date, zone: ZonaWaktu? = nil, lang: Lang? = nil) {
        self.election = election
        self.chat = chat
        self.since = since
        self.zone = zone
        self.lang = lang
    }
}

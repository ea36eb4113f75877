/// The contract's topics, with the deployment's prefix (e.g. `prod.`) in front.
/// The outbox stores logical names; only the Kafka edge adds the prefix, so a
/// prefix change never strands committed messages.
public struct TopicNames: Sendable, Hashable {
    public static let commands = "rakor.commands"
    public static let events = "rakor.events"
    public static let replies = "rakor.replies"
    public static let audit = "rakor.audit"
    public static let deadletter = "rakor.deadletter"
    public static let all = [commands, events, replies, audit, deadletter]

    public let prefix: String

    public init(prefix: String = "") {
        self.prefix = prefix
    }

    public func physical(_ logical: String) -> String { prefix + logical }

    /// The logical name of a prefixed topic, or nil if it is not ours.
    public func logical(_ physical: String) -> String? {
        guard physical.hasPrefix(prefix) else { return nil }
        let name = String(physical.dropFirst(prefix.count))
        return TopicNames.all.contains(name) ? name : nil
    }

    public var commands: String { physical(Self.commands) }
    public var events: String { physical(Self.events) }
    public var replies: String { physical(Self.replies) }
    public var audit: String { physical(Self.audit) }
    public var deadletter: String { physical(Self.deadletter) }
    /// What the bot consumes.
    public var inputs: [String] { [commands, events] }
}

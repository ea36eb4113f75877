import Kafka

/// How each of the contract's topics is laid out on a real cluster: partition
/// count and replication factor from `TopicSettings`, retention by topic.
///
/// | topic | retention | why |
/// |---|---|---|
/// | `rakor.commands` | 7 days | input; the bot answers within seconds, a week covers any outage |
/// | `rakor.events` | 30 days | integrator input; kept longer for the integrators' own checks |
/// | `rakor.replies` | 7 days | output to the chat bridge, consumed at once |
/// | `rakor.audit` | forever (`retention.ms=-1`, `retention.bytes=-1`) | the tamper-evident trail supervisors verify end to end |
/// | `rakor.deadletter` | 90 days | refused input kept byte for byte for investigation |
///
/// Every topic: `cleanup.policy=delete` (compaction would break the audit
/// hash chain and lose commands) and `min.insync.replicas=min(2, replication factor)`
/// so that, with the producer's `acks=all`, a write survives losing one broker.
public enum TopicLayout {
    static let day: Int64 = 86_400_000

    /// `retention.ms` per logical topic (-1: forever).
    public static let retentionMilliseconds: [String: Int64] = [
        TopicNames.commands: 7 * day,
        TopicNames.events: 30 * day,
        TopicNames.replies: 7 * day,
        TopicNames.audit: -1,
        TopicNames.deadletter: 90 * day,
    ]

    /// The dead-letter topic must keep records at least this long.
    public static let minimumDeadLetterRetention: Int64 = 30 * day

    /// The topics to create, in contract order, prefixed.
    public static func newTopics(names: TopicNames, settings: TopicSettings) -> [NewTopic] {
        TopicNames.all.map { logical in
            var configs: [String: String] = [
                "cleanup.policy": "delete",
                "retention.ms": String(retentionMilliseconds[logical] ?? 7 * day),
                "min.insync.replicas": String(min(2, settings.replicationFactor)),
            ]
            if logical == TopicNames.audit { configs["retention.bytes"] = "-1" }
            return NewTopic(name: names.physical(logical), partitions: settings.partitions,
                            replicationFactor: settings.replicationFactor, configs: configs)
        }
    }

    /// The validated CreateTopics request `rakorbot topics create` sends.
    public static func createRequest(names: TopicNames, settings: TopicSettings,
                                     timeout: Duration = .seconds(30)) throws(KafkaError) -> CreateTopicsRequest {
        try CreateTopicsRequest(topics: newTopics(names: names, settings: settings), operationTimeout: timeout,
                                requestTimeout: timeout)
    }

    /// `604800000` → `7 days`, `-1` → `forever`.
    public static func describe(retention milliseconds: Int64) -> String {
        if milliseconds < 0 { return "forever" }
        if milliseconds % day == 0 { return milliseconds == day ? "1 day" : "\(milliseconds / day) days" }
        if milliseconds % 3_600_000 == 0 { return "\(milliseconds / 3_600_000) h" }
        return "\(milliseconds) ms"
    }
}

import Kafka

/// A topic as the cluster shows it, reduced to what the check compares.
public struct ObservedTopic: Sendable, Hashable {
    public var name: String
    public var exists: Bool
    public var partitions: Int
    public var replicationFactor: Int
    /// Topic configs from DescribeConfigs; nil when the cluster would not say
    /// (with the reason in `configsUnavailable`).
    public var configs: [String: String]?
    public var configsUnavailable: String?

    public init(name: String, exists: Bool, partitions: Int = 0, replicationFactor: Int = 0,
                configs: [String: String]? = nil, configsUnavailable: String? = nil) {
        self.name = name
        self.exists = exists
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
        self.configsUnavailable = configsUnavailable
    }

    /// `retention.ms` if known.
    public var retentionMilliseconds: Int64? { configs?["retention.ms"].flatMap { Int64($0) } }
}

/// Something the check found about a topic.
public struct TopicFinding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// Misconfigured or missing: the operator should act.
        case warning
        /// Worth knowing, nothing wrong (e.g. configs could not be read).
        case info
    }

    public var topic: String
    public var severity: Severity
    public var message: String

    public var description: String { "\(severity.rawValue): \(topic): \(message)" }
}

/// Compares the cluster's topics with `TopicLayout`. Pure, so every rule is
/// unit-tested; `TopicInspector` gathers the observations.
public enum TopicCheck {
    public static func findings(expected: [NewTopic], observed: [ObservedTopic]) -> [TopicFinding] {
        let byName = Dictionary(observed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [TopicFinding] = []
        for topic in expected {
            func add(_ severity: TopicFinding.Severity, _ message: String) {
                findings.append(TopicFinding(topic: topic.name, severity: severity, message: message))
            }
            guard let seen = byName[topic.name], seen.exists else {
                add(.warning, "missing: create it with `rakorbot topics create` (a broker that auto-creates it would use its own defaults, e.g. 7-day retention for the audit trail)")
                continue
            }
            if seen.partitions != Int(topic.partitions) {
                add(.warning, "has \(seen.partitions) partitions, the configuration says \(topic.partitions) (topics.partitions)")
            }
            if seen.replicationFactor < Int(topic.replicationFactor) {
                add(.warning, "has \(seen.replicationFactor) replica(s), fewer than the configured \(topic.replicationFactor): losing a broker may lose data")
            }
            guard let configs = seen.configs else {
                add(.info, "retention not checked: \(seen.configsUnavailable ?? "topic configs unavailable")")
                continue
            }
            let retention = configs["retention.ms"].flatMap { Int64($0) }
            if topic.name.hasSuffix(TopicNames.audit) {
                if retention != -1 {
                    add(.warning, "retention.ms is \(retention.map(TopicLayout.describe(retention:)) ?? "unset"): the audit trail must be kept forever (retention.ms=-1), or the hash chain loses its beginning")
                }
                if let bytes = configs["retention.bytes"].flatMap({ Int64($0) }), bytes >= 0 {
                    add(.warning, "retention.bytes is \(bytes): the audit trail must never be deleted by size (retention.bytes=-1)")
                }
            } else if topic.name.hasSuffix(TopicNames.deadletter), let retention, retention >= 0,
                      retention < TopicLayout.minimumDeadLetterRetention {
                add(.warning, "retention.ms is \(TopicLayout.describe(retention: retention)): refused input should be kept at least \(TopicLayout.describe(retention: TopicLayout.minimumDeadLetterRetention)) for investigation")
            }
            if let policy = configs["cleanup.policy"], policy.contains("compact") {
                add(.warning, "cleanup.policy is \(policy): compaction keeps only the last record per key and would break the audit chain and lose commands; use delete")
            }
        }
        return findings
    }
}

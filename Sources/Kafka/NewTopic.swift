/// A topic to create (through `KafkaAdmin.createTopics` or
/// `EmbeddedKafka.createTopic`), validated before anything is sent.
public struct NewTopic: Sendable, Hashable {
    public var name: String
    public var partitions: Int32
    public var replicationFactor: Int32
    /// Topic configs, e.g. `retention.ms`, `cleanup.policy`.
    public var configs: [String: String]

    public init(name: String, partitions: Int32, replicationFactor: Int32, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }

    /// Kafka's own rules (topic names: 1–249 of `[A-Za-z0-9._-]`, not `.`/`..`)
    /// plus value checks for the configs this project sets.
    public func validate() throws(KafkaError) {
        guard !name.isEmpty, name.utf8.count <= 249 else {
            throw KafkaError.invalidArgument("topic name must be 1 to 249 characters, got \(name.utf8.count)")
        }
        guard name != ".", name != ".." else {
            throw KafkaError.invalidArgument("topic name cannot be \"\(name)\"")
        }
        for byte in name.utf8 {
            let allowed = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2E || byte == 0x5F || byte == 0x2D
            guard allowed else {
                throw KafkaError.invalidArgument("topic name \"\(name)\" may only contain letters, digits, '.', '_' and '-'")
            }
        }
        guard partitions >= 1 else {
            throw KafkaError(code: .invalidPartitions, message: "topic \(name): partitions must be at least 1, got \(partitions)")
        }
        guard replicationFactor >= 1 else {
            throw KafkaError(
                code: .invalidReplicationFactor,
                message: "topic \(name): replication factor must be at least 1, got \(replicationFactor)")
        }
        for (key, value) in configs.sorted(by: { $0.key < $1.key }) {
            try Self.validate(config: key, value: value, topic: name)
        }
    }

    private static let integerConfigs: Set<String> = [
        "retention.ms", "retention.bytes", "segment.ms", "segment.bytes", "min.insync.replicas",
        "max.message.bytes", "delete.retention.ms", "min.compaction.lag.ms",
    ]

    private static func validate(config key: String, value: String, topic: String) throws(KafkaError) {
        guard !key.isEmpty else { throw KafkaError(code: .invalidConfig, message: "topic \(topic): empty config name") }
        if integerConfigs.contains(key) {
            guard let number = Int64(value), number >= -1 else {
                throw KafkaError(code: .invalidConfig, message: "topic \(topic): \(key) must be an integer ≥ -1, got \"\(value)\"")
            }
        }
        if key == "cleanup.policy" {
            let parts = value.split(separator: ",").map { $0.trimmingWhitespace() }
            guard !parts.isEmpty, parts.allSatisfy({ $0 == "delete" || $0 == "compact" }) else {
                throw KafkaError(
                    code: .invalidConfig, message: "topic \(topic): cleanup.policy must be delete, compact or both, got \"\(value)\"")
            }
        }
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var slice = self
        while let first = slice.first, first == " " { slice = slice.dropFirst() }
        while let last = slice.last, last == " " { slice = slice.dropLast() }
        return slice
    }
}

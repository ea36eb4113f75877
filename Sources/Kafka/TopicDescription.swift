/// One partition of a topic, from cluster metadata.
public struct PartitionDescription: Sendable, Hashable {
    public let id: Int32
    /// Leader broker id, or -1 when there is none.
    public let leader: Int32
    public let replicas: [Int32]
    public let inSyncReplicas: [Int32]
    public let error: KafkaError?
}

/// A topic as the cluster's metadata describes it.
public struct TopicDescription: Sendable, Hashable {
    public let name: String
    /// Sorted by id.
    public let partitions: [PartitionDescription]
    /// e.g. `.unknownTopicOrPartition` for a topic that does not exist.
    public let error: KafkaError?

    /// The replication factor (replicas of the first partition), 0 if unknown.
    public var replicationFactor: Int { partitions.first?.replicas.count ?? 0 }
}

/// A broker as the cluster's metadata describes it.
public struct BrokerDescription: Sendable, Hashable {
    public let id: Int32
    public let host: String
    public let port: Int32
}

/// The cluster as its metadata describes it.
public struct ClusterDescription: Sendable, Hashable {
    /// Sorted by id.
    public let brokers: [BrokerDescription]
    /// Sorted by name.
    public let topics: [TopicDescription]
}

/// One topic config value (`DescribeConfigs`).
public struct TopicConfigEntry: Sendable, Hashable {
    public let name: String
    /// `nil` for sensitive or unset values.
    public let value: String?
    public let isDefault: Bool
    public let isReadOnly: Bool
    public let isSensitive: Bool
}

/// The per-topic outcome of `KafkaAdmin.createTopics`.
public struct TopicCreationResult: Sendable, Hashable {
    public let name: String
    public let error: KafkaError?

    /// Created now, or already there (what start-up code usually wants).
    public var isCreatedOrExists: Bool { error == nil || error?.code == .topicAlreadyExists }
}

/// The application's part in group rebalances. All methods are called
/// synchronously on the consumer thread, inside librdkafka's rebalance callback.
public protocol KafkaRebalanceHandler: Sendable {
    /// `partitions` were just added to this consumer's assignment.
    func partitionsAssigned(_ partitions: [TopicPartition])

    /// `partitions` are about to be taken away. Records of them that were
    /// buffered but not yet handed out are already dropped (they will be
    /// redelivered to the next owner from the committed offset). Finish or
    /// abandon in-flight work for them and call `KafkaConsumer.storeOffsets`
    /// for what is done, then return. Blocking is allowed but must be bounded:
    /// the whole group waits. Afterwards the consumer commits the stored
    /// offsets synchronously and unassigns the partitions.
    func partitionsRevoked(_ partitions: [TopicPartition])

    /// `partitions` were lost (session timeout, fencing): another member may
    /// already own them, so nothing is committed. Default: `partitionsRevoked`.
    func partitionsLost(_ partitions: [TopicPartition])
}

extension KafkaRebalanceHandler {
    public func partitionsAssigned(_ partitions: [TopicPartition]) {}
    public func partitionsLost(_ partitions: [TopicPartition]) { partitionsRevoked(partitions) }
}

/// A `KafkaRebalanceHandler` made of closures.
public struct RebalanceCallbacks: KafkaRebalanceHandler {
    public var onAssigned: @Sendable ([TopicPartition]) -> Void
    public var onRevoked: @Sendable ([TopicPartition]) -> Void
    public var onLost: (@Sendable ([TopicPartition]) -> Void)?

    public init(
        onAssigned: @escaping @Sendable ([TopicPartition]) -> Void = { _ in },
        onRevoked: @escaping @Sendable ([TopicPartition]) -> Void = { _ in },
        onLost: (@Sendable ([TopicPartition]) -> Void)? = nil
    ) {
        self.onAssigned = onAssigned
        self.onRevoked = onRevoked
        self.onLost = onLost
    }

    public func partitionsAssigned(_ partitions: [TopicPartition]) { onAssigned(partitions) }
    public func partitionsRevoked(_ partitions: [TopicPartition]) { onRevoked(partitions) }
    public func partitionsLost(_ partitions: [TopicPartition]) { (onLost ?? onRevoked)(partitions) }
}

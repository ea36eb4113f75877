/// Consumer progress on one assigned partition, for metrics.
public struct PartitionLag: Sendable, Hashable {
    public let topicPartition: TopicPartition
    /// The next offset the consumer thread will take (records already handed
    /// to the application count as consumed); `nil` before the first record.
    public let position: Int64?
    /// The partition's end offset as last seen in a fetch; `nil` if unknown.
    public let highWatermark: Int64?

    public init(topicPartition: TopicPartition, position: Int64?, highWatermark: Int64?) {
        self.topicPartition = topicPartition
        self.position = position
        self.highWatermark = highWatermark
    }

    /// `highWatermark - position`, when both are known.
    public var lag: Int64? {
        guard let position, let highWatermark else { return nil }
        return max(0, highWatermark - position)
    }
}

/// A stored offset librdkafka refused (typically: the partition is no longer assigned).
public struct OffsetStoreFailure: Sendable, Hashable {
    public let offset: TopicPartitionOffset
    public let error: KafkaError

    public init(offset: TopicPartitionOffset, error: KafkaError) {
        self.offset = offset
        self.error = error
    }
}

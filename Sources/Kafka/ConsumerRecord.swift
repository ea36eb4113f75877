/// A record's timestamp as stored by Kafka.
public struct KafkaTimestamp: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Set by the producer.
        case createTime
        /// Set by the broker when appended.
        case logAppendTime
    }

    /// Milliseconds since the Unix epoch.
    public let milliseconds: Int64
    public let kind: Kind

    public init(milliseconds: Int64, kind: Kind) {
        self.milliseconds = milliseconds
        self.kind = kind
    }
}

/// One consumed record.
///
/// `key`, `value` and header values are views into one buffer shared by the
/// whole `ConsumerBatch` (a batch costs one byte allocation, not one per record).
/// Holding any record keeps that batch buffer alive.
public struct ConsumerRecord: Sendable, Hashable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let timestamp: KafkaTimestamp?
    /// `nil` is a null key.
    public let key: ArraySlice<UInt8>?
    /// `nil` is a null value (tombstone); empty is an empty value.
    public let value: ArraySlice<UInt8>?
    public let headers: [KafkaHeader]

    public init(
        topic: String, partition: Int32, offset: Int64, timestamp: KafkaTimestamp?,
        key: ArraySlice<UInt8>?, value: ArraySlice<UInt8>?, headers: [KafkaHeader]
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }

    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }

    /// The offset to store once this record is fully handled (`offset + 1`).
    public var nextOffset: TopicPartitionOffset {
        TopicPartitionOffset(topic: topic, partition: partition, offset: offset + 1)
    }
}

/// A per-partition consumption error (`rkmessage->err`), reported in a batch
/// instead of crashing or being dropped.
public struct ConsumerError: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The committed/fetch position was outside the log (e.g. the log was
        /// truncated). Consumption continues from `resetTo`; records between
        /// `offset` and the new position may have been lost: log, count and audit.
        case offsetReset(resetTo: OffsetResetPolicy)
        /// Any other error from librdkafka for this topic/partition (or the client).
        case other
    }

    /// `nil` for client-level errors.
    public let topic: String?
    public let partition: Int32
    /// The offset the error refers to, or a negative logical offset when unknown.
    public let offset: Int64
    public let error: KafkaError
    public let kind: Kind

    public init(topic: String?, partition: Int32, offset: Int64, error: KafkaError, kind: Kind) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.error = error
        self.kind = kind
    }

    public var isOffsetReset: Bool {
        if case .offsetReset = kind { return true }
        return false
    }

    public var description: String {
        "\(topic ?? "-")[\(partition)]@\(offset): \(error)"
    }
}

/// What to do when there is no valid position for a partition.
public enum OffsetResetPolicy: String, Sendable, Hashable {
    /// Start from the earliest available offset (log start).
    case earliest
    /// Start from the end (only new records).
    case latest
    /// Stop consuming the partition (the error is still reported).
    case none
}

/// What one poll of the consumer thread hands to Swift: the records (in
/// offset order per partition) and any per-partition errors.
public struct ConsumerBatch: Sendable {
    public let records: [ConsumerRecord]
    public let errors: [ConsumerError]
    /// Per partition, the offset to store once every record of this batch is
    /// handled: the highest offset + 1. Sorted by topic and partition.
    public let nextOffsets: [TopicPartitionOffset]

    public init(records: [ConsumerRecord], errors: [ConsumerError]) {
        self.records = records
        self.errors = errors
        var highest: [TopicPartition: Int64] = [:]
        for record in records {
            let key = record.topicPartition
            if let current = highest[key], current >= record.offset { continue }
            highest[key] = record.offset
        }
        self.nextOffsets = highest.sorted { $0.key < $1.key }.map {
            TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value + 1)
        }
    }

    /// For the consumer thread, which computes `nextOffsets` while building.
    init(records: [ConsumerRecord], errors: [ConsumerError], nextOffsets: [TopicPartitionOffset]) {
        self.records = records
        self.errors = errors
        self.nextOffsets = nextOffsets
    }

    public var isEmpty: Bool { records.isEmpty && errors.isEmpty }

    /// This batch without the records of `partitions` (errors are kept: they
    /// are reports, not work).
    func removing(partitions: Set<TopicPartition>) -> ConsumerBatch {
        ConsumerBatch(
            records: records.filter { !partitions.contains($0.topicPartition) },
            errors: errors,
            nextOffsets: nextOffsets.filter { !partitions.contains($0.topicPartition) })
    }

    /// This batch with more errors appended.
    func appending(errors more: [ConsumerError]) -> ConsumerBatch {
        ConsumerBatch(records: records, errors: errors + more, nextOffsets: nextOffsets)
    }
}

import Synchronization

/// Counters of a `KafkaProducer` since it started, for metrics.
public struct ProducerStatistics: Sendable, Hashable {
    /// Records reported delivered.
    public var delivered: Int
    /// Records reported failed (including enqueue-time rejections and purges).
    public var failed: Int
    /// Times a `send` had to wait because librdkafka's queue was full.
    public var queueFullWaits: Int
}

/// Counters of a `KafkaConsumer` since it started, for metrics.
public struct ConsumerStatistics: Sendable, Hashable {
    /// Records handed to the hand-off (not counting later drops).
    public var recordsFetched: Int
    public var batchesFetched: Int
    /// Times the consumer thread paused its partitions because the hand-off was full.
    public var backpressurePauses: Int
    /// Offset-out-of-range resets (also reported in `ConsumerBatch.errors`).
    public var offsetResets: Int
    /// Buffered records dropped because their partition was revoked.
    public var recordsDroppedOnRevoke: Int
}

/// Lock-free counters of a producer (written by its threads, read anywhere).
final class ProducerCounters: Sendable {
    let delivered = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let queueFullWaits = Atomic<Int>(0)

    var snapshot: ProducerStatistics {
        ProducerStatistics(
            delivered: delivered.load(ordering: .relaxed), failed: failed.load(ordering: .relaxed),
            queueFullWaits: queueFullWaits.load(ordering: .relaxed))
    }
}

/// Lock-free counters of a consumer (written by its thread, read anywhere).
final class ConsumerCounters: Sendable {
    let recordsFetched = Atomic<Int>(0)
    let batchesFetched = Atomic<Int>(0)
    let backpressurePauses = Atomic<Int>(0)
    let offsetResets = Atomic<Int>(0)
    let recordsDroppedOnRevoke = Atomic<Int>(0)

    var snapshot: ConsumerStatistics {
        ConsumerStatistics(
            recordsFetched: recordsFetched.load(ordering: .relaxed),
            batchesFetched: batchesFetched.load(ordering: .relaxed),
            backpressurePauses: backpressurePauses.load(ordering: .relaxed),
            offsetResets: offsetResets.load(ordering: .relaxed),
            recordsDroppedOnRevoke: recordsDroppedOnRevoke.load(ordering: .relaxed))
    }
}

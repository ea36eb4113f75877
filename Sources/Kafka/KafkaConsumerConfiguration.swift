/// Configuration of a `KafkaConsumer` (a high-level group consumer).
///
/// Starts from `defaultProperties`; `properties` override them and pass
/// through to librdkafka, except for the few this layer's contract depends on
/// (see `nativeProperties`).
public struct KafkaConsumerConfiguration: KafkaClientConfiguration {
    public static let defaultProperties: [String: String] = [
        "partition.assignment.strategy": "cooperative-sticky",
        // The application stores offsets itself once its outputs are delivered…
        "enable.auto.offset.store": "false",
        // …and librdkafka commits what was stored.
        "enable.auto.commit": "true",
        "enable.partition.eof": "false",
        "auto.offset.reset": "earliest",
        // A resumed partition's fetch waits for the broker's in-flight long
        // poll; a short one keeps pause/resume (backpressure) cheap.
        "fetch.wait.max.ms": "100",
        // With the consumer queue forwarding (rd_kafka_poll_set_consumer),
        // librdkafka compares the *shared* queue (all partitions) against this
        // per-partition threshold and, once exceeded, stops fetching every
        // partition for about a second. The default (100000) is reached within
        // a fraction of a second at full speed; the byte bound
        // (queued.max.messages.kbytes, 64 MiB) still limits prefetch memory.
        "queued.min.messages": "1000000",
    ]

    public var properties: [String: String]
    public var topics: [String]
    /// The most records one `ConsumerBatch` holds.
    public var maxBatchSize: Int = 4096
    /// How many batches may wait between the consumer thread and the reader
    /// before the thread pauses its partitions (backpressure).
    public var handoffCapacity: Int = 4
    /// When the hand-off is full, how long the consumer thread waits for the
    /// reader before pausing its partitions. Pausing discards librdkafka's
    /// prefetched records (they are fetched again on resume), so a reader that
    /// is only briefly behind should not trigger it. Callbacks (rebalances)
    /// wait at most this long.
    public var backpressureGrace: Duration = .milliseconds(250)
    /// How long the consumer thread blocks waiting for records per poll.
    public var pollTimeout: Duration = .milliseconds(100)
    /// Bound for fetching committed offsets when partitions are assigned.
    public var committedOffsetsTimeout: Duration = .seconds(10)

    public init(bootstrapServers: String, groupID: String, topics: [String], properties: [String: String] = [:]) {
        var merged = Self.defaultProperties
        merged["bootstrap.servers"] = bootstrapServers
        merged["group.id"] = groupID
        merged.merge(properties) { _, new in new }
        self.properties = merged
        self.topics = topics
    }

    public var groupID: String? {
        get { properties["group.id"] }
        set { properties["group.id"] = newValue }
    }

    /// Where to start when a partition has no committed offset or its offset is
    /// out of range, from `auto.offset.reset` (`earliest`/`smallest`/`beginning`,
    /// `latest`/`largest`/`end`, or `error` → `.none`). `nil` if unrecognised.
    public var offsetResetPolicy: OffsetResetPolicy? {
        switch properties["auto.offset.reset"]?.lowercased() ?? "earliest" {
        case "earliest", "smallest", "beginning": return .earliest
        case "latest", "largest", "end": return .latest
        case "error": return OffsetResetPolicy.none
        default: return nil
        }
    }

    /// What librdkafka receives. Forced on top of `properties`:
    /// - `auto.offset.reset=error`: librdkafka then reports every reset to this
    ///   layer, which reports it in a batch and applies `offsetResetPolicy`
    ///   itself (librdkafka would otherwise reset silently, only logging it);
    /// - `enable.auto.offset.store=false`: offsets are stored only by `storeOffsets`;
    /// - `enable.partition.eof=false`;
    /// - `log.queue=true`: logs are served on the consumer thread.
    var nativeProperties: [String: String] {
        var native = properties
        native["auto.offset.reset"] = "error"
        native["enable.auto.offset.store"] = "false"
        native["enable.partition.eof"] = "false"
        native["log.queue"] = "true"
        return native
    }
}

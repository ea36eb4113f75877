/// Configuration of a `KafkaProducer`.
///
/// Starts from `defaultProperties` (idempotent, `acks=all`, batching tuned for
/// throughput); anything in `properties` overrides them and is passed to
/// librdkafka as is.
public struct KafkaProducerConfiguration: KafkaClientConfiguration {
    public static let defaultProperties: [String: String] = [
        "enable.idempotence": "true",
        "acks": "all",
        // A few milliseconds of linger turns many small sends into large
        // ProduceRequests; that is where librdkafka's throughput comes from.
        "linger.ms": "5",
        "batch.num.messages": "10000",
        "queue.buffering.max.messages": "100000",
        "queue.buffering.max.kbytes": "1048576",
    ]

    public var properties: [String: String]
    /// The most delivery reports handed to one `onDelivery` call.
    public var maxReportsPerCallback: Int = 10_000
    /// How long the event thread blocks in `rd_kafka_queue_poll` per wait
    /// (bounds how quickly it notices shutdown; reports wake it immediately).
    public var pollTimeout: Duration = .milliseconds(100)

    public init(bootstrapServers: String, properties: [String: String] = [:]) {
        var merged = Self.defaultProperties
        merged["bootstrap.servers"] = bootstrapServers
        merged.merge(properties) { _, new in new }
        self.properties = merged
    }

    public var lingerMilliseconds: Int? {
        get { properties["linger.ms"].flatMap { Int($0) } }
        set { properties["linger.ms"] = newValue.map(String.init) }
    }

    public var batchNumMessages: Int? {
        get { properties["batch.num.messages"].flatMap { Int($0) } }
        set { properties["batch.num.messages"] = newValue.map(String.init) }
    }

    /// librdkafka's local queue bound; when full, `send` waits (backpressure).
    public var queueBufferingMaxMessages: Int? {
        get { properties["queue.buffering.max.messages"].flatMap { Int($0) } }
        set { properties["queue.buffering.max.messages"] = newValue.map(String.init) }
    }

    /// How long librdkafka keeps retrying a record before reporting it failed.
    public var messageTimeoutMilliseconds: Int? {
        get { properties["message.timeout.ms"].flatMap { Int($0) } }
        set { properties["message.timeout.ms"] = newValue.map(String.init) }
    }

    public var isIdempotent: Bool {
        get { properties["enable.idempotence"] == "true" }
        set { properties["enable.idempotence"] = newValue ? "true" : "false" }
    }

    /// What librdkafka actually receives: `properties` plus what this layer
    /// relies on (logs served on the event thread; a report for every record).
    var nativeProperties: [String: String] {
        var native = properties
        native["log.queue"] = "true"
        native["delivery.report.only.error"] = "false"
        return native
    }
}

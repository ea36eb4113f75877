/// Every metric rakorbot exports, with its Prometheus help text. The names
/// are part of the operations contract (dashboards and alerts use them):
/// add, never rename.
public enum MetricNames {
    public static let commands = "rakor_commands_total"
    public static let events = "rakor_events_total"
    public static let duplicates = "rakor_duplicates_total"
    public static let deadLetter = "rakor_deadletter_total"
    public static let rateLimited = "rakor_rate_limited_total"
    public static let offsetResets = "rakor_offset_resets_total"
    public static let notices = "rakor_notices_total"
    public static let auditSequence = "rakor_audit_sequence"
    public static let batch = "rakor_batch_seconds"
    public static let batchFailures = "rakor_batch_failures_total"
    public static let publishFailures = "rakor_publish_failures_total"
    public static let endToEnd = "rakor_end_to_end_seconds"
    public static let consumerLag = "rakor_consumer_lag"
    public static let assignedPartitions = "rakor_consumer_assigned_partitions"
    public static let outboxInFlight = "rakor_outbox_in_flight"
    public static let outboxRows = "rakor_outbox_rows"
    public static let ready = "rakor_ready"
    public static let brokersDown = "rakor_kafka_all_brokers_down"

    /// Name → `# HELP` text.
    public static let help: [String: String] = [
        commands: "Commands handled, by command and outcome (ok or the error code).",
        events: "Integrator events handled, by type and outcome (ok or the error code).",
        duplicates: "Redelivered commands and events answered from the ledger (no effect applied twice).",
        deadLetter: "Records written to the dead-letter topic.",
        rateLimited: "Commands refused with rate_limited.",
        offsetResets: "Partition logs truncated under the consumer (offset out of range), audited as notices.",
        notices: "Notices (unsolicited messages) published.",
        auditSequence: "Sequence number of the last audit event of this bot's chain.",
        batch: "Time to process and commit one consumed batch.",
        batchFailures: "Batches whose store transaction failed and was retried.",
        publishFailures: "Committed outbox rows that could not be handed to the producer (they stay in the outbox).",
        endToEnd: "Record timestamp (when the bridge produced it) to the delivery of every reply and audit event it caused.",
        consumerLag: "Records not yet consumed, per input partition (high watermark minus position).",
        assignedPartitions: "Input partitions assigned to this bot by the consumer group.",
        outboxInFlight: "Outbox rows handed to the producer and not yet acknowledged.",
        outboxRows: "Rows in the stored outbox (waiting for delivery, or delivered and not yet deleted).",
        ready: "1 when /readyz answers 200 (partitions assigned, producer and consumer healthy), else 0.",
        brokersDown: "1 while the named client (producer, consumer) reports all brokers down.",
    ]

    /// Histogram buckets: a command is answered in milliseconds when all is
    /// well; the tail up to a minute shows broker trouble and backlogs.
    public static let endToEndBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]

    /// One SQLite transaction (with its fsync) for a batch.
    public static let batchBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5),
    ]
}

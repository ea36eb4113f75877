import CoreMetrics
import Foundation

/// The pipeline's metrics, through swift-metrics (a no-op until a backend
/// such as Prometheus is bootstrapped). Names follow Prometheus conventions.
///
/// | metric | kind | labels |
/// |---|---|---|
/// | `rakor_commands_total` | counter | `command`, `outcome` (`ok` or error code) |
/// | `rakor_events_total` | counter | `type`, `outcome` |
/// | `rakor_duplicates_total` | counter | |
/// | `rakor_deadletter_total` | counter | |
/// | `rakor_rate_limited_total` | counter | |
/// | `rakor_offset_resets_total` | counter | |
/// | `rakor_notices_total` | counter | |
/// | `rakor_audit_sequence` | gauge | |
/// | `rakor_batch_seconds` | timer | |
/// | `rakor_batch_failures_total` | counter | |
/// | `rakor_publish_failures_total` | counter | |
/// | `rakor_end_to_end_seconds` | timer (histogram) | record timestamp → all outputs delivered |
struct PipelineMetrics: Sendable {
    private let duplicates = Counter(label: "rakor_duplicates_total")
    private let deadLettered = Counter(label: "rakor_deadletter_total")
    private let rateLimited = Counter(label: "rakor_rate_limited_total")
    private let offsetResets = Counter(label: "rakor_offset_resets_total")
    private let notices = Counter(label: "rakor_notices_total")
    private let auditSequence = Gauge(label: "rakor_audit_sequence")
    private let batchTime = Timer(label: "rakor_batch_seconds", preferredDisplayUnit: .seconds)
    private let batchFailures = Counter(label: "rakor_batch_failures_total")
    private let publishFailures = Counter(label: "rakor_publish_failures_total")
    private let endToEnd = Timer(label: "rakor_end_to_end_seconds", preferredDisplayUnit: .seconds)

    init() {}

    func batchCommitted(_ tally: BatchTally, records: Int, duration: Duration, auditSequence sequence: UInt64) {
        for (key, count) in tally.commands {
            Counter(label: "rakor_commands_total", dimensions: [("command", key.command), ("outcome", key.outcome)])
                .increment(by: count)
        }
        for (key, count) in tally.events {
            Counter(label: "rakor_events_total", dimensions: [("type", key.command), ("outcome", key.outcome)])
                .increment(by: count)
        }
        if tally.duplicates > 0 { duplicates.increment(by: tally.duplicates) }
        if tally.deadLettered > 0 { deadLettered.increment(by: tally.deadLettered) }
        if tally.rateLimited > 0 { rateLimited.increment(by: tally.rateLimited) }
        if tally.offsetResets > 0 { offsetResets.increment(by: tally.offsetResets) }
        if tally.notices > 0 { notices.increment(by: tally.notices) }
        auditSequence.record(Int64(clamping: sequence))
        batchTime.recordNanoseconds(duration.nanoseconds)
    }

    /// End-to-end latency of each record: from its Kafka timestamp (when the
    /// bridge produced it) to the delivery of everything it caused.
    func delivered(timestamps: [Int64], now: Date) {
        let nowMs = Int64(now.timeIntervalSince1970 * 1000)
        for timestamp in timestamps where timestamp > 0 && nowMs >= timestamp {
            endToEnd.recordNanoseconds((nowMs - timestamp) * 1_000_000)
        }
    }

    func batchFailed() { batchFailures.increment() }
    func publishFailed() { publishFailures.increment() }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}

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
/// | `rakor_end_to_end_seconds` | histogram | record timestamp → all outputs delivered |
///
/// `BotMetrics` gives the histograms their buckets; `RuntimeGauges` adds the
/// gauges sampled from the running bot (lag, outbox, readiness).
struct PipelineMetrics: Sendable {
    private let factory: any MetricsFactory
    private let duplicates: Counter
    private let deadLettered: Counter
    private let rateLimited: Counter
    private let offsetResets: Counter
    private let notices: Counter
    private let auditSequence: Gauge
    private let batchTime: CoreMetrics.Timer
    private let batchFailures: Counter
    private let publishFailures: Counter
    private let endToEnd: CoreMetrics.Timer

    /// Metrics through swift-metrics' global backend (a no-op unless bootstrapped).
    init() {
        self.init(factory: MetricsSystem.factory)
    }

    /// Metrics into `factory` (a bot's own Prometheus registry, see `BotMetrics`).
    init(factory: any MetricsFactory) {
        self.factory = factory
        duplicates = Counter(label: MetricNames.duplicates, factory: factory)
        deadLettered = Counter(label: MetricNames.deadLetter, factory: factory)
        rateLimited = Counter(label: MetricNames.rateLimited, factory: factory)
        offsetResets = Counter(label: MetricNames.offsetResets, factory: factory)
        notices = Counter(label: MetricNames.notices, factory: factory)
        auditSequence = Gauge(label: MetricNames.auditSequence, factory: factory)
        batchTime = Timer(label: MetricNames.batch, preferredDisplayUnit: .seconds, factory: factory)
        batchFailures = Counter(label: MetricNames.batchFailures, factory: factory)
        publishFailures = Counter(label: MetricNames.publishFailures, factory: factory)
        endToEnd = Timer(label: MetricNames.endToEnd, preferredDisplayUnit: .seconds, factory: factory)
    }

    func batchCommitted(_ tally: BatchTally, records: Int, duration: Duration, auditSequence sequence: UInt64) {
        for (key, count) in tally.commands {
            Counter(label: MetricNames.commands, dimensions: [("command", key.command), ("outcome", key.outcome)],
                    factory: factory)
                .increment(by: count)
        }
        for (key, count) in tally.events {
            Counter(label: MetricNames.events, dimensions: [("type", key.command), ("outcome", key.outcome)],
                    factory: factory)
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

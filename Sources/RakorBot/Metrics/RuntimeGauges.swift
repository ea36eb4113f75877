import Kafka
import Prometheus
import Synchronization

/// Gauges sampled from a running bot rather than counted as work happens:
/// consumer lag per partition, assigned partitions, outbox depth, readiness,
/// "all brokers down". Refreshed on every scrape of `/metrics` and
/// periodically in between (`GaugeRefresher`), so any backend sees them.
final class RuntimeGauges: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let lag = Mutex<[TopicPartition: Prometheus.Gauge]>([:])
    private let assigned: Prometheus.Gauge
    private let inFlight: Prometheus.Gauge
    private let outboxRows: Prometheus.Gauge
    private let ready: Prometheus.Gauge
    private let producerDown: Prometheus.Gauge
    private let consumerDown: Prometheus.Gauge

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        assigned = registry.makeGauge(name: MetricNames.assignedPartitions)
        inFlight = registry.makeGauge(name: MetricNames.outboxInFlight)
        outboxRows = registry.makeGauge(name: MetricNames.outboxRows)
        ready = registry.makeGauge(name: MetricNames.ready)
        producerDown = registry.makeGauge(name: MetricNames.brokersDown, labels: [("client", "producer")])
        consumerDown = registry.makeGauge(name: MetricNames.brokersDown, labels: [("client", "consumer")])
    }

    /// Samples `runtime` now. Partitions no longer assigned lose their lag
    /// series (a stale lag would page someone for nothing).
    func refresh(from runtime: BotRuntime) async {
        let partitions = (try? runtime.consumer.lag()) ?? []
        assigned.set(Int64(partitions.count))
        lag.withLock { gauges in
            var seen = Set<TopicPartition>()
            for partition in partitions {
                seen.insert(partition.topicPartition)
                let gauge = gauges[partition.topicPartition] ?? {
                    let made = registry.makeGauge(name: MetricNames.consumerLag, labels: [
                        ("topic", partition.topicPartition.topic),
                        ("partition", String(partition.topicPartition.partition)),
                    ])
                    gauges[partition.topicPartition] = made
                    return made
                }()
                // Unknown before the first fetch: 0 rather than a gap.
                gauge.set(partition.lag ?? 0)
            }
            for (partition, gauge) in gauges where !seen.contains(partition) {
                registry.unregisterGauge(gauge)
                gauges[partition] = nil
            }
        }
        inFlight.set(Int64(runtime.outboxInFlight))
        if let rows = try? await runtime.store.read({ try $0.outbox.count() }) {
            outboxRows.set(Int64(rows))
        }
        ready.set(Int64(runtime.readiness().ok ? 1 : 0))
        producerDown.set(Int64(runtime.producerHealth.allBrokersDown ? 1 : 0))
        consumerDown.set(Int64(runtime.consumerHealth.allBrokersDown ? 1 : 0))
    }
}

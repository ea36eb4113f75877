import CoreMetrics
import Prometheus

/// A bot's metrics: a Prometheus registry and the swift-metrics factory that
/// writes into it, with the histograms' buckets set. Each `BotRuntime` gets
/// its own (tests run several bots in one process); `serve` also makes it
/// swift-metrics' global backend, so libraries that report through
/// swift-metrics land in the same `/metrics`.
public final class BotMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory
    /// Sampled gauges (lag, outbox, readiness).
    let gauges: RuntimeGauges

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            MetricNames.endToEnd: MetricNames.endToEndBuckets,
            MetricNames.batch: MetricNames.batchBuckets,
        ]
        self.factory = factory
        self.gauges = RuntimeGauges(registry: registry)
    }

    /// Makes this registry swift-metrics' global backend. Once per process.
    public func bootstrapGlobally() {
        MetricsSystem.bootstrap(factory)
    }

    /// The Prometheus text exposition format (0.0.4), with a `# HELP` line
    /// for every rakorbot metric.
    public func exposition() -> String {
        Self.addHelp(to: registry.emitToString())
    }

    /// swift-metrics has no help texts; they are inserted before each
    /// metric's `# TYPE` line.
    static func addHelp(to text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 2048)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE "), let name = line.dropFirst(7).split(separator: " ").first,
               let help = MetricNames.help[String(name)] {
                output += "# HELP \(name) \(help)\n"
            }
            output += line
            output += "\n"
        }
        if output.hasSuffix("\n\n") { output.removeLast() }
        return output
    }
}

/// What the operations HTTP server serves: health answers and the metrics
/// text. `BotRuntime` is the real one.
public protocol OpsEndpoints: HealthProbe {
    /// The Prometheus text exposition, gauges freshly sampled.
    func metricsExposition() async -> String
    /// Samples the gauges without rendering (periodic refresh).
    func refreshGauges() async
}

extension BotRuntime: OpsEndpoints {}

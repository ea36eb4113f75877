extension BotRuntime {
    /// Samples the gauges (consumer lag, assigned partitions, outbox depth,
    /// readiness) into this bot's registry. `/metrics` calls it before every
    /// scrape; `GaugeRefresher` calls it periodically.
    public func refreshGauges() async {
        await metrics.gauges.refresh(from: self)
    }

    /// The Prometheus text of this bot's metrics, gauges freshly sampled.
    public func metricsExposition() async -> String {
        await refreshGauges()
        return metrics.exposition()
    }
}

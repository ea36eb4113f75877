/// Everything measured for one workload.
struct WorkloadResult {
    var name: String
    var description: String
    /// Tasks in the store when the workload started (nil for W0).
    var tasks: Int?
    var throughput: PhaseResult
    var latency: PhaseResult
    var offeredRate: Int
    var peakRSSBytes: UInt64?
    /// BotRuntime.start returning (store open, state restored, clients created).
    var startSeconds: Double?
    /// Start until the first warm-up command was answered (group joined, pipeline running).
    var readySeconds: Double?
    var events = 0
    /// The bot's own batch figures, from its metrics registry.
    var batches: BatchFigures?

    var missing: Int { throughput.missing + latency.missing }
    /// Offset resets of the bot's consumer (nil for W0, which has no bot).
    var botOffsetResets: Int? { batches?.offsetResets }
    var errors: Int { throughput.errors + latency.errors }
    var duplicates: Int { throughput.duplicates + latency.duplicates }
    var peakRSSMegabytes: Double? { peakRSSBytes.map { Double($0) / 1_048_576 } }
}

/// The pipeline's batch count and time, read from the bot's Prometheus
/// exposition (`rakor_batch_seconds`): how many records a batch carried and
/// how long its transaction took, without instrumenting the product.
struct BatchFigures {
    var count: Int
    var totalSeconds: Double
    /// Truncated logs the bot's consumer reported (records lost to the mock's retention).
    var offsetResets: Int

    var meanMilliseconds: Double { count > 0 ? totalSeconds / Double(count) * 1000 : 0 }

    init?(exposition: String) {
        var count: Int?
        var sum: Double?
        var resets = 0
        for line in exposition.split(separator: "\n") where line.hasPrefix("rakor_offset_resets_total") {
            if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { resets += Int(value) }
        }
        for line in exposition.split(separator: "\n") where line.hasPrefix("rakor_batch_seconds_") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let value = Double(parts[1]) else { continue }
            if parts[0].hasPrefix("rakor_batch_seconds_count") { count = (count ?? 0) + Int(value) }
            if parts[0].hasPrefix("rakor_batch_seconds_sum") { sum = (sum ?? 0) + value }
        }
        guard let count, let sum else { return nil }
        self.count = count
        self.totalSeconds = sum
        self.offsetResets = resets
    }
}

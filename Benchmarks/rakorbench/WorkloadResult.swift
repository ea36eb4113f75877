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

    var missing: Int { throughput.missing + latency.missing }
    var errors: Int { throughput.errors + latency.errors }
    var duplicates: Int { throughput.duplicates + latency.duplicates }
    var peakRSSMegabytes: Double? { peakRSSBytes.map { Double($0) / 1_048_576 } }
}

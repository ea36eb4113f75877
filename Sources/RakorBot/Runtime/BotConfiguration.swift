import Foundation
import RakorCore

/// Everything `rakorbot serve` needs to run. Built from the configuration
/// file, the environment and flags (see `ConfigurationLoader`), or directly
/// by tests and benchmarks.
public struct BotConfiguration: Sendable {
    /// Kafka bootstrap servers; nil starts the embedded (mock) cluster.
    public var brokers: String?
    /// Extra librdkafka properties for every client (SASL, SSL, tuning).
    public var kafkaProperties: [String: String] = [:]
    public var consumerGroup = "rakorbot"
    /// Brokers and partitions of the embedded cluster.
    public var embeddedBrokers = 3
    public var embeddedPartitions: Int32 = 3
    public var topicPrefix = ""
    /// The audit chain id; one per bot instance.
    public var instance = "rakorbot"
    /// Where the SQLite database lives (`<dataDirectory>/rakorbot.sqlite`).
    public var dataDirectory = "./data"
    /// The directory file; nil uses the shipped demo directory.
    public var directoryPath: String?
    /// Extra calendar files folder (in addition to the shipped calendars).
    public var calendarsPath: String?
    /// A fixed "now" to start the clock at (demos, tests); nil is the real clock.
    public var now: Date?
    public var bridgeKeys: [String: [UInt8]] = [:]
    public var integratorKeys: [String: [UInt8]] = [:]
    public var rateLimit: RateLimitPolicy = .default
    /// Consumer batch size and the relay's in-flight bound (backpressure).
    public var maxBatchSize = 2048
    public var relayCapacity = 50_000
    /// Bound on graceful shutdown (drain outbox, store offsets, leave group).
    public var shutdownTimeout: Duration = .seconds(20)
    /// Processed-message ledger retention (redeliveries older than this are unlikely).
    public var ledgerRetention: TimeInterval = 30 * 24 * 3600

    public init() {}

    public var databasePath: String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("rakorbot.sqlite").path
    }

    /// The clock the domain sees.
    public var clock: any RakorClock {
        now.map { ShiftedClock(startingAt: $0) } ?? SystemClock()
    }
}

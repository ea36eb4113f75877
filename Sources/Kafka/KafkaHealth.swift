import Synchronization

/// A readiness snapshot of a producer or consumer.
///
/// librdkafka reports "all brokers down" as an error event but never reports
/// recovery; this layer clears `allBrokersDown` when the client proves a broker
/// is reachable again (a successful delivery or fetch, or a cheap metadata
/// probe the client's own thread runs about once a second while down).
public struct KafkaHealth: Sendable, Hashable {
    /// Set on `_ALL_BROKERS_DOWN`; cleared once a broker is reachable again.
    public var allBrokersDown: Bool = false
    /// How many times "all brokers down" was reported since start.
    public var allBrokersDownCount: Int = 0
    /// The most recent client-level error (not per-record delivery failures).
    public var lastError: KafkaError?
    public var lastErrorAt: ContinuousClock.Instant?
    /// Set once librdkafka raises a fatal error; the client must be recreated.
    public var fatalError: KafkaError?
    /// Set when the client has been shut down or closed.
    public var isClosed: Bool = false

    public init() {}

    /// Ready to serve: not closed, no fatal error and at least one broker reachable.
    public var isReady: Bool { !isClosed && fatalError == nil && !allBrokersDown }
}

/// Thread-safe owner of a `KafkaHealth`.
final class HealthTracker: Sendable {
    private let state = Mutex(KafkaHealth())

    var snapshot: KafkaHealth { state.withLock { $0 } }

    var allBrokersDown: Bool { state.withLock { $0.allBrokersDown } }

    func record(error: KafkaError) {
        let now = ContinuousClock.now
        state.withLock { health in
            health.lastError = error
            health.lastErrorAt = now
            if error.code == .allBrokersDown {
                if !health.allBrokersDown { health.allBrokersDownCount += 1 }
                health.allBrokersDown = true
            }
            if error.isFatal, health.fatalError == nil { health.fatalError = error }
        }
    }

    /// Called when a broker answered (delivery, fetch or probe succeeded).
    func brokerReachable() {
        state.withLock { health in
            if health.allBrokersDown { health.allBrokersDown = false }
        }
    }

    func markClosed() {
        state.withLock { $0.isClosed = true }
    }
}

import Foundation

/// A token bucket per sender, so one chat typing fast (or a looping script)
/// cannot starve the others. Time is passed in, never read here: tests and
/// the replayed clock decide what "now" is.
/// How fast one sender may send commands: `burst` at once, then
/// `ratePerSecond` on average.
public struct RateLimitPolicy: Sendable, Hashable {
    /// Tokens added per second.
    public var ratePerSecond: Double
    /// Bucket size: how many commands a sender may send in a burst.
    public var burst: Double

    public init(ratePerSecond: Double, burst: Double) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
    }

    /// Generous for a person typing, tight for a runaway script.
    public static let `default` = RateLimitPolicy(ratePerSecond: 2, burst: 20)
    /// No limiting (benchmarks, load tests).
    public static let unlimited = RateLimitPolicy(ratePerSecond: .infinity, burst: .infinity)
}

struct RateLimiter: Sendable {
    typealias Policy = RateLimitPolicy

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    let policy: Policy
    private var buckets: [String: Bucket] = [:]
    /// Bounds memory: buckets idle long enough to be full again are dropped.
    private let maxBuckets = 100_000

    init(policy: Policy) {
        self.policy = policy
    }

    /// Takes one token for `sender`; false means refuse with `rate_limited`.
    mutating func allow(_ sender: String, at now: Date) -> Bool {
        if policy.ratePerSecond.isInfinite { return true }
        var bucket = buckets[sender] ?? Bucket(tokens: policy.burst, updated: now)
        let elapsed = max(0, now.timeIntervalSince(bucket.updated))
        bucket.tokens = min(policy.burst, bucket.tokens + elapsed * policy.ratePerSecond)
        bucket.updated = now
        let allowed = bucket.tokens >= 1
        if allowed { bucket.tokens -= 1 }
        buckets[sender] = bucket
        if buckets.count > maxBuckets { evictFull(at: now) }
        return allowed
    }

    /// Seconds until `sender` may send again (for the refusal message).
    func retryAfter(_ sender: String) -> Double {
        guard let bucket = buckets[sender], bucket.tokens < 1, policy.ratePerSecond > 0 else { return 0 }
        return (1 - bucket.tokens) / policy.ratePerSecond
    }

    private mutating func evictFull(at now: Date) {
        let refill = policy.burst / policy.ratePerSecond
        buckets = buckets.filter { now.timeIntervalSince($0.value.updated) < refill }
    }
}

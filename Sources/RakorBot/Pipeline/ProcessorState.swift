import RakorCore

/// What carries over from one batch to the next: the audit chain head, the
/// calendars (shipped plus integrator changes), the rate-limit buckets and
/// the recently recorded inquiries. A batch works on a copy; the copy is
/// adopted only after the batch's transaction commits, so a failed commit
/// leaves no half-advanced chain behind.
public struct ProcessorState: Sendable {
    public var chain: AuditChain
    public var catalog: CalendarCatalog
    var rateLimiter: RateLimiter
    var inquiries = InquiryCache()

    public init(chain: AuditChain, catalog: CalendarCatalog, rateLimit: RateLimitPolicy) {
        self.chain = chain
        self.catalog = catalog
        self.rateLimiter = RateLimiter(policy: rateLimit)
    }
}

/// (chat, election) pairs already written to the inquiry table recently, so a
/// chat asking `/tenggat` a thousand times writes one row, not a thousand.
struct InquiryCache: Sendable {
    private var seen = Set<String>()
    private let capacity = 50_000

    /// True the first time a pair is seen (since the cache was last cleared).
    mutating func firstTime(chat: String, election: String) -> Bool {
        if seen.count >= capacity { seen.removeAll(keepingCapacity: true) }
        return seen.insert(chat + "\u{1F}" + election).inserted
    }
}

/// Where a chain stands: the last event's sequence and hash. Persisted with
/// the outbox so a restarted bot continues the same chain.
public struct AuditHead: Sendable, Hashable, Codable {
    public var sequence: UInt64
    /// 64 lower-case hex digits.
    public var hash: String

    public init(sequence: UInt64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    /// 64 zeros: the `prevhash` of a chain's first event.
    public static let zeroHash = String(repeating: "0", count: 64)

    /// Before the first event: sequence 0, hash 64 zeros.
    public static let genesis = AuditHead(sequence: 0, hash: zeroHash)
}

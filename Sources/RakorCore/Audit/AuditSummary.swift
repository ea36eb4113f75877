/// The result of verifying an audit stream.
public struct AuditSummary: Sendable, Hashable {
    public struct Chain: Sendable, Hashable {
        public var chainID: String
        public var firstSequence: UInt64
        public var lastSequence: UInt64
        public var lastHash: String
        /// Distinct events (duplicates excluded).
        public var events: Int
    }

    /// In order of first appearance.
    public var chains: [Chain] = []
    /// Records fed, including duplicates and malformed ones.
    public var records = 0
    /// Distinct events placed in a chain (duplicates and malformed excluded).
    public var events = 0
    /// Exact redeliveries of already verified events.
    public var duplicates = 0
    /// The first `maxProblems` problems found.
    public var problems: [AuditProblem] = []
    /// Problems found beyond `maxProblems`.
    public var problemsOmitted = 0

    public var isValid: Bool { problems.isEmpty && problemsOmitted == 0 }
}

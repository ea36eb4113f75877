/// One thing wrong in an audit stream.
public struct AuditProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Not JSON, or a required field missing or malformed (the reason says which).
        case malformed(String)
        /// The event's content does not hash to its `hash`: it was altered.
        case hashMismatch(computed: String, claimed: String)
        /// `prevhash` is not the previous event's `hash`.
        case brokenLink(expected: String, found: String)
        /// Sequence numbers skipped: events are missing.
        case gap(expected: UInt64, found: UInt64)
        /// A sequence at or below the chain's head that is not an exact repeat
        /// of an event verified earlier.
        case outOfOrder(head: UInt64, found: UInt64)
        /// The same sequence as a verified event with a different hash.
        case conflictingDuplicate(verifiedHash: String, found: String)
        /// The chain's first event seen is not sequence 1 (`requireGenesis`).
        case missingStart(found: UInt64)
    }

    public var kind: Kind
    /// 0-based position of the record in the order fed.
    public var index: Int
    /// What the caller said about where the record came from (e.g. `partition 0 offset 17`).
    public var position: String?
    public var chain: String?
    public var sequence: UInt64?

    public var description: String {
        var prefix = "record \(index)"
        if let position { prefix += " (\(position))" }
        if let chain { prefix += ", chain \(chain)" }
        if let sequence { prefix += ", sequence \(sequence)" }
        let detail = switch kind {
        case .malformed(let reason): "malformed event: \(reason)"
        case .hashMismatch(let computed, let claimed): "hash mismatch: content hashes to \(computed), event claims \(claimed)"
        case .brokenLink(let expected, let found): "prevhash \(found) does not match the previous event's hash \(expected)"
        case .gap(let expected, let found): "gap: expected sequence \(expected), found \(found) (\(found - expected) missing)"
        case .outOfOrder(let head, let found): "out of order: sequence \(found) after \(head)"
        case .conflictingDuplicate(let verified, let found): "sequence repeated with a different hash \(found) (verified \(verified))"
        case .missingStart(let found): "chain starts at sequence \(found), not 1"
        }
        return "\(prefix): \(detail)"
    }
}

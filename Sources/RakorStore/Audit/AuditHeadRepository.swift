import GRDB
import RakorCore

/// The head of each audit chain, saved in the same transaction as the
/// events appended to the outbox, so the chain survives restarts unbroken.
public struct AuditHeadRepository {
    let db: Database

    static let getSQL = "SELECT sequence, hash FROM audit_head WHERE chain = ?"
    static let setSQL = """
        INSERT INTO audit_head (chain, sequence, hash) VALUES (?, ?, ?)
        ON CONFLICT (chain) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash
        """

    /// The chain's head, or nil before its first event.
    public func get(chain: String) throws(StoreError) -> AuditHead? {
        try db.firstRow(Self.getSQL, chain) { row throws(StoreError) in
            let sequence = try row.int64(0)
            guard sequence >= 0 else {
                throw .corruptValue(table: "audit_head", column: "sequence", value: String(sequence))
            }
            return AuditHead(sequence: UInt64(sequence), hash: try row.text(1))
        }
    }

    /// Saves the chain's head (SQLite integers are signed: a sequence beyond
    /// `Int64.max` is refused, not wrapped).
    public func set(chain: String, _ head: AuditHead) throws(StoreError) {
        guard let sequence = Int64(exactly: head.sequence) else {
            throw .invalidArgument("audit sequence \(head.sequence) exceeds Int64.max")
        }
        try db.execute(Self.setSQL, chain, sequence, head.hash)
    }
}

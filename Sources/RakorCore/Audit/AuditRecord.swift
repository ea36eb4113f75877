/// One appended audit event, ready to publish on `rakor.audit` with key `chainID`.
public struct AuditRecord: Sendable, Hashable {
    public var chainID: String
    public var sequence: UInt64
    public var hash: String
    public var previousHash: String
    public var type: String
    /// The event's JSON (its RFC 8785 canonical form, `hash` included).
    public var bytes: [UInt8]

    /// The CloudEvent `id`: `<chainID>-<sequence>`.
    public var id: String { "\(chainID)-\(sequence)" }

    public var head: AuditHead { AuditHead(sequence: sequence, hash: hash) }
}

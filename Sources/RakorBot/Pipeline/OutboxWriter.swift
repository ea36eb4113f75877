import Foundation
import RakorCore
import RakorStore

/// Appends a batch's outgoing messages to the outbox, in order, inside the
/// batch's transaction, and keeps the rows for the relay so it need not read
/// them back. Audit events are chained here, so the chain head and the rows
/// commit together.
struct OutboxWriter {
    let session: StoreSession
    var chain: AuditChain
    private(set) var rows: [OutboxRow] = []
    private(set) var auditCount = 0
    private let chainKey: [UInt8]

    init(session: StoreSession, chain: AuditChain) {
        self.session = session
        self.chain = chain
        self.chainKey = Array(chain.chainID.utf8)
    }

    private mutating func append(_ topic: String, key: [UInt8]?, value: [UInt8]?, headers: [OutboxHeader] = []) throws {
        rows.append(try session.outbox.appendRow(topic: topic, key: key, value: value ?? [], headers: headers))
    }

    /// A message to a chat; returns its bytes (the ledger keeps a reply's).
    @discardableResult
    mutating func message(_ message: OutboundMessage) throws -> [UInt8] {
        let bytes = message.encode()
        try append(TopicNames.replies, key: Array(message.chat.utf8), value: bytes)
        return bytes
    }

    /// A stored reply sent again, byte for byte (redelivered command id).
    mutating func resend(reply bytes: [UInt8], chat: [UInt8]?) throws {
        try append(TopicNames.replies, key: chat, value: bytes)
    }

    mutating func audit(type: String, subject: String?, time: Date, actor: String, correlationID: String?,
                        data: JSONValue?) throws {
        let record = chain.append(type: type, subject: subject, time: time, actor: actor,
                                  correlationID: correlationID, data: data)
        try append(TopicNames.audit, key: chainKey, value: record.bytes)
        auditCount += 1
    }

    /// The input unchanged, with the contract's headers saying where it came
    /// from and why it was refused. The original headers are kept first.
    mutating func deadLetter(_ input: InputRecord, code: ErrorCode, message: String) throws {
        var headers = input.headers.map { OutboxHeader(name: $0.name, value: $0.value.map(Array.init)) }
        headers.append(OutboxHeader(name: "source_topic", text: input.topic))
        headers.append(OutboxHeader(name: "source_partition", text: String(input.partition)))
        headers.append(OutboxHeader(name: "source_offset", text: String(input.offset)))
        headers.append(OutboxHeader(name: "error_code", text: code.rawValue))
        headers.append(OutboxHeader(name: "error_message", text: message))
        try append(TopicNames.deadletter, key: input.key.map(Array.init), value: input.value.map(Array.init), headers: headers)
    }

    /// Saves the chain head with the rows it covers.
    func saveChainHead() throws {
        guard auditCount > 0 else { return }
        try session.auditHead.set(chain: chain.chainID, chain.head)
    }
}

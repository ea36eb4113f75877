import Foundation
import RakorCommands
import RakorCore
import RakorStore

/// One batch in progress: decides each record's fate, writes its effects,
/// ledger row and outbox rows, and chains its audit events. Lives only inside
/// the batch's store transaction.
struct BatchRun {
    let processor: BatchProcessor
    let session: StoreSession
    let now: Date
    var state: ProcessorState
    var writer: OutboxWriter
    var tally = BatchTally()
    /// Keys settled earlier in this batch, with their reply, so an id repeated
    /// within one batch is treated exactly like a redelivery.
    var settled: [String: [UInt8]?] = [:]

    init(processor: BatchProcessor, session: StoreSession, now: Date, state: ProcessorState) {
        self.processor = processor
        self.session = session
        self.now = now
        self.state = state
        self.writer = OutboxWriter(session: session, chain: state.chain)
    }

    var directory: Directory { processor.directory }
    var settings: ProcessorSettings { processor.settings }

    mutating func process(_ records: [InputRecord]) throws {
        guard !records.isEmpty else { return }
        let prepared = records.map { prepare($0) }
        let known = try session.ledger.lookup(keys: prepared.map(\.ledgerKey))
        for (record, item) in zip(records, prepared) {
            if try settleDuplicate(item.ledgerKey, known: known[item.ledgerKey], chat: item.replyChat) { continue }
            switch item.kind {
            case .command(let envelope):
                try handleCommand(envelope, key: item.ledgerKey)
            case .event(let event, let integrator):
                try handleEvent(event, integrator: integrator, record: record, key: item.ledgerKey)
            case .refused(let refusal):
                try handleRefusal(refusal, record: record, key: item.ledgerKey)
            }
        }
    }

    mutating func finish() throws -> BatchResult {
        try writer.saveChainHead()
        state.chain = writer.chain
        tally.auditEvents = writer.auditCount
        return BatchResult(rows: writer.rows, state: state, tally: tally)
    }

    // MARK: - Duplicates

    /// A key already processed (earlier batch or earlier in this one) gets its
    /// stored reply again, byte for byte, and nothing else: no effect, no audit.
    private mutating func settleDuplicate(_ key: String, known: LedgerEntry?, chat: String?) throws -> Bool {
        let reply: [UInt8]?
        if let known {
            reply = known.reply
        } else if let earlier = settled[key] {
            reply = earlier
        } else {
            return false
        }
        if let reply {
            // Keyed by the chat the stored reply is addressed to, not by the
            // chat the redelivery claims: an id reused from another chat must
            // not carry one chat's answer under another chat's key.
            let chatKey = OutboundMessageChat.chat(of: reply) ?? chat.map { Array($0.utf8) }
            try writer.resend(reply: reply, chat: chatKey)
        }
        tally.duplicates += 1
        return true
    }

    mutating func settle(_ key: String, outcome: LedgerOutcome, reply: [UInt8]?) throws {
        _ = try session.ledger.insert(key: key, outcome: outcome, reply: reply, at: now)
        settled[key] = reply
    }

    // MARK: - Records refused before they could be identified

    private mutating func handleRefusal(_ refusal: Refusal, record: InputRecord, key: String) throws {
        var replyBytes: [UInt8]?
        if let chat = refusal.replyChat {
            let replyID = refusal.commandID == nil ? "r-\(record.topic)-\(record.partition)-\(record.offset)" : nil
            replyBytes = try writer.message(.failure(to: refusal.commandID, replyID: replyID, chat: chat,
                                                     failure: refusal.failure, lang: refusal.lang))
        }
        if refusal.deadLetter {
            try writer.deadLetter(record, code: refusal.failure.code, message: refusal.failure.message.en)
            tally.deadLettered += 1
        }
        var data: JSONObject = [
            "code": .string(refusal.failure.code.rawValue),
            "message": .string(refusal.failure.message.en),
            "source_topic": .string(record.topic),
            "source_partition": JSONValue(Int(record.partition)),
            "source_offset": .int(record.offset),
        ]
        if let chat = refusal.replyChat { data["chat"] = .string(chat) }
        try writer.audit(type: AuditTypes.rejected, subject: refusal.subject, time: now, actor: refusal.actor,
                         correlationID: refusal.commandID ?? key, data: .object(data))
        if record.topic == TopicNames.events {
            tally.event("-", refusal.failure)
        } else {
            tally.command(nil, refusal.failure)
        }
        try settle(key, outcome: .rejected(refusal.failure.code), reply: replyBytes)
    }
}

/// The audit event types the pipeline itself writes.
enum AuditTypes {
    static let accepted = "rakor.command.accepted"
    static let rejected = "rakor.command.rejected"
    static let offsetReset = "rakor.notice.offset_reset"
}

/// Reads the `chat` back out of a stored reply, for re-sending a reply whose
/// original record could not be decoded again.
enum OutboundMessageChat {
    static func chat(of reply: [UInt8]) -> [UInt8]? {
        guard let message = try? OutboundMessage.decode(reply) else { return nil }
        return Array(message.chat.utf8)
    }
}

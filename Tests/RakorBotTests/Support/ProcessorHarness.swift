import Foundation
@testable import RakorBot
import RakorCore
import RakorStore
import Testing

/// Drives `BatchProcessor` directly, the way `PipelineRunner` does (one store
/// write transaction per batch), with no Kafka: records in, committed outbox
/// rows out. Shipped demo directory and calendars, an in-memory store, a
/// fixed "now". Every audit row ever written is kept, so a test can verify
/// the chain across batches and restarts.
final class ProcessorHarness: @unchecked Sendable {
    let store: RakorStore
    let directory: Directory
    let shipped: CalendarCatalog
    let settings: ProcessorSettings
    private(set) var processor: BatchProcessor
    var now: Date
    /// Every audit row of every batch, in commit order.
    private(set) var auditRows: [OutboxRow] = []
    private var offsets: [String: Int64] = [:]

    /// `now` defaults to 2024-11-20 09:00 WITA, a week before Pilkada 2024's voting day.
    init(settings: ProcessorSettings = ProcessorSettings(rateLimit: .unlimited), now: String = "2024-11-20T01:00:00Z",
         directory: Directory? = nil) throws {
        store = try RakorStore.inMemory()
        self.directory = try directory ?? ShippedData.directory(at: nil)
        shipped = try ShippedData.calendars()
        self.settings = settings
        self.now = try #require(RFC3339.parse(now))
        let shipped = self.shipped
        let state = try store.readSync { try BatchProcessor.restoreState(settings: settings, shipped: shipped, session: $0) }
        processor = BatchProcessor(settings: settings, directory: self.directory, shipped: shipped, state: state)
    }

    /// A new processor on the same store, as after a restart of the bot.
    func restart() throws {
        let settings = self.settings, shipped = self.shipped
        let state = try store.readSync { try BatchProcessor.restoreState(settings: settings, shipped: shipped, session: $0) }
        processor = BatchProcessor(settings: settings, directory: directory, shipped: shipped, state: state)
    }

    // MARK: Records

    func nextOffset(_ topic: String) -> Int64 {
        defer { offsets[topic, default: 0] += 1 }
        return offsets[topic, default: 0]
    }

    /// A `rakor.commands` record with the given raw value and key.
    func raw(_ value: [UInt8]?, key: String? = "wa:test-chat", headers: [InputRecord.Header] = [],
             offset: Int64? = nil) -> InputRecord {
        InputRecord(topic: TopicNames.commands, partition: 0, offset: offset ?? nextOffset(TopicNames.commands),
                    key: key.map { Array($0.utf8)[...] }, value: value.map { $0[...] }, headers: headers)
    }

    func raw(_ text: String, key: String? = "wa:test-chat", headers: [InputRecord.Header] = []) -> InputRecord {
        raw(Array(text.utf8), key: key, headers: headers)
    }

    /// A valid envelope, keyed by its chat.
    func command(_ text: String, as sender: String, id: String = UUID().uuidString, chat: String = "wa:test-chat",
                 lang: Lang? = nil, headers: [InputRecord.Header] = []) -> InputRecord {
        let envelope = CommandEnvelope(id: id, chat: chat, sender: sender, text: text, lang: lang)
        return raw(envelope.encode(), key: chat, headers: headers)
    }

    /// A `rakor.events` record: the event in structured mode, or in binary mode.
    func event(_ event: CloudEvent, binary: Bool = false, headers: [InputRecord.Header] = []) -> InputRecord {
        let offset = nextOffset(TopicNames.events)
        let key = event.subject.map { Array($0.utf8)[...] }
        if binary {
            let mode = event.binaryMode()
            return InputRecord(topic: TopicNames.events, partition: 0, offset: offset, key: key,
                               value: mode.body.map { $0[...] },
                               headers: mode.headers.map { InputRecord.Header(name: $0.name, value: $0.value[...]) } + headers)
        }
        return InputRecord(topic: TopicNames.events, partition: 0, offset: offset, key: key,
                           value: event.encode()[...], headers: headers)
    }

    /// A `rakor.events` record with raw bytes (malformed events).
    func rawEvent(_ value: [UInt8]?, headers: [InputRecord.Header] = []) -> InputRecord {
        InputRecord(topic: TopicNames.events, partition: 0, offset: nextOffset(TopicNames.events), key: nil,
                    value: value.map { $0[...] }, headers: headers)
    }

    // MARK: Running

    /// One batch in one write transaction, as the pipeline commits it.
    @discardableResult
    func run(_ records: [InputRecord], resets: [OffsetResetNotice] = []) throws -> BatchOutput {
        let processor = self.processor, now = self.now
        let result = try store.writeSync { try processor.process(records, offsetResets: resets, session: $0, now: now) }
        auditRows += result.rows.filter { $0.topic == TopicNames.audit }
        return try BatchOutput(result)
    }

    /// Runs one command alone and returns its reply.
    func ask(_ text: String, as sender: String, id: String = UUID().uuidString, chat: String = "wa:test-chat",
             lang: Lang? = nil) throws -> OutboundMessage {
        let output = try run([command(text, as: sender, id: id, chat: chat, lang: lang)])
        return try #require(output.reply(to: id), "no reply to \(text)")
    }

    /// Verifies every audit row written so far as one chain from genesis.
    func verifyAudit() -> AuditSummary {
        var verifier = AuditVerifier()
        for row in auditRows {
            verifier.verify(row.value, chain: row.key.map { String(decoding: $0, as: UTF8.self) })
        }
        return verifier.summary
    }

    func ledger(_ key: String) throws -> LedgerEntry? {
        try store.readSync { try $0.ledger.find(key: key) }
    }
}

/// What one batch committed, decoded.
struct BatchOutput {
    let result: BatchResult
    let replyRows: [OutboxRow]
    let replies: [OutboundMessage]
    let auditRows: [OutboxRow]
    let audit: [JSONObject]
    let deadLetters: [OutboxRow]

    init(_ result: BatchResult) throws {
        self.result = result
        replyRows = result.rows.filter { $0.topic == TopicNames.replies }
        replies = try replyRows.map { try OutboundMessage.decode($0.value) }
        auditRows = result.rows.filter { $0.topic == TopicNames.audit }
        audit = try auditRows.map { row in
            let value = try JSONParser().parse(row.value)
            return try #require(value.objectValue, "audit value is not an object")
        }
        deadLetters = result.rows.filter { $0.topic == TopicNames.deadletter }
    }

    var tally: BatchTally { result.tally }
    var rows: [OutboxRow] { result.rows }

    func reply(to commandID: String) -> OutboundMessage? {
        replies.first { $0.inReplyTo == commandID }
    }

    func replyRow(to commandID: String) -> OutboxRow? {
        zip(replyRows, replies).first { $0.1.inReplyTo == commandID }?.0
    }

    /// Messages nobody asked for (notices, reminders).
    var notices: [OutboundMessage] { replies.filter { $0.kind != .reply } }

    var auditTypes: [String] { audit.map { $0["type"]?.stringValue ?? "?" } }

    func audit(correlatedWith id: String) -> [JSONObject] {
        audit.filter { $0["correlationid"]?.stringValue == id }
    }
}

extension OutboxRow {
    /// A header's value as text (nil when absent or null).
    func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value.map { String(decoding: $0, as: UTF8.self) }
    }

    var keyText: String? { key.map { String(decoding: $0, as: UTF8.self) } }
}

extension InputRecord.Header {
    init(_ name: String, _ text: String) {
        self.init(name: name, value: Array(text.utf8)[...])
    }
}

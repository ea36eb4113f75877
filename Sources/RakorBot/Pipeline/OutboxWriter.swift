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

    /// The most bytes one outbox row may carry (key + value + headers): under
    /// librdkafka's default `message.max.bytes` (1 000 000) and Kafka's broker
    /// default (1 048 588). Kafka refuses a larger record for good; the relay
    /// would retry it forever and no later batch's offsets could be stored.
    static let maxMessageBytes = 900_000
    /// Room kept for the contract's dead-letter headers and a row's overhead.
    static let headerReserve = 8192

    /// A message to a chat; returns its bytes (the ledger keeps a reply's).
    /// An answer too large to publish is replaced by a `too_large` failure.
    @discardableResult
    mutating func message(_ message: OutboundMessage) throws -> [UInt8] {
        var bytes = message.encode()
        let key = Array(message.chat.utf8)
        if bytes.count + key.count > Self.maxMessageBytes {
            bytes = Self.tooLargeToSend(message, bytes: bytes.count).encode()
        }
        try append(TopicNames.replies, key: key, value: bytes)
        return bytes
    }

    static func tooLargeToSend(_ message: OutboundMessage, bytes: Int) -> OutboundMessage {
        let failure = CommandFailure(.tooLarge,
                                     id: "Jawaban terlalu besar untuk dikirim (\(bytes) bita); persempit permintaan.",
                                     en: "The answer is too large to send (\(bytes) bytes); narrow the request.")
        let lang = message.lang ?? .id
        return OutboundMessage(id: message.id, kind: message.kind, inReplyTo: message.inReplyTo, chat: message.chat,
                               ok: false, text: failure.message(lang),
                               error: OutboundMessage.Failure(code: .tooLarge, message: failure.message(lang)), lang: lang)
    }

    /// A stored reply sent again, byte for byte (redelivered command id).
    mutating func resend(reply bytes: [UInt8], chat: [UInt8]?) throws {
        try append(TopicNames.replies, key: chat, value: bytes)
    }

    mutating func audit(type: String, subject: String?, time: Date, actor: String, correlationID: String?,
                        data: JSONValue?) throws {
        let before = chain
        var record = chain.append(type: type, subject: subject, time: time, actor: actor,
                                  correlationID: correlationID, data: data)
        if record.bytes.count + chainKey.count > Self.maxMessageBytes {
            // Chain it again with the oversized data members summarised.
            chain = before
            record = chain.append(type: type, subject: subject, time: time, actor: actor,
                                  correlationID: correlationID, data: Self.summarised(data))
        }
        try append(TopicNames.audit, key: chainKey, value: record.bytes)
        auditCount += 1
    }

    /// The input unchanged, with the contract's headers saying where it came
    /// from and why it was refused. The original headers are kept first.
    ///
    /// An input too big to copy whole under `maxMessageBytes` (its key, its
    /// headers or its value) keeps what fits, and says what was cut:
    /// `original_key_bytes` (key cut to 4 KiB), `dropped_headers` (its own
    /// headers, over 64 KiB together, left out), `original_value_bytes`
    /// (value cut to what remains). Smaller inputs are copied unchanged.
    mutating func deadLetter(_ input: InputRecord, code: ErrorCode, message: String) throws {
        var key = input.key.map(Array.init)
        var value = input.value.map(Array.init) ?? []
        var headers = input.headers.map { OutboxHeader(name: $0.name, value: $0.value.map(Array.init)) }
        var notes: [OutboxHeader] = []
        func size(_ headers: [OutboxHeader]) -> Int { headers.reduce(0) { $0 + $1.name.utf8.count + ($1.value?.count ?? 0) } }
        let budget = Self.maxMessageBytes - Self.headerReserve
        if (key?.count ?? 0) + value.count + size(headers) > budget {
            if let whole = key, whole.count > 4096 {
                key = Array(whole.prefix(4096))
                notes.append(OutboxHeader(name: "original_key_bytes", text: String(whole.count)))
            }
            if size(headers) > 65_536 {
                notes.append(OutboxHeader(name: "dropped_headers", text: String(headers.count)))
                headers = []
            }
            let room = budget - (key?.count ?? 0) - size(headers)
            if value.count > room {
                notes.append(OutboxHeader(name: "original_value_bytes", text: String(value.count)))
                value = Array(value.prefix(room))
            }
        }
        headers.append(OutboxHeader(name: "source_topic", text: input.topic))
        headers.append(OutboxHeader(name: "source_partition", text: String(input.partition)))
        headers.append(OutboxHeader(name: "source_offset", text: String(input.offset)))
        headers.append(OutboxHeader(name: "error_code", text: code.rawValue))
        headers.append(OutboxHeader(name: "error_message", text: Self.clipped(message, to: 2048)))
        try append(TopicNames.deadletter, key: key, value: value, headers: headers + notes)
    }

    /// At most `limit` UTF-8 bytes of `text`, cut on a character boundary.
    static func clipped(_ text: String, to limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var out = ""
        var used = 0
        for character in text {
            let width = character.utf8.count
            if used + width > limit - 3 { break }
            out.append(character)
            used += width
        }
        return out + "…"
    }

    /// Audit data with every member over 4 KiB replaced by its size, so an
    /// event (an integrator's huge error list, say) still fits in one record.
    static func summarised(_ data: JSONValue?) -> JSONValue? {
        guard let data else { return nil }
        guard case .object(let object) = data else {
            return ["omitted_bytes": JSONValue(JSONWriter.serialize(data).count)]
        }
        var kept = JSONObject(minimumCapacity: object.count)
        for (key, value) in object {
            let bytes = JSONWriter.serialize(value).count
            kept[key] = bytes > 4096 ? ["omitted_bytes": JSONValue(bytes)] : value
        }
        let total = JSONWriter.serialize(.object(kept)).count
        return total > maxMessageBytes / 2 ? ["omitted_bytes": JSONValue(total)] : .object(kept)
    }

    /// Saves the chain head with the rows it covers.
    func saveChainHead() throws {
        guard auditCount > 0 else { return }
        try session.auditHead.set(chain: chain.chainID, chain.head)
    }
}

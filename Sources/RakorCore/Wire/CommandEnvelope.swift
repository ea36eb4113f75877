import Foundation

/// A command as the chat bridge puts it on `rakor.commands` (contract §
/// "Command envelope"). Lengths are in Unicode scalars (see `TextRules`).
public struct CommandEnvelope: Sendable, Hashable {
    /// Unique per message; the idempotency key. 1–128 characters, no control characters.
    public var id: String
    /// 1–256 characters, no control characters.
    public var chat: String
    /// A directory user id: 1–128 characters, no control characters.
    public var sender: String
    /// 1–4096 characters; tab, line feed and carriage return are the only
    /// control characters allowed.
    public var text: String
    public var sentAt: Date?
    public var lang: Lang?

    public init(id: String, chat: String, sender: String, text: String, sentAt: Date? = nil, lang: Lang? = nil) {
        self.id = id
        self.chat = chat
        self.sender = sender
        self.text = text
        self.sentAt = sentAt
        self.lang = lang
    }

    /// The largest value accepted (1 MiB); larger is `too_large`.
    public static let maxValueBytes = 1_048_576
    public static let idLength = 1...128
    public static let chatLength = 1...256
    public static let senderLength = 1...128
    public static let textLength = 1...4096

    static let parser = JSONParser(limits: JSONLimits(maxBytes: maxValueBytes))

    // MARK: Decoding

    /// Decodes and validates a record value. Unknown members are ignored
    /// (forward compatibility); `sent_at` and `lang` may be absent or null.
    ///
    /// JSON errors anywhere come first (the whole value is parsed before any
    /// field is judged), then fields in the order id, chat, sender, text,
    /// sent_at, lang.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(EnvelopeError) -> CommandEnvelope {
        guard bytes.count <= maxValueBytes else {
            throw EnvelopeError(.tooLarge(bytes: bytes.count, limit: maxValueBytes), id: nil)
        }
        let buffer = UnsafeBufferPointer<UInt8>(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                                count: bytes.count)
        let fields: EnvelopeFields
        do {
            fields = try EnvelopeFields.read(buffer, limits: parser.limits)
        } catch {
            throw EnvelopeError(.malformedJSON(error), id: nil)
        }
        if let found = fields.notAnObject { throw EnvelopeError(.notAnObject(found: found), id: nil) }
        return try validate(id: fields.id, chat: fields.chat, sender: fields.sender, text: fields.text,
                            sentAt: fields.sentAt, lang: fields.lang)
    }

    public static func decode(_ bytes: [UInt8]) throws(EnvelopeError) -> CommandEnvelope {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(EnvelopeError) -> CommandEnvelope in try decode(raw) }
        }
        return try result.get()
    }

    public static func decode(_ bytes: some Collection<UInt8>) throws(EnvelopeError) -> CommandEnvelope {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(EnvelopeError) -> CommandEnvelope in try decode(UnsafeRawBufferPointer(buffer)) }
        }
        if let result { return try result.get() }
        return try decode(Array(bytes))
    }

    /// Validates an already parsed envelope object.
    public static func decode(_ object: JSONObject) throws(EnvelopeError) -> CommandEnvelope {
        try validate(id: object["id"], chat: object["chat"], sender: object["sender"], text: object["text"],
                     sentAt: object["sent_at"], lang: object["lang"])
    }

    static func validate(id idValue: JSONValue?, chat chatValue: JSONValue?, sender senderValue: JSONValue?,
                         text textValue: JSONValue?, sentAt sentAtValue: JSONValue?,
                         lang langValue: JSONValue?) throws(EnvelopeError) -> CommandEnvelope {
        // The id is checked first so every later error can still name it.
        let id = try identifier(idValue, "id", idLength, knownID: nil)
        let chat = try identifier(chatValue, "chat", chatLength, knownID: id)
        let sender = try identifier(senderValue, "sender", senderLength, knownID: id)

        guard let textValue else { throw EnvelopeError(.missingField("text"), id: id) }
        guard case .string(let text) = textValue else {
            throw EnvelopeError(.wrongType(field: "text", expected: "string", found: textValue.typeName), id: id)
        }
        try checkLength(text, "text", textLength, id: id)
        if let control = TextRules.firstControl(in: text, allowingLineBreaks: true) {
            throw EnvelopeError(.controlCharacter(field: "text", scalar: control.value), id: id)
        }

        var sentAt: Date?
        switch sentAtValue {
        case nil, .null?:
            break
        case .string(let stamp)?:
            guard let date = RFC3339.parse(stamp) else { throw EnvelopeError(.invalidTimestamp(field: "sent_at"), id: id) }
            sentAt = date
        case let other?:
            throw EnvelopeError(.wrongType(field: "sent_at", expected: "string", found: other.typeName), id: id)
        }

        var lang: Lang?
        switch langValue {
        case nil, .null?:
            break
        case .string(let code)?:
            // Exact codes first (no case folding on the hot path); `Lang(code:)`
            // then accepts other cases: "EN" is `en`.
            switch code {
            case "id": lang = .id
            case "en": lang = .en
            default:
                guard let parsed = Lang(code: code) else { throw EnvelopeError(.invalidLanguage(code), id: id) }
                lang = parsed
            }
        case let other?:
            throw EnvelopeError(.wrongType(field: "lang", expected: "string", found: other.typeName), id: id)
        }

        return CommandEnvelope(id: id, chat: chat, sender: sender, text: text, sentAt: sentAt, lang: lang)
    }

    /// A required string field with a length range and no control characters.
    /// `knownID` is nil while checking `id` itself.
    private static func identifier(_ value: JSONValue?, _ field: String, _ allowed: ClosedRange<Int>,
                                   knownID: String?) throws(EnvelopeError) -> String {
        guard let value else { throw EnvelopeError(.missingField(field), id: knownID) }
        guard case .string(let text) = value else {
            throw EnvelopeError(.wrongType(field: field, expected: "string", found: value.typeName), id: knownID)
        }
        try checkLength(text, field, allowed, id: knownID)
        if let control = TextRules.firstControl(in: text, allowingLineBreaks: false) {
            throw EnvelopeError(.controlCharacter(field: field, scalar: control.value), id: knownID)
        }
        return text
    }

    private static func checkLength(_ text: String, _ field: String, _ allowed: ClosedRange<Int>,
                                    id: String?) throws(EnvelopeError) {
        // Fast accept without counting: the scalar count is at most the UTF-8
        // length and non-zero exactly when the UTF-8 length is.
        let bytes = text.utf8.count
        if allowed.lowerBound <= 1, bytes >= allowed.lowerBound, bytes <= allowed.upperBound { return }
        let count = TextRules.scalarCount(text)
        guard allowed.contains(count) else {
            throw EnvelopeError(.badLength(field: field, count: count, allowed: allowed), id: id)
        }
    }

    // MARK: Encoding

    /// Compact JSON in the contract's field order; `sent_at` in UTC
    /// (milliseconds when the instant has them), absent fields omitted.
    public func encode() -> [UInt8] {
        var writer = JSONWriter(capacity: 96 + id.utf8.count + chat.utf8.count + sender.utf8.count + text.utf8.count)
        writer.beginObject()
        writer.key(literal: "id")
        writer.string(id)
        writer.key(literal: "chat")
        writer.string(chat)
        writer.key(literal: "sender")
        writer.string(sender)
        writer.key(literal: "text")
        writer.string(text)
        if let sentAt {
            writer.key(literal: "sent_at")
            writer.string(RFC3339.format(sentAt))
        }
        if let lang {
            writer.key(literal: "lang")
            writer.string(lang.rawValue)
        }
        writer.endObject()
        return writer.finish()
    }
}

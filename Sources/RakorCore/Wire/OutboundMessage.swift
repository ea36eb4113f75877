/// What the bot publishes on `rakor.replies`: a reply to a command, or a
/// message nobody asked for (reminder, escalation, notice).
///
/// Top-level members beyond the contract's go in `extensions` (e.g.
/// `"late": true` on a reminder sent after its time), so new fields need no
/// new type. Contract members always win over an extension of the same name.
public struct OutboundMessage: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case reply
        case reminder
        case escalation
        case notice
    }

    /// The `error` member of a failed reply.
    public struct Failure: Sendable, Hashable {
        public var code: ErrorCode
        public var message: String

        public init(code: ErrorCode, message: String) {
            self.code = code
            self.message = message
        }
    }

    public var id: String
    public var kind: Kind
    /// The command id this answers; nil (JSON `null`) for unsolicited messages
    /// and for replies to records that had no valid id.
    public var inReplyTo: String?
    public var chat: String
    public var ok: Bool
    public var text: String
    public var data: JSONValue?
    public var error: Failure?
    /// The language `text` is written in.
    public var lang: Lang?
    /// Further top-level members, written after the contract's.
    public var extensions: JSONObject

    /// The members this type owns; extensions with these names are not written.
    public static let contractKeys: Set<String> = ["id", "kind", "in_reply_to", "chat", "ok", "text", "data", "error", "lang"]

    public init(id: String, kind: Kind, inReplyTo: String?, chat: String, ok: Bool, text: String,
                data: JSONValue? = nil, error: Failure? = nil, lang: Lang? = nil, extensions: JSONObject = JSONObject()) {
        self.id = id
        self.kind = kind
        self.inReplyTo = inReplyTo
        self.chat = chat
        self.ok = ok
        self.text = text
        self.data = data
        self.error = error
        self.lang = lang
        self.extensions = extensions
    }

    /// The reply id for a command id: `r-<command id>` (contract: derived
    /// from the command id, so a re-sent reply is recognisably the same).
    public static func replyID(for commandID: String) -> String {
        "r-" + commandID
    }

    /// A successful reply to a command.
    public static func reply(to commandID: String, chat: String, text: String, data: JSONValue? = nil,
                             lang: Lang? = nil) -> OutboundMessage {
        OutboundMessage(id: replyID(for: commandID), kind: .reply, inReplyTo: commandID, chat: chat, ok: true,
                        text: text, data: data, lang: lang)
    }

    /// A failed reply: `ok: false`, the failure's message in `lang` as both
    /// `text` and `error.message`. `replyID` defaults to `r-<commandID>`; a
    /// record without a valid id passes nil and its own id
    /// (`r-<topic>-<partition>-<offset>`).
    public static func failure(to commandID: String?, replyID: String? = nil, chat: String,
                               failure: CommandFailure, lang: Lang) -> OutboundMessage {
        let message = failure.message(lang)
        return OutboundMessage(id: replyID ?? commandID.map(Self.replyID(for:)) ?? "r-unknown", kind: .reply,
                               inReplyTo: commandID, chat: chat, ok: false, text: message,
                               error: Failure(code: failure.code, message: message), lang: lang)
    }

    // MARK: Encoding

    public func encode() -> [UInt8] {
        var writer = JSONWriter(capacity: 160 + text.utf8.count + chat.utf8.count + 2 * id.utf8.count)
        write(to: &writer)
        return writer.finish()
    }

    /// Appends the compact JSON to `buffer`.
    public func encode(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: encode())
    }

    /// Writes the message as the next value of `writer` (e.g. into an array of replies).
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key(literal: "id")
        writer.string(id)
        writer.key(literal: "kind")
        writer.string(kind.rawValue)
        writer.key(literal: "in_reply_to")
        if let inReplyTo { writer.string(inReplyTo) } else { writer.null() }
        writer.key(literal: "chat")
        writer.string(chat)
        writer.key(literal: "ok")
        writer.bool(ok)
        writer.key(literal: "text")
        writer.string(text)
        if let lang {
            writer.key(literal: "lang")
            writer.string(lang.rawValue)
        }
        if let data {
            writer.key(literal: "data")
            writer.value(data)
        }
        if let error {
            writer.key(literal: "error")
            writer.beginObject()
            writer.key(literal: "code")
            writer.string(error.code.rawValue)
            writer.key(literal: "message")
            writer.string(error.message)
            writer.endObject()
        }
        for (key, value) in extensions where !Self.contractKeys.contains(key) {
            writer.key(key)
            writer.value(value)
        }
        writer.endObject()
    }

    // MARK: Decoding

    /// Decodes a `rakor.replies` value (tests, the chat console). Strict on
    /// the contract's members, keeps every other member in `extensions`.
    public static func decode(_ bytes: [UInt8]) throws(WireDecodingError) -> OutboundMessage {
        let value: JSONValue
        do {
            value = try JSONParser().parse(bytes)
        } catch {
            throw .malformed(error)
        }
        guard case .object(let object) = value else {
            throw WireDecodingError(field: nil, reason: "must be a JSON object, not \(value.typeName)")
        }

        func string(_ key: String) throws(WireDecodingError) -> String {
            guard let member = object[key] else { throw .missing(key) }
            guard case .string(let text) = member else { throw .wrongType(key, expected: "a string", found: member) }
            return text
        }

        let id = try string("id")
        let kindText = try string("kind")
        guard let kind = Kind(rawValue: kindText) else {
            throw WireDecodingError(field: "kind", reason: "unknown kind \"\(JSONError.clip(kindText))\"")
        }
        let inReplyTo: String?
        switch object["in_reply_to"] {
        case nil, .null?: inReplyTo = nil
        case .string(let text)?: inReplyTo = text
        case let other?: throw .wrongType("in_reply_to", expected: "a string or null", found: other)
        }
        let chat = try string("chat")
        guard let okValue = object["ok"] else { throw .missing("ok") }
        guard case .bool(let ok) = okValue else { throw .wrongType("ok", expected: "a boolean", found: okValue) }
        let text = try string("text")

        var lang: Lang?
        switch object["lang"] {
        case nil, .null?: break
        case .string(let code)?:
            guard let parsed = Lang(code: code) else {
                throw WireDecodingError(field: "lang", reason: "must be \"id\" or \"en\"")
            }
            lang = parsed
        case let other?: throw .wrongType("lang", expected: "a string", found: other)
        }

        var data: JSONValue?
        if let member = object["data"], !member.isNull { data = member }

        var failure: Failure?
        switch object["error"] {
        case nil, .null?: break
        case .object(let errorObject)?:
            guard case .string(let codeText)? = errorObject["code"] else {
                throw WireDecodingError(field: "error.code", reason: "must be a string")
            }
            guard let code = ErrorCode(rawValue: codeText) else {
                throw WireDecodingError(field: "error.code", reason: "unknown code \"\(JSONError.clip(codeText))\"")
            }
            guard case .string(let message)? = errorObject["message"] else {
                throw WireDecodingError(field: "error.message", reason: "must be a string")
            }
            failure = Failure(code: code, message: message)
        case let other?: throw .wrongType("error", expected: "an object", found: other)
        }

        var extensions = JSONObject()
        for (key, value) in object where !contractKeys.contains(key) {
            extensions.appendNew(key, value)
        }
        return OutboundMessage(id: id, kind: kind, inReplyTo: inReplyTo, chat: chat, ok: ok, text: text,
                               data: data, error: failure, lang: lang, extensions: extensions)
    }
}

import Foundation

/// The envelope's members read straight from the bytes, without building a
/// `JSONObject`: the six known keys are matched as bytes (no key strings are
/// created), their values kept, every other member parsed (so the whole value
/// is still checked as strict JSON) and dropped. Duplicate keys are refused
/// exactly as the generic parser does. This is the per-command hot path.
struct EnvelopeFields {
    var id: JSONValue?
    var chat: JSONValue?
    var sender: JSONValue?
    var text: JSONValue?
    var sentAt: JSONValue?
    var lang: JSONValue?
    /// Set when the value is valid JSON but not an object (its type name).
    var notAnObject: String?

    private enum Field: Int {
        case id, chat, sender, text, sentAt, lang
    }

    static func read(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) throws(JSONError) -> EnvelopeFields {
        var reader = JSONReader(bytes: bytes, limits: limits)
        var fields = EnvelopeFields()
        guard bytes.count <= limits.maxBytes else {
            throw JSONError(.tooLarge(limit: limits.maxBytes), at: limits.maxBytes)
        }
        reader.skipWhitespace()
        guard reader.pos < reader.end, bytes[reader.pos] == UInt8(ascii: "{"), reader.maxDepth > 0 else {
            // Not an object (or depth 0 allowed): the generic parser reports
            // syntax errors; valid JSON of another type is `notAnObject`.
            reader.pos = 0
            fields.notAnObject = try reader.parseDocument().typeName
            return fields
        }
        reader.pos += 1
        reader.skipWhitespace()
        if reader.pos < reader.end, bytes[reader.pos] == UInt8(ascii: "}") {
            reader.pos += 1
        } else {
            var seen = 0
            var members = 0
            var otherKeys = JSONObject()
            while true {
                guard reader.pos < reader.end else { throw JSONError(.unexpectedEnd, at: reader.pos) }
                guard bytes[reader.pos] == UInt8(ascii: "\"") else { throw reader.unexpected(at: reader.pos) }
                let keyOffset = reader.pos
                guard members < limits.maxMembers else {
                    throw JSONError(.tooManyMembers(limit: limits.maxMembers), at: keyOffset)
                }
                members += 1
                let token = try reader.readStringToken()
                let field: Field?
                switch token {
                case .span(let range): field = match(UnsafeBufferPointer(rebasing: bytes[range]))
                case .unescaped(let key): field = ByteScan.withUTF8(key) { match($0) }
                }
                if let field {
                    guard seen & (1 << field.rawValue) == 0 else {
                        throw JSONError(.duplicateKey(key(of: token, in: bytes)), at: keyOffset)
                    }
                    seen |= 1 << field.rawValue
                } else {
                    let key = key(of: token, in: bytes)
                    guard otherKeys.insertNew(key, .null) else { throw JSONError(.duplicateKey(key), at: keyOffset) }
                }
                reader.skipWhitespace()
                guard reader.pos < reader.end else { throw JSONError(.unexpectedEnd, at: reader.pos) }
                guard bytes[reader.pos] == UInt8(ascii: ":") else { throw reader.unexpected(at: reader.pos) }
                reader.pos += 1
                reader.skipWhitespace()

                let value: JSONValue
                if reader.pos < reader.end, bytes[reader.pos] == UInt8(ascii: "\""), field != nil {
                    value = .string(try reader.readString())
                } else {
                    value = try reader.parseValue(depth: 1)
                }
                switch field {
                case .id?: fields.id = value
                case .chat?: fields.chat = value
                case .sender?: fields.sender = value
                case .text?: fields.text = value
                case .sentAt?: fields.sentAt = value
                case .lang?: fields.lang = value
                case nil: break
                }

                reader.skipWhitespace()
                guard reader.pos < reader.end else { throw JSONError(.unexpectedEnd, at: reader.pos) }
                let separator = bytes[reader.pos]
                reader.pos += 1
                if separator == UInt8(ascii: "}") { break }
                guard separator == UInt8(ascii: ",") else { throw reader.unexpected(at: reader.pos - 1) }
                reader.skipWhitespace()
            }
        }
        reader.skipWhitespace()
        guard reader.pos == reader.end else { throw JSONError(.trailingData, at: reader.pos) }
        return fields
    }

    private static func key(of token: JSONReader.StringToken, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch token {
        case .span(let range): String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        case .unescaped(let key): key
        }
    }

    private static func match(_ key: UnsafeBufferPointer<UInt8>) -> Field? {
        func equals(_ literal: StaticString) -> Bool {
            memcmp(key.baseAddress.unsafelyUnwrapped, literal.utf8Start, key.count) == 0
        }
        switch key.count {
        case 2: return equals("id") ? .id : nil
        case 4:
            if equals("chat") { return .chat }
            if equals("text") { return .text }
            if equals("lang") { return .lang }
            return nil
        case 6: return equals("sender") ? .sender : nil
        case 7: return equals("sent_at") ? .sentAt : nil
        default: return nil
        }
    }
}

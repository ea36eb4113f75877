/// Why a JSON text was refused and where: `offset` is the byte offset of the
/// offending byte (the input's length for a premature end).
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The input is longer than `JSONLimits.maxBytes`.
        case tooLarge(limit: Int)
        /// Arrays/objects nest deeper than `JSONLimits.maxDepth`.
        case tooDeep(limit: Int)
        case stringTooLong(limit: Int)
        case tooManyMembers(limit: Int)
        case numberTooLong(limit: Int)
        /// The input ended inside a value (or was empty).
        case unexpectedEnd
        /// A byte that cannot start or continue a value here.
        case unexpectedByte(UInt8)
        case invalidUTF8
        /// A raw byte below 0x20 inside a string (it must be escaped).
        case controlCharacterInString
        case invalidEscape
        /// A `\uD800`–`\uDFFF` escape that is not half of a proper pair.
        case loneSurrogate
        /// Leading zero, missing digits, `NaN`, `Infinity`, …
        case invalidNumber
        /// A number whose magnitude overflows a Double (e.g. `1e400`).
        case numberOutOfRange
        case duplicateKey(String)
        /// Something other than whitespace after the value.
        case trailingData
    }

    public var kind: Kind
    public var offset: Int

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// What went wrong, in both languages, without the offset.
    public var reason: Localized {
        switch kind {
        case .tooLarge(let limit):
            Localized(id: "lebih dari \(limit) byte", en: "more than \(limit) bytes")
        case .tooDeep(let limit):
            Localized(id: "bersarang lebih dari \(limit) tingkat", en: "nested deeper than \(limit) levels")
        case .stringTooLong(let limit):
            Localized(id: "string lebih dari \(limit) byte", en: "string longer than \(limit) bytes")
        case .tooManyMembers(let limit):
            Localized(id: "lebih dari \(limit) anggota dalam satu array/objek",
                      en: "more than \(limit) members in one array/object")
        case .numberTooLong(let limit):
            Localized(id: "angka lebih dari \(limit) karakter", en: "number longer than \(limit) characters")
        case .unexpectedEnd:
            Localized(id: "data berakhir sebelum waktunya", en: "unexpected end of data")
        case .unexpectedByte(let byte):
            Localized(id: "karakter tak terduga \(JSONError.show(byte))", en: "unexpected character \(JSONError.show(byte))")
        case .invalidUTF8:
            Localized(id: "UTF-8 tidak sah", en: "invalid UTF-8")
        case .controlCharacterInString:
            Localized(id: "karakter kendali tanpa escape dalam string", en: "unescaped control character in string")
        case .invalidEscape:
            Localized(id: "escape tidak sah dalam string", en: "invalid escape in string")
        case .loneSurrogate:
            Localized(id: "surrogate \\u tanpa pasangan", en: "unpaired surrogate \\u escape")
        case .invalidNumber:
            Localized(id: "angka tidak sah", en: "invalid number")
        case .numberOutOfRange:
            Localized(id: "angka di luar jangkauan", en: "number out of range")
        case .duplicateKey(let key):
            Localized(id: "kunci ganda \"\(JSONError.clip(key))\"", en: "duplicate key \"\(JSONError.clip(key))\"")
        case .trailingData:
            Localized(id: "ada data setelah nilai JSON", en: "data after the JSON value")
        }
    }

    /// Reason and offset in both languages.
    public var message: Localized {
        let reason = self.reason
        return Localized(id: "\(reason.id) pada byte \(offset)", en: "\(reason.en) at byte \(offset)")
    }

    public var description: String { message.en }

    static func show(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "0x" + (hex.count < 2 ? "0" + hex : hex)
    }

    /// Hostile keys can be huge or contain anything; messages show a short, printable prefix.
    static func clip(_ text: String) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 40 { out += "…"; break }
            out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
            count += 1
        }
        return out
    }
}

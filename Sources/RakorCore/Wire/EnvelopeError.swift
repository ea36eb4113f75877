/// Why a `rakor.commands` record was refused. The bot turns it into a failed
/// reply (`error.code`, `error.message` in the sender's language) and a
/// `rakor.command.rejected` audit event.
public struct EnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        /// The value is over the 1 MiB limit (code `too_large`).
        case tooLarge(bytes: Int, limit: Int)
        case malformedJSON(JSONError)
        case notAnObject(found: String)
        case missingField(String)
        case wrongType(field: String, expected: String, found: String)
        /// Length in Unicode scalars outside the allowed range.
        case badLength(field: String, count: Int, allowed: ClosedRange<Int>)
        case controlCharacter(field: String, scalar: UInt32)
        case invalidTimestamp(field: String)
        case invalidLanguage(String)
    }

    public var problem: Problem
    /// `too_large` or `invalid_envelope`.
    public var code: ErrorCode
    /// For the sender, naming the field.
    public var message: Localized
    /// The envelope's `id` when it was present and valid, so the reply can
    /// carry `in_reply_to` even though the rest was refused.
    public var id: String?

    public init(_ problem: Problem, id: String?) {
        self.problem = problem
        self.id = id
        self.code = if case .tooLarge = problem { .tooLarge } else { .invalidEnvelope }
        self.message = EnvelopeError.message(for: problem)
    }

    /// The field at fault, if one is.
    public var field: String? {
        switch problem {
        case .missingField(let field), .wrongType(let field, _, _), .badLength(let field, _, _),
             .controlCharacter(let field, _), .invalidTimestamp(let field):
            field
        case .invalidLanguage:
            "lang"
        case .tooLarge, .malformedJSON, .notAnObject:
            nil
        }
    }

    public var description: String { "\(code.rawValue): \(message.en)" }

    static func typeName(_ expected: String) -> Localized {
        switch expected {
        case "string": Localized(id: "teks (string)", en: "a string")
        case "number": Localized(id: "angka", en: "a number")
        case "boolean": Localized(id: "boolean", en: "a boolean")
        case "object": Localized(id: "objek", en: "an object")
        case "array": Localized(id: "array", en: "an array")
        case "null": Localized(id: "null", en: "null")
        default: Localized(expected)
        }
    }

    static func message(for problem: Problem) -> Localized {
        switch problem {
        case .tooLarge(let bytes, let limit):
            return Localized(id: "Pesan terlalu besar: \(bytes) byte, batasnya \(limit) byte.",
                             en: "Message too large: \(bytes) bytes; the limit is \(limit) bytes.")
        case .malformedJSON(let error):
            let message = error.message
            return Localized(id: "Amplop pesan bukan JSON yang sah: \(message.id).",
                             en: "The envelope is not valid JSON: \(message.en).")
        case .notAnObject(let found):
            let found = typeName(found)
            return Localized(id: "Amplop pesan harus berupa objek JSON, bukan \(found.id).",
                             en: "The envelope must be a JSON object, not \(found.en).")
        case .missingField(let field):
            return Localized(id: "Kolom `\(field)` wajib ada.", en: "Field `\(field)` is required.")
        case .wrongType(let field, let expected, let found):
            let want = typeName(expected)
            let got = typeName(found)
            return Localized(id: "Kolom `\(field)` harus berupa \(want.id), bukan \(got.id).",
                             en: "Field `\(field)` must be \(want.en), not \(got.en).")
        case .badLength(let field, let count, let allowed):
            let range = allowed.upperBound == Int.max ? "\(allowed.lowerBound)+" : "\(allowed.lowerBound)–\(allowed.upperBound)"
            if count == 0 {
                return Localized(id: "Kolom `\(field)` tidak boleh kosong.", en: "Field `\(field)` must not be empty.")
            }
            return Localized(id: "Kolom `\(field)` harus \(range) karakter; panjangnya \(count).",
                             en: "Field `\(field)` must be \(range) characters long; it has \(count).")
        case .controlCharacter(let field, let scalar):
            let point = Unicode.Scalar(scalar).map(TextRules.codePoint) ?? "U+?"
            return Localized(id: "Kolom `\(field)` berisi karakter kendali \(point).",
                             en: "Field `\(field)` contains the control character \(point).")
        case .invalidTimestamp(let field):
            return Localized(
                id: "Kolom `\(field)` harus berupa waktu RFC 3339 dengan zona, mis. 2024-11-20T09:15:00+08:00.",
                en: "Field `\(field)` must be an RFC 3339 timestamp with an offset, e.g. 2024-11-20T09:15:00+08:00.")
        case .invalidLanguage(let value):
            let shown = JSONError.clip(value)
            return Localized(id: "Kolom `lang` harus \"id\" atau \"en\", bukan \"\(shown)\".",
                             en: "Field `lang` must be \"id\" or \"en\", not \"\(shown)\".")
        }
    }
}

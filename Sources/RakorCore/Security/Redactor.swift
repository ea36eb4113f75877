/// Masks secret-looking values in JSON before it is written anywhere lasting
/// (audit data is kept for years and read by many).
///
/// A member is secret when its key, split into words at `_`, `-`, `.`,
/// spaces and camelCase boundaries and lower-cased, contains a sensitive word
/// (`password`, `secret`, `token`, `key`, `signature`, `authorization`, …,
/// also Indonesian `sandi`, `rahasia`) or is one run together (`apikey`,
/// `accesstoken`). Whole-word matching keeps `keyword`/`kata_kunci` readable;
/// `key_id`/`keyId` are identifiers, not secrets, and stay visible. Its value,
/// whatever its type, becomes `"[redacted]"`. Independently, any string that
/// is an HTTP credential (`Bearer …`, `Basic …`) is masked wherever it is.
///
/// Every audit event's data passes through here, so the common case (nothing
/// to mask) returns the value untouched without rebuilding it, and ASCII keys
/// are split without Unicode tables or allocation.
public struct Redactor: Sendable, Hashable {
    public var sensitiveWords: Set<String> {
        didSet { wordBytes = Redactor.bytes(of: sensitiveWords) }
    }
    public var mask: JSONValue
    /// `sensitiveWords` lower-cased as UTF-8, for the allocation-free ASCII path.
    private var wordBytes: [[UInt8]]

    public static let defaultWords: Set<String> = [
        "password", "passwords", "passwd", "pwd", "passphrase",
        "secret", "secrets", "token", "tokens", "key", "keys", "signature", "signatures",
        "authorization", "auth", "credential", "credentials", "cookie", "cookies",
        "apikey", "accesstoken", "refreshtoken", "privatekey", "secretkey", "accesskey", "clientsecret",
        "sandi", "katasandi", "rahasia",
    ]

    /// Words that, following `key`, name the key rather than hold it.
    static let keyQualifiers: Set<String> = ["id", "ids", "name", "names"]

    public static let standard = Redactor()

    public init(sensitiveWords: Set<String> = Redactor.defaultWords, mask: JSONValue = "[redacted]") {
        self.sensitiveWords = sensitiveWords
        self.mask = mask
        self.wordBytes = Redactor.bytes(of: sensitiveWords)
    }

    private static func bytes(of words: Set<String>) -> [[UInt8]] {
        words.map { Array($0.lowercased().utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    public func redact(_ value: JSONValue) -> JSONValue {
        needsRedaction(value) ? rebuild(value) : value
    }

    private func needsRedaction(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let object):
            for member in object.members where isSensitive(key: member.key) || needsRedaction(member.value) {
                return true
            }
            return false
        case .array(let elements):
            return elements.contains { needsRedaction($0) }
        case .string(let text):
            return looksLikeCredential(text)
        case .null, .bool, .int, .double:
            return false
        }
    }

    private func rebuild(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var out = JSONObject(minimumCapacity: object.count)
            for member in object.members {
                out.appendNew(member.key, isSensitive(key: member.key) ? mask : redact(member.value))
            }
            return .object(out)
        case .array(let elements):
            return .array(elements.map(redact))
        case .string(let text):
            return looksLikeCredential(text) ? mask : value
        case .null, .bool, .int, .double:
            return value
        }
    }

    public func isSensitive(key: String) -> Bool {
        let fast: Bool?? = key.utf8.withContiguousStorageIfAvailable { utf8 in
            utf8.allSatisfy { $0 < 0x80 } ? isSensitiveASCII(utf8) : nil
        }
        if let fast, let answer = fast { return answer }
        return isSensitive(words: Redactor.words(of: key))
    }

    private func isSensitive(words: [String]) -> Bool {
        for (position, word) in words.enumerated() where sensitiveWords.contains(word) {
            if word == "key" || word == "keys", position + 1 < words.count, Redactor.keyQualifiers.contains(words[position + 1]) {
                continue
            }
            return true
        }
        return false
    }

    /// The same rule over ASCII bytes: words are visited in order, a `key`
    /// word waits for the next one to see whether it is `id`/`name`.
    private func isSensitiveASCII(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(utf8.count, 1)) { lower in
            var pendingKey = false
            var length = 0
            var previousWasLower = false

            func finishWord() -> Bool? {
                defer { length = 0 }
                guard length > 0 else { return nil }
                let word = UnsafeBufferPointer(rebasing: lower[0..<length])
                if pendingKey {
                    pendingKey = false
                    if Redactor.isQualifier(word) { return nil }
                    return true
                }
                if Redactor.equals(word, "key") || Redactor.equals(word, "keys") {
                    if wordBytes.contains(where: { $0.elementsEqual(word) }) { pendingKey = true }
                    return nil
                }
                return wordBytes.contains { $0.count == word.count && $0.elementsEqual(word) } ? true : nil
            }

            for index in utf8.indices {
                let byte = utf8[index]
                let isUpper = byte >= 0x41 && byte <= 0x5A
                let isLower = byte >= 0x61 && byte <= 0x7A
                let isDigit = byte >= 0x30 && byte <= 0x39
                guard isUpper || isLower || isDigit else {
                    if finishWord() == true { return true }
                    previousWasLower = false
                    continue
                }
                let nextIsLower = index + 1 < utf8.count && utf8[index + 1] >= 0x61 && utf8[index + 1] <= 0x7A
                if isUpper, length > 0, previousWasLower || nextIsLower {
                    if finishWord() == true { return true }
                }
                lower[length] = isUpper ? byte | 0x20 : byte
                length += 1
                previousWasLower = isLower || isDigit
            }
            if finishWord() == true { return true }
            return pendingKey
        }
    }

    private static func equals(_ word: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        word.count == literal.utf8CodeUnitCount
            && word.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private static func isQualifier(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        equals(word, "id") || equals(word, "ids") || equals(word, "name") || equals(word, "names")
    }

    func looksLikeCredential(_ text: String) -> Bool {
        func hasPrefix(_ literal: StaticString) -> Bool {
            var iterator = text.utf8.makeIterator()
            for expected in UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount) {
                guard let byte = iterator.next() else { return false }
                let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                guard lowered == expected else { return false }
            }
            return true
        }
        return hasPrefix("bearer ") || hasPrefix("basic ")
    }

    /// `apiKey` → [api, key]; `X-Signature` → [x, signature]; `HTTPToken` → [http, token].
    static func words(of key: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        let scalars = Array(key.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let isUpper = scalar.properties.isUppercase
            let isAlnum = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            guard isAlnum else {
                if !current.isEmpty { words.append(current.lowercased()) }
                current = ""
                previousWasLower = false
                continue
            }
            // A boundary before an upper-case letter that follows a lower-case
            // one (apiKey) or that starts a word after an acronym (HTTPToken).
            let nextIsLower = index + 1 < scalars.count && scalars[index + 1].properties.isLowercase
            if isUpper, !current.isEmpty, previousWasLower || nextIsLower {
                words.append(current.lowercased())
                current = ""
            }
            current.unicodeScalars.append(scalar)
            previousWasLower = scalar.properties.isLowercase || scalar.properties.numericType != nil
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }
}

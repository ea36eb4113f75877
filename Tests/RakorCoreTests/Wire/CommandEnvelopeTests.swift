import Foundation
import Testing
@testable import RakorCore

private func decodeError(_ bytes: [UInt8]) -> EnvelopeError? {
    do {
        _ = try CommandEnvelope.decode(bytes)
        return nil
    } catch {
        return error
    }
}

private func decodeError(_ text: String) -> EnvelopeError? { decodeError(Array(text.utf8)) }

private func envelopeJSON(_ fields: JSONObject) -> [UInt8] { JSONWriter.serialize(.object(fields)) }

private let valid: JSONObject = [
    "id": "9f1c2d7e-0b5a-4c1e-9d3f-2a6b8c0e1f47", "chat": "wa:group-kesbangpol-kalsel", "sender": "u-heriansyah",
    "text": "/tenggat pemungutan suara pilkada 2024", "sent_at": "2024-11-20T09:15:00+08:00", "lang": "id",
]

private func with(_ key: String, _ value: JSONValue?) -> [UInt8] {
    var fields = valid
    fields[key] = value
    return envelopeJSON(fields)
}

@Suite struct CommandEnvelopeTests {
    @Test func decodesTheContractExample() throws {
        let text = #"""
        {"id": "9f1c2d7e-0b5a-4c1e-9d3f-2a6b8c0e1f47",
         "chat": "wa:group-kesbangpol-kalsel",
         "sender": "u-heriansyah",
         "text": "/tenggat pemungutan suara pilkada 2024",
         "sent_at": "2024-11-20T09:15:00+08:00",
         "lang": "id"}
        """#
        let envelope = try CommandEnvelope.decode(Array(text.utf8))
        #expect(envelope.id == "9f1c2d7e-0b5a-4c1e-9d3f-2a6b8c0e1f47")
        #expect(envelope.chat == "wa:group-kesbangpol-kalsel")
        #expect(envelope.sender == "u-heriansyah")
        #expect(envelope.text == "/tenggat pemungutan suara pilkada 2024")
        #expect(envelope.sentAt == Date(timeIntervalSince1970: 1_732_065_300))
        #expect(envelope.lang == .id)
    }

    @Test func optionalFieldsMayBeAbsentOrNull() throws {
        let minimal = try CommandEnvelope.decode(Array(#"{"id":"a","chat":"c","sender":"s","text":"t"}"#.utf8))
        #expect(minimal == CommandEnvelope(id: "a", chat: "c", sender: "s", text: "t"))
        let nulls = try CommandEnvelope.decode(Array(#"{"id":"a","chat":"c","sender":"s","text":"t","sent_at":null,"lang":null}"#.utf8))
        #expect(nulls.sentAt == nil)
        #expect(nulls.lang == nil)
        #expect(try CommandEnvelope.decode(with("lang", "EN")).lang == .en)
    }

    @Test func unknownFieldsAreIgnored() throws {
        var fields = valid
        fields["bridge"] = ["version": 2, "tags": ["x", 1.5, nil]]
        fields["reply_to_message"] = "m-1"
        let envelope = try CommandEnvelope.decode(envelopeJSON(fields))
        #expect(envelope.id == valid["id"]?.stringValue)
    }

    @Test func acceptsOtherByteContainers() throws {
        let bytes = envelopeJSON(valid)
        let viaSlice = try CommandEnvelope.decode(bytes[...])
        let viaData = try CommandEnvelope.decode(Data(bytes))
        #expect(viaSlice == viaData)
        #expect(viaSlice.id == "9f1c2d7e-0b5a-4c1e-9d3f-2a6b8c0e1f47")
    }

    // MARK: Size

    @Test func twoMebibytesIsTooLarge() {
        var fields = valid
        fields["padding"] = .string(String(repeating: "x", count: 2 << 20))
        let error = decodeError(envelopeJSON(fields))
        #expect(error?.code == .tooLarge)
        #expect(error?.problem == .tooLarge(bytes: envelopeJSON(fields).count, limit: 1_048_576))
        #expect(error?.id == nil)
        #expect(error?.message.en.contains("1048576") == true)
    }

    @Test func oneMebibyteExactlyIsAccepted() throws {
        var bytes = envelopeJSON(valid)
        let closing = bytes.removeLast()
        bytes.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: 1_048_576 - bytes.count - 1))
        bytes.append(closing)
        #expect(bytes.count == 1_048_576)
        #expect(try CommandEnvelope.decode(bytes).text == "/tenggat pemungutan suara pilkada 2024")
        bytes.insert(UInt8(ascii: " "), at: 1)
        #expect(decodeError(bytes)?.code == .tooLarge)
    }

    // MARK: Malformed JSON

    @Test(arguments: [
        "", "{", "not json", #"{"id":"a",}"#, "{\"id\":\"a\"} trailing", #"{"id":"a","id":"b","chat":"c","sender":"s","text":"t"}"#,
    ])
    func malformedJSONIsInvalidEnvelope(text: String) {
        let error = decodeError(text)
        #expect(error?.code == .invalidEnvelope)
        guard case .malformedJSON? = error?.problem else {
            Issue.record("expected malformedJSON, got \(String(describing: error))")
            return
        }
        #expect(error?.id == nil)
    }

    @Test func invalidUTF8IsInvalidEnvelope() {
        var bytes = envelopeJSON(valid)
        let index = bytes.firstIndex(of: UInt8(ascii: "/")) ?? 0
        bytes[index] = 0xC0
        #expect(decodeError(bytes)?.problem == .malformedJSON(JSONError(.invalidUTF8, at: index)))
    }

    @Test func deepNestingInAnUnknownFieldIsRefused() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let text = #"{"id":"a","chat":"c","sender":"s","text":"t","x":"# + deep + "}"
        let error = decodeError(text)
        #expect(error?.code == .invalidEnvelope)
        #expect(error?.problem == .malformedJSON(JSONError(.tooDeep(limit: 64), at: 112)))
    }

    @Test(arguments: ["[]", "\"text\"", "null", "42", "true"])
    func topLevelMustBeAnObject(text: String) {
        let error = decodeError(text)
        #expect(error?.code == .invalidEnvelope)
        guard case .notAnObject? = error?.problem else {
            Issue.record("expected notAnObject, got \(String(describing: error))")
            return
        }
    }

    // MARK: Fields

    @Test(arguments: ["id", "chat", "sender", "text"])
    func requiredFieldsMustBePresent(field: String) {
        let error = decodeError(with(field, nil))
        #expect(error?.problem == .missingField(field))
        #expect(error?.field == field)
        #expect(error?.message.en == "Field `\(field)` is required.")
        #expect(error?.message.id == "Kolom `\(field)` wajib ada.")
        #expect(error?.id == (field == "id" ? nil : valid["id"]?.stringValue))
    }

    @Test(arguments: ["id", "chat", "sender", "text", "sent_at", "lang"])
    func wrongTypesAreRefused(field: String) {
        let required = ["id", "chat", "sender", "text"].contains(field)
        var wrong: [JSONValue] = [1, 1.5, true, false, [], ["x"], [:], ["k": "v"]]
        if required { wrong.append(nil) }
        for value in wrong {
            let error = decodeError(with(field, value))
            #expect(error?.code == .invalidEnvelope)
            #expect(error?.problem == .wrongType(field: field, expected: "string", found: value.typeName), "\(field)=\(value)")
            #expect(error?.message.en.contains("`\(field)`") == true)
            #expect(error?.message.id.contains("`\(field)`") == true)
        }
    }

    @Test(arguments: ["id", "chat", "sender", "text"])
    func emptyStringsAreRefused(field: String) {
        let error = decodeError(with(field, ""))
        #expect(error?.field == field)
        guard case .badLength(_, 0, _)? = error?.problem else {
            Issue.record("expected badLength 0, got \(String(describing: error))")
            return
        }
        #expect(error?.message.en == "Field `\(field)` must not be empty.")
    }

    @Test(arguments: [("id", 128), ("chat", 256), ("sender", 128), ("text", 4096)])
    func lengthBoundaries(field: String, limit: Int) throws {
        for unit in ["a", "é", "😀"] {
            let atLimit = String(repeating: unit, count: limit)
            let decoded = try CommandEnvelope.decode(with(field, .string(atLimit)))
            #expect(TextRules.scalarCount(atLimit) == limit)
            switch field {
            case "id": #expect(decoded.id == atLimit)
            case "chat": #expect(decoded.chat == atLimit)
            case "sender": #expect(decoded.sender == atLimit)
            default: #expect(decoded.text == atLimit)
            }
            let over = decodeError(with(field, .string(atLimit + unit)))
            #expect(over?.problem == .badLength(field: field, count: limit + 1, allowed: 1...limit), "\(field) \(unit)")
            #expect(over?.message.en == "Field `\(field)` must be 1–\(limit) characters long; it has \(limit + 1).")
        }
    }

    @Test func charactersAreUnicodeScalarsNotGraphemes() throws {
        // 👍🏽 is one grapheme but two scalars: 2048 of them are exactly 4096 characters.
        let thumbs = String(repeating: "👍🏽", count: 2048)
        #expect(thumbs.count == 2048)
        #expect(try CommandEnvelope.decode(with("text", .string(thumbs))).text == thumbs)
        #expect(decodeError(with("text", .string(thumbs + "x")))?.problem
            == .badLength(field: "text", count: 4097, allowed: 1...4096))
        // "e" + combining acute: one Character, two scalars.
        let combining = String(repeating: "e\u{301}", count: 64)
        #expect(combining.count == 64)
        #expect(decodeError(with("id", .string(combining + "x")))?.problem == .badLength(field: "id", count: 129, allowed: 1...128))
    }

    @Test(arguments: [
        ("id", "a\u{7}b", 0x07 as UInt32), ("id", "a\u{7F}", 0x7F), ("chat", "line\nbreak", 0x0A), ("chat", "c\u{85}", 0x85),
        ("sender", "tab\tbed", 0x09), ("sender", "\u{0}", 0x00), ("text", "bell\u{7}", 0x07), ("text", "esc\u{1B}[31m", 0x1B),
        ("text", "nul\u{0}", 0x00), ("text", "c1\u{9B}", 0x9B), ("text", "del\u{7F}", 0x7F),
    ])
    func controlCharactersAreRefused(field: String, value: String, scalar: UInt32) {
        let error = decodeError(with(field, .string(value)))
        #expect(error?.problem == .controlCharacter(field: field, scalar: scalar))
        let point = String(format: "U+%04X", scalar)
        #expect(error?.message.en == "Field `\(field)` contains the control character \(point).")
    }

    @Test func textMayHoldLineBreaksAndTabs() throws {
        let text = "/kesepakatan baru R-1 \"isi\"\r\n\tbaris dua\n€ ✓"
        #expect(try CommandEnvelope.decode(with("text", .string(text))).text == text)
        // Non-control exotic characters are fine in identifiers.
        #expect(try CommandEnvelope.decode(with("chat", "wa:grup—Kalsel 😀 \u{A0}")).chat == "wa:grup—Kalsel 😀 \u{A0}")
    }

    @Test(arguments: ["yesterday", "2024-11-20", "2024-11-20T09:15:00", "2024-11-20T09:15:00+0800", ""])
    func sentAtMustBeRFC3339WithOffset(value: String) {
        let error = decodeError(with("sent_at", .string(value)))
        #expect(error?.problem == .invalidTimestamp(field: "sent_at"))
        #expect(error?.id == valid["id"]?.stringValue)
        #expect(error?.message.en.contains("RFC 3339") == true)
    }

    @Test func sentAtWithFractionalSeconds() throws {
        let envelope = try CommandEnvelope.decode(with("sent_at", "2024-11-20T09:15:00.250+08:00"))
        #expect(envelope.sentAt == Date(timeIntervalSince1970: 1_732_065_300.25))
    }

    @Test(arguments: ["fr", "", "ind", "id-ID"])
    func langMustBeIdOrEn(value: String) {
        let error = decodeError(with("lang", .string(value)))
        #expect(error?.problem == .invalidLanguage(value))
        #expect(error?.field == "lang")
        #expect(error?.message.en == "Field `lang` must be \"id\" or \"en\", not \"\(value)\".")
    }

    @Test func bestEffortIDOnlyWhenTheIDIsValid() {
        #expect(decodeError(with("text", 5))?.id == "9f1c2d7e-0b5a-4c1e-9d3f-2a6b8c0e1f47")
        #expect(decodeError(with("chat", ""))?.id == "9f1c2d7e-0b5a-4c1e-9d3f-2a6b8c0e1f47")
        #expect(decodeError(with("id", .string(String(repeating: "x", count: 129))))?.id == nil)
        var fields = valid
        fields["id"] = "bad\u{1}"
        fields["text"] = 5
        #expect(decodeError(envelopeJSON(fields))?.problem == .controlCharacter(field: "id", scalar: 1))
    }

    @Test func errorCodeAndDescription() {
        let error = EnvelopeError(.missingField("text"), id: "x")
        #expect(error.code == .invalidEnvelope)
        #expect(error.description == "invalid_envelope: Field `text` is required.")
        #expect(EnvelopeError(.tooLarge(bytes: 2, limit: 1), id: nil).code == .tooLarge)
    }

    // MARK: Encoding

    @Test func encodeRoundTrips() throws {
        let envelope = CommandEnvelope(id: "m-1", chat: "wa:grup \"A\"", sender: "u-1", text: "baris\nkedua\t😀",
                                       sentAt: Date(timeIntervalSince1970: 1_732_065_300), lang: .en)
        let bytes = envelope.encode()
        #expect(String(decoding: bytes, as: UTF8.self)
            == #"{"id":"m-1","chat":"wa:grup \"A\"","sender":"u-1","text":"baris\nkedua\t😀","sent_at":"2024-11-20T01:15:00Z","lang":"en"}"#)
        #expect(try CommandEnvelope.decode(bytes) == envelope)
        let minimal = CommandEnvelope(id: "a", chat: "c", sender: "s", text: "t")
        #expect(String(decoding: minimal.encode(), as: UTF8.self) == #"{"id":"a","chat":"c","sender":"s","text":"t"}"#)
        #expect(try CommandEnvelope.decode(minimal.encode()) == minimal)
        let withMillis = CommandEnvelope(id: "a", chat: "c", sender: "s", text: "t", sentAt: Date(timeIntervalSince1970: 1_732_065_300.5))
        #expect(try CommandEnvelope.decode(withMillis.encode()) == withMillis)
    }

    /// Pseudo-random garbage and mutations of a valid envelope: every input
    /// yields an envelope or a typed error (a crash fails the whole run).
    @Test func survivesRandomInput() {
        var generator = WireTestRandom(seed: 0x5EED)
        let base = envelopeJSON(valid)
        let alphabet = Array(#"{}[]":,\ -0123456789eEtrufalsn"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xE2, 0xF0, 0xFF]
        var decoded = 0
        var refused = 0
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = base
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    let index = Int(generator.next() % UInt64(bytes.count))
                    bytes[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                }
            } else {
                bytes = (0..<Int(generator.next() % 64)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            }
            if decodeError(bytes) == nil { decoded += 1 } else { refused += 1 }
        }
        #expect(decoded + refused == 3000)
        #expect(refused > 1500)
    }
}

/// Deterministic generator for reproducible fuzz-style tests.
struct WireTestRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

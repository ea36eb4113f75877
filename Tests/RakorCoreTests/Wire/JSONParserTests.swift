import Testing
@testable import RakorCore

private func parse(_ text: String, limits: JSONLimits = .default) throws(JSONError) -> JSONValue {
    try JSONParser(limits: limits).parse(Array(text.utf8))
}

private func parseError(_ bytes: [UInt8], limits: JSONLimits = .default) -> JSONError? {
    do {
        _ = try JSONParser(limits: limits).parse(bytes)
        return nil
    } catch {
        return error
    }
}

private func parseError(_ text: String, limits: JSONLimits = .default) -> JSONError? {
    parseError(Array(text.utf8), limits: limits)
}

@Suite struct JSONParserTests {
    @Test func scalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse(" false ") == .bool(false))
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("42") == .int(42))
        #expect(try parse("-17") == .int(-17))
        #expect(try parse("\"hi\"") == .string("hi"))
        #expect(try parse("1.5") == .double(1.5))
        #expect(try parse("-2.5e3") == .double(-2500))
        #expect(try parse("1E2") == .double(100))
        #expect(try parse("1e-2") == .double(0.01))
        #expect(try parse("2E+2") == .double(200))
    }

    @Test func integersAtInt64Boundaries() throws {
        #expect(try parse("9223372036854775807") == .int(Int64.max))
        #expect(try parse("-9223372036854775808") == .int(Int64.min))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse("-9223372036854775809") == .double(-9_223_372_036_854_775_808))
        #expect(try parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test func containersKeepOrder() throws {
        let value = try parse(#" { "b" : [1, 2.5, "x", null, true, {}], "a" : {"z": [], "y": {"k": "v"}} } "#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a"])
        #expect(value["b"]?[1] == .double(2.5))
        #expect(value["b"]?[5] == .object(JSONObject()))
        #expect(value["a"]?["y"]?["k"]?.stringValue == "v")
        #expect(value["a"]?["z"] == .array([]))
    }

    @Test func escapes() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        #expect(try parse(#""\u00e9\u20AC""#) == .string("é€"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try parse(#""plain é then \n escape""#) == .string("plain é then \n escape"))
    }

    @Test func rawUTF8IsKept() throws {
        #expect(try parse("\"Rabu, 27 November 2024 — ☑️ 😀\"") == .string("Rabu, 27 November 2024 — ☑️ 😀"))
    }

    @Test func otherEntryPoints() throws {
        let text = #"{"a":[1,2]}"#
        let expected: JSONValue = ["a": [1, 2]]
        #expect(try JSONParser().parse(text) == expected)
        #expect(try JSONParser().parse(Array(text.utf8)[...]) == expected)
        #expect(try JSONParser().parse(ContiguousArray(text.utf8)) == expected)
        let result = Array(text.utf8).withUnsafeBytes { raw in Result { () throws(JSONError) in try JSONParser().parse(raw) } }
        #expect(try result.get() == expected)
    }

    // MARK: Hostile input

    @Test(arguments: [
        ("", JSONError.Kind.unexpectedEnd, 0),
        ("   ", .unexpectedEnd, 3),
        ("{", .unexpectedEnd, 1),
        ("[1,", .unexpectedEnd, 3),
        ("[1 2]", .unexpectedByte(UInt8(ascii: "2")), 3),
        ("{\"a\" 1}", .unexpectedByte(UInt8(ascii: "1")), 5),
        ("{\"a\":1,}", .unexpectedByte(UInt8(ascii: "}")), 7),
        ("[1,]", .unexpectedByte(UInt8(ascii: "]")), 3),
        ("{a:1}", .unexpectedByte(UInt8(ascii: "a")), 1),
        ("'x'", .unexpectedByte(UInt8(ascii: "'")), 0),
        ("NaN", .unexpectedByte(UInt8(ascii: "N")), 0),
        ("Infinity", .unexpectedByte(UInt8(ascii: "I")), 0),
        ("-Infinity", .invalidNumber, 1),
        ("01", .invalidNumber, 1),
        ("-01", .invalidNumber, 2),
        ("1.", .unexpectedEnd, 2),
        ("1.e3", .invalidNumber, 2),
        (".5", .unexpectedByte(UInt8(ascii: ".")), 0),
        ("+1", .unexpectedByte(UInt8(ascii: "+")), 0),
        ("1e", .unexpectedEnd, 2),
        ("1e+", .unexpectedEnd, 3),
        ("-", .unexpectedEnd, 1),
        ("1e400", .numberOutOfRange, 0),
        ("-1e400", .numberOutOfRange, 0),
        ("tru", .unexpectedEnd, 3),
        ("trUe", .unexpectedByte(UInt8(ascii: "U")), 2),
        ("nul", .unexpectedEnd, 3),
        ("1 2", .trailingData, 2),
        ("{} x", .trailingData, 3),
        ("\"abc", .unexpectedEnd, 4),
        ("\"a\tb\"", .controlCharacterInString, 2),
        ("\"a\nb\"", .controlCharacterInString, 2),
        ("\"\\x\"", .invalidEscape, 1),
        ("\"\\u12\"", .invalidEscape, 1),
        ("\"\\u12G4\"", .invalidEscape, 1),
        ("\"\\ud800\"", .loneSurrogate, 1),
        ("\"\\udc00\"", .loneSurrogate, 1),
        ("\"\\ud800\\u0041\"", .loneSurrogate, 1),
        ("\"\\ud800x\"", .loneSurrogate, 1),
        ("\"\\ude00\\ud83d\"", .loneSurrogate, 1),
        ("{\"a\":1,\"a\":2}", .duplicateKey("a"), 7),
        ("[{\"k\":1,\"x\":{},\"k\":3}]", .duplicateKey("k"), 15),
        ("\u{FEFF}{}", .invalidUTF8, 0),
    ])
    func rejects(text: String, kind: JSONError.Kind, offset: Int) {
        let error = parseError(text)
        #expect(error == JSONError(kind, at: offset), "\(text.debugDescription)")
    }

    @Test(arguments: [
        [0x22, 0xFF, 0x22],                    // never valid in UTF-8
        [0x22, 0xC0, 0xAF, 0x22],              // overlong '/'
        [0x22, 0xE0, 0x80, 0xAF, 0x22],        // overlong 3-byte
        [0x22, 0xED, 0xA0, 0x80, 0x22],        // encoded surrogate U+D800
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // beyond U+10FFFF
        [0x22, 0xC3, 0x22],                    // truncated sequence
        [0x22, 0xE2, 0x82, 0x22],              // truncated 3-byte
        [0x22, 0x80, 0x22],                    // lone continuation byte
        [0x22, 0x5C, 0x6E, 0xFE, 0x22],        // invalid after an escape (slow path)
    ] as [[UInt8]])
    func rejectsInvalidUTF8InStrings(bytes: [UInt8]) {
        #expect(parseError(bytes)?.kind == .invalidUTF8)
    }

    @Test func rejectsInvalidUTF8OutsideStrings() {
        #expect(parseError([0x7B, 0xC3, 0xA9, 0x7D]) == JSONError(.invalidUTF8, at: 1))
        #expect(parseError([0x5B, 0x31, 0x5D, 0xFF]) == JSONError(.trailingData, at: 3))
    }

    @Test func acceptsEveryUTF8Length() throws {
        let bytes: [UInt8] = [0x22, 0x41, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xEF, 0xBF, 0xBF, 0x22]
        #expect(try JSONParser().parse(bytes) == .string("Aé€😀\u{FFFF}"))
    }

    @Test func deepNestingIsRefusedWithoutRecursion() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(parseError(deep) == JSONError(.tooDeep(limit: 64), at: 64))
        let deepObjects = String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(parseError(deepObjects)?.kind == .tooDeep(limit: 64))
        // A caller raising the limit absurdly still gets the hard ceiling:
        // a value that deep could not even be released without recursion.
        let huge = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        let limits = JSONLimits(maxBytes: 1 << 20, maxDepth: 300_000)
        #expect(parseError(huge, limits: limits) == JSONError(.tooDeep(limit: JSONLimits.hardMaxDepth), at: 512))
        let atCeiling = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(parseError(atCeiling, limits: limits) == nil)
    }

    @Test func depthLimitIsInclusive() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(parseError(ok) == nil)
        let over = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(parseError(over)?.kind == .tooDeep(limit: 64))
    }

    @Test func sizeLimit() {
        let big = [UInt8](repeating: UInt8(ascii: " "), count: 2 << 20)
        #expect(parseError(big) == JSONError(.tooLarge(limit: 1_048_576), at: 1_048_576))
        var exact = [UInt8](repeating: UInt8(ascii: " "), count: 1_048_576 - 2)
        exact.append(contentsOf: Array("{}".utf8))
        #expect(parseError(exact) == nil)
    }

    @Test func stringLimit() {
        let limits = JSONLimits(maxStringBytes: 8)
        #expect(parseError("\"12345678\"", limits: limits) == nil)
        #expect(parseError("\"123456789\"", limits: limits) == JSONError(.stringTooLong(limit: 8), at: 0))
        #expect(parseError("\"1234567\\n9\"", limits: limits)?.kind == .stringTooLong(limit: 8))
        #expect(parseError("{\"123456789\":1}", limits: limits)?.kind == .stringTooLong(limit: 8))
    }

    @Test func memberLimit() {
        let limits = JSONLimits(maxMembers: 3)
        #expect(parseError("[1,2,3]", limits: limits) == nil)
        #expect(parseError("[1,2,3,4]", limits: limits)?.kind == .tooManyMembers(limit: 3))
        #expect(parseError("{\"a\":1,\"b\":2,\"c\":3}", limits: limits) == nil)
        #expect(parseError("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}", limits: limits) == JSONError(.tooManyMembers(limit: 3), at: 19))
    }

    @Test func numberLengthLimit() {
        let long = String(repeating: "1", count: 300)
        #expect(parseError(long)?.kind == .numberTooLong(limit: 256))
        #expect(parseError("0." + String(repeating: "1", count: 300))?.kind == .numberTooLong(limit: 256))
        #expect(parseError(String(repeating: "9", count: 200)) == nil)
    }

    @Test func duplicateKeysInLargeObjectsAreFoundFast() throws {
        var text = "{"
        for index in 0..<5000 { text += "\"k\(index)\":\(index)," }
        let ok = try parse(text + "\"last\":0}")
        #expect(ok.objectValue?.count == 5001)
        #expect(ok["k4999"] == .int(4999))
        #expect(parseError(text + "\"k17\":0}")?.kind == .duplicateKey("k17"))
    }

    /// "é" and "e" + U+0301 are equal Swift strings but different JSON keys.
    @Test func canonicallyEquivalentKeysAreDistinct() throws {
        let value = try parse(#"{"\u00e9":1,"e\u0301":2}"#)
        let object = try #require(value.objectValue)
        #expect(object.count == 2)
        #expect(object["\u{E9}"] == .int(1))
        #expect(object["e\u{301}"] == .int(2))
        var large = JSONObject()
        for index in 0..<40 { large["k\(index)"] = .int(Int64(index)) }
        large["\u{E9}"] = 1
        large["e\u{301}"] = 2
        #expect(large.count == 42)
        #expect(large["e\u{301}"] == .int(2))
    }

    @Test func errorMessagesAreBilingualWithOffset() {
        let error = JSONError(.duplicateKey("id"), at: 12)
        #expect(error.message.en == "duplicate key \"id\" at byte 12")
        #expect(error.message.id == "kunci ganda \"id\" pada byte 12")
        #expect(JSONError(.unexpectedByte(0x01), at: 0).description == "unexpected character 0x01 at byte 0")
        #expect(JSONError(.unexpectedByte(UInt8(ascii: "x")), at: 3).description == "unexpected character 'x' at byte 3")
    }

    /// Every prefix and every single-byte corruption of a valid document must
    /// produce a value or a typed error, never a crash.
    @Test func survivesTruncationAndCorruption() {
        let document = Array(#"{"id":"9f1c","n":[1,-2.5e3,true,null],"s":"é\u00e9\ud83d\ude00\n","o":{"x":{}}}"#.utf8)
        var outcomes = 0
        for length in 0...document.count {
            _ = parseError(Array(document.prefix(length)))
            outcomes += 1
        }
        let replacements: [UInt8] = [0x00, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x80, 0xFF, 0x30]
        for index in document.indices {
            for replacement in replacements {
                var corrupted = document
                corrupted[index] = replacement
                _ = parseError(corrupted)
                outcomes += 1
            }
        }
        #expect(outcomes == document.count + 1 + document.count * replacements.count)
        #expect(parseError(document) == nil)
    }
}

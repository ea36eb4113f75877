import Testing
@testable import RakorCore

private func canonical(_ json: String) throws(JSONError) -> String {
    String(decoding: try JCS.canonicalize(json: Array(json.utf8)), as: UTF8.self)
}

@Suite struct JCSTests {
    /// RFC 8785 §3.2.2 / §3.2.3 "Serialization of Primitive Data Types".
    @Test func rfc8785PrimitivesExample() throws {
        let input = #"""
        {
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }
        """#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try canonical(input) == expected)
    }

    /// RFC 8785 §3.2.3 "Sorting of Object Properties" example.
    @Test func rfc8785SortingExample() throws {
        let input = #"""
        {
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }
        """#
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\","
            + "\"\u{F6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20AC}\":\"Euro Sign\","
            + "\"\u{1F600}\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(try canonical(input) == expected)
        // The RFC's key order, as UTF-16 code units, spelled out.
        let keys = try JSONParser().parse(Array(input.utf8)).objectValue?.keys.sorted(by: JCS.precedes)
        #expect(keys == ["\r", "1", "\u{80}", "\u{F6}", "\u{20AC}", "\u{1F600}", "\u{FB33}"])
    }

    /// RFC 8785 Appendix B: IEEE 754 bit patterns and their required text.
    @Test(arguments: [
        (0x0000_0000_0000_0000 as UInt64, "0"),
        (0x8000_0000_0000_0000, "0"),
        (0x0000_0000_0000_0001, "5e-324"),
        (0x8000_0000_0000_0001, "-5e-324"),
        (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"),
        (0xFFEF_FFFF_FFFF_FFFF, "-1.7976931348623157e+308"),
        (0x4340_0000_0000_0000, "9007199254740992"),
        (0xC340_0000_0000_0000, "-9007199254740992"),
        (0x4430_0000_0000_0000, "295147905179352830000"),
        (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"),
        (0x44B5_2D02_C7E1_4AF6, "1e+23"),
        (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"),
        (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"),
        (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"),
        (0x444B_1AE4_D6E2_EF50, "1e+21"),
        (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"),
        (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
        (0x41B3_DE43_5555_5553, "333333333.3333332"),
        (0x41B3_DE43_5555_5554, "333333333.33333325"),
        (0x41B3_DE43_5555_5555, "333333333.3333333"),
        (0x41B3_DE43_5555_5556, "333333333.3333334"),
        (0x41B3_DE43_5555_5557, "333333333.33333343"),
        (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
        (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
    ])
    func rfc8785AppendixBNumbers(bits: UInt64, expected: String) {
        let value = Double(bitPattern: bits)
        #expect(ECMAScriptNumber.format(value) == expected)
        #expect(String(decoding: JCS.canonicalize(.double(value)), as: UTF8.self) == expected)
    }

    @Test func ecmaScriptLayoutBoundaries() {
        #expect(ECMAScriptNumber.format(1e21) == "1e+21")
        #expect(ECMAScriptNumber.format(1e20) == "100000000000000000000")
        #expect(ECMAScriptNumber.format(1e16) == "10000000000000000")
        #expect(ECMAScriptNumber.format(1e-6) == "0.000001")
        #expect(ECMAScriptNumber.format(1e-7) == "1e-7")
        #expect(ECMAScriptNumber.format(1.5e-7) == "1.5e-7")
        #expect(ECMAScriptNumber.format(123e-20) == "1.23e-18")
        #expect(ECMAScriptNumber.format(0.1) == "0.1")
        #expect(ECMAScriptNumber.format(-1.5) == "-1.5")
        #expect(ECMAScriptNumber.format(100) == "100")
        #expect(ECMAScriptNumber.format(123.456) == "123.456")
        #expect(ECMAScriptNumber.format(4.5) == "4.5")
        #expect(ECMAScriptNumber.format(.nan) == nil)
        #expect(ECMAScriptNumber.format(.infinity) == nil)
        #expect(ECMAScriptNumber.format(-.infinity) == nil)
    }

    @Test func integersBeyondDoublePrecisionFollowTheDoubleModel() {
        #expect(JCS.canonicalize(.int(9_007_199_254_740_992)) == Array("9007199254740992".utf8))
        #expect(JCS.canonicalize(.int(9_007_199_254_740_993)) == Array("9007199254740992".utf8))
        #expect(JCS.canonicalize(.int(-9_007_199_254_740_993)) == Array("-9007199254740992".utf8))
        #expect(JCS.canonicalize(.int(Int64.max)) == Array("9223372036854776000".utf8))
        #expect(JCS.canonicalize(.int(42)) == Array("42".utf8))
        #expect(JCS.canonicalize(.double(42)) == Array("42".utf8))
    }

    @Test func nestedObjectsAreSortedAndOrderDoesNotMatter() {
        let a: JSONValue = ["b": ["y": 1, "x": [["d": 1, "c": 2]]], "a": "z", "aa": nil, "B": false]
        let b: JSONValue = ["B": false, "aa": nil, "a": "z", "b": ["x": [["c": 2, "d": 1]], "y": 1]]
        let expected = #"{"B":false,"a":"z","aa":null,"b":{"x":[{"c":2,"d":1}],"y":1}}"#
        #expect(String(decoding: JCS.canonicalize(a), as: UTF8.self) == expected)
        #expect(JCS.canonicalize(a) == JCS.canonicalize(b))
    }

    @Test func utf16OrderDiffersFromCodePointOrderAboveE000() {
        // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 but after it by code point.
        #expect(JCS.precedes("\u{1F600}", "\u{FB33}"))
        #expect(!JCS.precedes("\u{FB33}", "\u{1F600}"))
        #expect(JCS.precedes("a", "b"))
        #expect(JCS.precedes("a", "ab"))
        #expect(!JCS.precedes("a", "a"))
        #expect(JCS.precedes("\u{7F}", "\u{80}"))
    }

    @Test func invalidJSONIsATypedError() {
        #expect(throws: JSONError(.trailingData, at: 3)) { try canonical("{} x") }
    }
}

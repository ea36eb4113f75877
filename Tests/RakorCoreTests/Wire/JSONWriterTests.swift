import Testing
@testable import RakorCore

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

@Suite struct JSONWriterTests {
    @Test func serializesCompactly() {
        let value: JSONValue = ["id": "r-1", "ok": true, "n": -42, "x": 2.5, "none": nil, "list": [1, [], [:]]]
        #expect(text(JSONWriter.serialize(value)) == #"{"id":"r-1","ok":true,"n":-42,"x":2.5,"none":null,"list":[1,[],{}]}"#)
    }

    @Test func escapesExactlyWhatJSONRequires() {
        let value = JSONValue.string("q\"b\\s/\u{8}\u{C}\n\r\t\u{0}\u{1F}\u{7F}é€😀\u{2028}")
        #expect(text(JSONWriter.serialize(value)) == "\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0000\\u001f\u{7F}é€😀\u{2028}\"")
    }

    @Test func integersAtTheEdges() {
        #expect(text(JSONWriter.serialize(.int(0))) == "0")
        #expect(text(JSONWriter.serialize(.int(7))) == "7")
        #expect(text(JSONWriter.serialize(.int(-7))) == "-7")
        #expect(text(JSONWriter.serialize(.int(1_234_567_890))) == "1234567890")
        #expect(text(JSONWriter.serialize(.int(Int64.max))) == "9223372036854775807")
        #expect(text(JSONWriter.serialize(.int(Int64.min))) == "-9223372036854775808")
    }

    @Test func integralDoublesStayDoubles() throws {
        #expect(text(JSONWriter.serialize([.double(3), .double(-2500), .double(1e20), .double(1e21), .double(0.5)]))
            == "[3.0,-2500.0,100000000000000000000.0,1e+21,0.5]")
        let value: JSONValue = [.double(3), .int(3), .double(-0.0), .double(1e300)]
        #expect(try JSONParser().parse(JSONWriter.serialize(value)) == value)
        // JCS has a single number type: no ".0" there.
        #expect(text(JCS.canonicalize(.double(3))) == "3")
    }

    @Test func nonFiniteDoublesBecomeNull() {
        #expect(text(JSONWriter.serialize([.double(.nan), .double(.infinity), .double(-.infinity)])) == "[null,null,null]")
    }

    @Test func appendsToAnExistingBuffer() {
        var buffer = Array("prefix:".utf8)
        JSONWriter.serialize(["a": 1], into: &buffer)
        #expect(text(buffer) == #"prefix:{"a":1}"#)
    }

    @Test func streamingBuilderInsertsCommas() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a")
        writer.int(1)
        writer.key("b")
        writer.beginArray()
        writer.string("x")
        writer.null()
        writer.bool(false)
        writer.double(0.25)
        writer.beginObject()
        writer.endObject()
        writer.value(["k": "v"])
        writer.raw(Array("[1,2]".utf8))
        writer.endArray()
        writer.key(literal: "c")
        writer.beginObject()
        writer.key("d")
        writer.string("e")
        writer.endObject()
        writer.endObject()
        #expect(writer.count == 66)
        #expect(text(writer.finish()) == #"{"a":1,"b":["x",null,false,0.25,{},{"k":"v"},[1,2]],"c":{"d":"e"}}"#)
    }

    @Test func longStringsWithEscapesAtEveryOffset() throws {
        // Exercises the 8-byte skipping around escapes at every alignment.
        for offset in 0..<20 {
            let plain = String(repeating: "a", count: offset)
            let value = JSONValue.string(plain + "\"" + plain + "\n" + plain + "é" + plain + "\u{1}" + plain)
            let bytes = JSONWriter.serialize(value)
            #expect(try JSONParser().parse(bytes) == value, "offset \(offset)")
            let expected = "\"" + plain + "\\\"" + plain + "\\n" + plain + "é" + plain + "\\u0001" + plain + "\""
            #expect(text(bytes) == expected)
        }
    }

    @Test func roundTripsThroughTheParser() throws {
        let value: JSONValue = [
            "s": "Rabu, 27 November 2024\n\t\"kutip\" \\ 😀 \u{1}",
            "i": .int(Int64.min), "j": .int(Int64.max), "d": 1e-7, "e": 123456.789, "neg": -0.5,
            "nested": [[["deep": [true, false, nil]]]], "empty": "", "obj": [:],
        ]
        let bytes = JSONWriter.serialize(value)
        #expect(try JSONParser().parse(bytes) == value)
        // And the writer is stable: writing the parsed value gives the same bytes.
        #expect(JSONWriter.serialize(try JSONParser().parse(bytes)) == bytes)
    }
}

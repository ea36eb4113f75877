import Testing
@testable import RakorCore

@Suite struct JSONValueTests {
    @Test func literalsBuildTheRightCases() {
        let data: JSONValue = ["task": "T-12", "count": 3, "ratio": 0.5, "done": false, "note": nil, "tags": ["a", "b"]]
        let object = data.objectValue
        #expect(object?.keys == ["task", "count", "ratio", "done", "note", "tags"])
        #expect(data["task"] == .string("T-12"))
        #expect(data["count"] == .int(3))
        #expect(data["ratio"] == .double(0.5))
        #expect(data["done"] == .bool(false))
        #expect(data["note"] == .null)
        #expect(data["tags"] == .array([.string("a"), .string("b")]))
        let name = "Kesbangpol"
        let interpolated: JSONValue = "org \(name)"
        #expect(interpolated == .string("org Kesbangpol"))
    }

    @Test func accessors() {
        let value: JSONValue = ["n": 7, "d": 7.0, "f": 7.5, "big": 1e19, "s": "x", "b": true, "a": [1], "o": ["k": 1]]
        #expect(value["n"]?.intValue == 7)
        #expect(value["d"]?.intValue == 7)
        #expect(value["f"]?.intValue == nil)
        #expect(value["big"]?.intValue == nil)
        #expect(value["n"]?.doubleValue == 7)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["s"]?.intValue == nil)
        #expect(value["b"]?.boolValue == true)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["o"]?.objectValue?["k"] == .int(1))
        #expect(value["missing"] == nil)
        #expect(value["a"]?[0] == .int(1))
        #expect(value["a"]?[1] == nil)
        #expect(value["a"]?[-1] == nil)
        #expect(JSONValue.string("x")["k"] == nil)
        #expect(JSONValue.null.isNull)
        #expect(JSONValue(nil as String?) == .null)
        #expect(JSONValue(5) == .int(5))
        #expect(JSONValue.int(1).typeName == "number")
        #expect(JSONValue.object([:]).typeName == "object")
    }

    @Test func intAndDoubleAreDistinct() {
        #expect(JSONValue.int(1) != JSONValue.double(1))
        #expect(JSONValue.int(1).doubleValue == JSONValue.double(1).doubleValue)
    }

    @Test func objectEqualityIgnoresOrderButIterationKeepsIt() {
        let a: JSONValue = ["x": 1, "y": ["z": [1, 2]]]
        let b: JSONValue = ["y": ["z": [1, 2]], "x": 1]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        #expect(a.objectValue?.keys == ["x", "y"])
        #expect(b.objectValue?.keys == ["y", "x"])
        let c: JSONValue = ["x": 1, "y": ["z": [2, 1]]]
        #expect(a != c)
        let d: JSONValue = ["x": 1]
        #expect(a != d)
    }

    @Test func objectMutation() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = "two"
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["b"] == "two")
        object["d"] = 4
        #expect(object.keys == ["a", "b", "c", "d"])
        object["a"] = nil
        #expect(object.keys == ["b", "c", "d"])
        #expect(!object.contains("a"))
        let insertedExisting = object.insertNew("b", 99)
        #expect(insertedExisting == false)
        #expect(object["b"] == "two")
        let insertedNew = object.insertNew("e", 5)
        #expect(insertedNew)
        let removedMissing = object.removeValue(forKey: "zz")
        #expect(removedMissing == nil)
        let removed = object.removeValue(forKey: "c")
        #expect(removed == 3)
        #expect(object.map(\.key) == ["b", "d", "e"])
        #expect(object.values == ["two", 4, 5])
        #expect(object.count == 3)
        #expect(!object.isEmpty)
        #expect(JSONObject([("k", 1), ("k", 2)]) == ["k": 2])
    }

    @Test func largeObjectsUseTheIndexCorrectly() {
        var object = JSONObject()
        for index in 0..<100 { object["k\(index)"] = .int(Int64(index)) }
        #expect(object.count == 100)
        #expect(object["k0"] == 0)
        #expect(object["k99"] == 99)
        // Removal re-indexes: positions after the removed member shift.
        object["k10"] = nil
        #expect(object["k11"] == 11)
        #expect(object["k99"] == 99)
        #expect(object.keys[10] == "k11")
        for index in 0..<95 where index != 10 { object["k\(index)"] = nil }
        #expect(object.keys == ["k95", "k96", "k97", "k98", "k99"])
        #expect(object["k97"] == 97)
        object["k97"] = "x"
        #expect(object["k97"] == "x")
    }

    @Test func descriptionIsCompactJSON() {
        let value: JSONValue = ["a": [1, "b", nil, true]]
        #expect(value.description == #"{"a":[1,"b",null,true]}"#)
        #expect((["k": 1] as JSONObject).description == #"{"k":1}"#)
    }
}

import Foundation
import Testing
@testable import RakorCore

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func structuredError(_ json: String) -> CloudEventError? {
    do {
        _ = try CloudEvent.decode(structured: bytes(json))
        return nil
    } catch {
        return error
    }
}

private func binaryError(_ value: [UInt8]?, _ headers: [(name: String, value: [UInt8]?)]) -> CloudEventError? {
    do {
        _ = try CloudEvent.decode(value: value, headers: headers)
        return nil
    } catch {
        return error
    }
}

private let kpuEvent = #"""
{"specversion":"1.0","id":"kpu-2024-0042","source":"https://kpu.go.id/sipol","type":"id.go.kpu.tahapan.rescheduled",
 "subject":"pilkada2024/kampanye","time":"2024-09-20T10:00:00+07:00","datacontenttype":"application/json",
 "dataschema":"https://kpu.go.id/schema/tahapan.json","traceparent":"00-abc-def-01","priority":3,"urgent":true,
 "data":{"stage":"kampanye","start":"2024-09-25","end":"2024-11-23"}}
"""#

private func header(_ name: String, _ value: String?) -> (name: String, value: [UInt8]?) {
    (name, value.map { Array($0.utf8) })
}

@Suite struct CloudEventTests {
    @Test func decodesStructuredMode() throws {
        let event = try CloudEvent.decode(structured: bytes(kpuEvent))
        #expect(event.id == "kpu-2024-0042")
        #expect(event.source == "https://kpu.go.id/sipol")
        #expect(event.type == "id.go.kpu.tahapan.rescheduled")
        #expect(event.subject == "pilkada2024/kampanye")
        #expect(event.time == Date(timeIntervalSince1970: 1_726_801_200))
        #expect(event.dataContentType == "application/json")
        #expect(event.dataSchema == "https://kpu.go.id/schema/tahapan.json")
        #expect(event.extensions.keys == ["traceparent", "priority", "urgent"])
        #expect(event.extensions["priority"] == 3)
        #expect(event.extensionText("urgent") == "true")
        #expect(event.extensionText("priority") == "3")
        #expect(event.data == .json(["stage": "kampanye", "start": "2024-09-25", "end": "2024-11-23"]))
        #expect(try event.jsonData()?["stage"] == "kampanye")
    }

    @Test func structuredRoundTrip() throws {
        let event = try CloudEvent.decode(structured: bytes(kpuEvent))
        let again = try CloudEvent.decode(structured: event.encode())
        #expect(again == event)
        #expect(String(decoding: event.encode(), as: UTF8.self).hasPrefix(#"{"specversion":"1.0","id":"kpu-2024-0042","source":"#))
    }

    @Test func base64Data() throws {
        let event = try CloudEvent.decode(structured: bytes(#"{"specversion":"1.0","id":"1","source":"s","type":"t","datacontenttype":"application/pdf","data_base64":"JVBERi0="}"#))
        #expect(event.data == .binary(Array("%PDF-".utf8)))
        #expect(try CloudEvent.decode(structured: event.encode()) == event)
        #expect(String(decoding: event.encode(), as: UTF8.self).contains(#""data_base64":"JVBERi0=""#))
        #expect(throws: CloudEventError(.malformedData(JSONError(.unexpectedByte(UInt8(ascii: "%")), at: 0)))) { try event.jsonData() }
    }

    @Test(arguments: [
        (#"[]"#, CloudEventError.Problem.notAnObject(found: "array")),
        (#"{"id":"1","source":"s","type":"t"}"#, .missingAttribute("specversion")),
        (#"{"specversion":"0.3","id":"1","source":"s","type":"t"}"#, .unsupportedSpecVersion("0.3")),
        (#"{"specversion":1.0,"id":"1","source":"s","type":"t"}"#, .wrongType(attribute: "specversion", expected: "a string", found: "number")),
        (#"{"specversion":"1.0","source":"s","type":"t"}"#, .missingAttribute("id")),
        (#"{"specversion":"1.0","id":"1","type":"t"}"#, .missingAttribute("source")),
        (#"{"specversion":"1.0","id":"1","source":"s"}"#, .missingAttribute("type")),
        (#"{"specversion":"1.0","id":7,"source":"s","type":"t"}"#, .wrongType(attribute: "id", expected: "a string", found: "number")),
        (#"{"specversion":"1.0","id":"","source":"s","type":"t"}"#, .invalidAttribute(attribute: "id", reason: "must not be empty")),
        (#"{"specversion":"1.0","id":"1","source":"has space","type":"t"}"#, .invalidAttribute(attribute: "source", reason: "must be a URI-reference without spaces or control characters")),
        (#"{"specversion":"1.0","id":"1","source":"s","type":""}"#, .invalidAttribute(attribute: "type", reason: "must not be empty")),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","subject":""}"#, .invalidAttribute(attribute: "subject", reason: "must not be empty")),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","subject":["x"]}"#, .wrongType(attribute: "subject", expected: "a string", found: "array")),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","time":"yesterday"}"#, .invalidAttribute(attribute: "time", reason: "must be an RFC 3339 timestamp")),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","datacontenttype":"json"}"#, .invalidAttribute(attribute: "datacontenttype", reason: "must be a media type like application/json")),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","Upper":"x"}"#, .invalidExtensionName("Upper")),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","with_underscore":"x"}"#, .invalidExtensionName("with_underscore")),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","abcdefghijklmnopqrstu":"x"}"#, .invalidExtensionName("abcdefghijklmnopqrstu")),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","ext":{"a":1}}"#, .wrongType(attribute: "ext", expected: "a string, boolean or integer", found: "object")),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","ext":1.5}"#, .wrongType(attribute: "ext", expected: "a string, boolean or integer", found: "non-integer number")),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","ext":4294967296}"#, .invalidAttribute(attribute: "ext", reason: "is outside the 32-bit integer range")),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","data":{},"data_base64":"AA=="}"#, .bothDataAndBase64),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","data_base64":"!!"}"#, .invalidBase64),
        (#"{"specversion":"1.0","id":"1","source":"s","type":"t","data_base64":5}"#, .wrongType(attribute: "data_base64", expected: "a string", found: "number")),
    ])
    func structuredValidation(json: String, problem: CloudEventError.Problem) {
        let error = structuredError(json)
        #expect(error?.problem == problem, "\(json)")
        #expect(error?.code == .invalidEnvelope)
        #expect(error?.message.isEmpty == false)
    }

    @Test func nullOptionalAttributesAreAbsent() throws {
        let event = try CloudEvent.decode(structured: bytes(#"{"specversion":"1.0","id":"1","source":"s","type":"t","subject":null,"time":null,"ext":null,"data":null}"#))
        #expect(event.subject == nil)
        #expect(event.time == nil)
        #expect(event.extensions.isEmpty)
        #expect(event.data == nil)
    }

    @Test func structuredHostileInput() {
        #expect(structuredError("{")?.problem == .malformedJSON(JSONError(.unexpectedEnd, at: 1)))
        let big = [UInt8](repeating: UInt8(ascii: " "), count: 2 << 20)
        let error: CloudEventError?
        do { _ = try CloudEvent.decode(structured: big); error = nil } catch let thrown { error = thrown }
        #expect(error?.code == .tooLarge)
        let deep = String(repeating: "[", count: 10_000)
        #expect(structuredError(#"{"specversion":"1.0","id":"1","source":"s","type":"t","data":"# + deep)?.code == .invalidEnvelope)
        #expect(structuredError(#"{"specversion":"1.0","id":"1","id":"2","source":"s","type":"t"}"#)?.problem
            == .malformedJSON(JSONError(.duplicateKey("id"), at: 30)))
    }

    // MARK: Kafka binding

    @Test func decodesBinaryMode() throws {
        let headers = [
            header("ce_specversion", "1.0"), header("ce_id", "bpkad-77"), header("ce_source", "bpkad/kalsel"),
            header("ce_type", "id.go.bpkad.hibah.disbursed"), header("ce_subject", "anggaran/A-1"),
            header("ce_time", "2024-10-01T08:00:00Z"), header("ce_traceparent", "00-1-2-01"),
            header("Content-Type", "application/json; charset=utf-8"), header("rakor-signature", "v1=00"),
        ]
        let event = try CloudEvent.decode(value: bytes(#"{"amount":1250000000}"#), headers: headers)
        #expect(event.id == "bpkad-77")
        #expect(event.source == "bpkad/kalsel")
        #expect(event.type == "id.go.bpkad.hibah.disbursed")
        #expect(event.subject == "anggaran/A-1")
        #expect(event.time == Date(timeIntervalSince1970: 1_727_769_600))
        #expect(event.dataContentType == "application/json; charset=utf-8")
        #expect(event.extensions == ["traceparent": "00-1-2-01"])
        #expect(event.data == .json(["amount": 1_250_000_000]))
    }

    @Test func binaryModeWithOpaqueOrMissingBody() throws {
        let base = [header("ce_specversion", "1.0"), header("ce_id", "1"), header("ce_source", "s"), header("ce_type", "t")]
        let text = try CloudEvent.decode(value: bytes("halo"), headers: base + [header("content-type", "text/plain")])
        #expect(text.data == .binary(bytes("halo")))
        let untyped = try CloudEvent.decode(value: bytes("{}"), headers: base)
        #expect(untyped.data == .binary(bytes("{}")))
        #expect(try untyped.jsonData() == .object([:]))
        let empty = try CloudEvent.decode(value: nil, headers: base)
        #expect(empty.data == nil)
        let absentSubject = try CloudEvent.decode(value: nil, headers: base + [header("ce_subject", nil)])
        #expect(absentSubject.subject == nil)
    }

    @Test func binaryModeRoundTrip() throws {
        let event = try CloudEvent.decode(structured: bytes(kpuEvent))
        let (headers, body) = event.binaryMode()
        let decoded = try CloudEvent.decode(value: body, headers: headers.map { ($0.name, Optional($0.value)) })
        #expect(decoded.id == event.id)
        #expect(decoded.data == event.data)
        #expect(decoded.time == event.time)
        #expect(decoded.dataSchema == event.dataSchema)
        // Binary-mode extensions are strings.
        #expect(decoded.extensions == ["traceparent": "00-abc-def-01", "priority": "3", "urgent": "true"])
    }

    @Test func structuredModeOverKafka() throws {
        let viaContentType = try CloudEvent.decode(value: bytes(kpuEvent),
                                                   headers: [header("content-type", "application/cloudevents+json; charset=UTF-8")])
        #expect(viaContentType.id == "kpu-2024-0042")
        let noHeaders = try CloudEvent.decode(value: bytes(kpuEvent), headers: [])
        #expect(noHeaders == viaContentType)
    }

    @Test func binaryModeErrors() {
        let base = [header("ce_specversion", "1.0"), header("ce_id", "1"), header("ce_source", "s"), header("ce_type", "t")]
        #expect(binaryError(nil, [header("ce_specversion", "1.0"), header("ce_id", "1"), header("ce_source", "s")])?.problem == .missingAttribute("type"))
        #expect(binaryError(nil, [header("ce_specversion", "2.0")] + base.dropFirst())?.problem == .unsupportedSpecVersion("2.0"))
        #expect(binaryError(nil, base + [header("ce_id", "2")])?.problem == .invalidHeader(name: "ce_id", reason: "appears more than once"))
        #expect(binaryError(nil, base + [("ce_subject", [0xFF])])?.problem == .invalidHeader(name: "ce_subject", reason: "is not valid UTF-8"))
        #expect(binaryError(nil, base + [header("ce_Bad_Name", "x")])?.problem == .invalidExtensionName("bad_name"))
        #expect(binaryError(nil, base + [header("ce_time", "soon")])?.problem == .invalidAttribute(attribute: "time", reason: "must be an RFC 3339 timestamp"))
        #expect(binaryError(bytes("{"), base + [header("content-type", "application/json")])?.problem
            == .malformedData(JSONError(.unexpectedEnd, at: 1)))
        #expect(binaryError(nil, base + [header("ce_datacontenttype", "application/json")])?.problem
            == .invalidHeader(name: "ce_datacontenttype", reason: "is not allowed; use content-type"))
        #expect(binaryError(bytes("[]"), [header("content-type", "application/cloudevents-batch+json")])?.problem
            == .unsupportedContentType("application/cloudevents-batch+json"))
        #expect(binaryError(nil, [])?.problem == .missingAttribute("specversion"))
        let big = [UInt8](repeating: 0x41, count: (1 << 20) + 1)
        #expect(binaryError(big, base)?.code == .tooLarge)
    }

    @Test func extensionNameRules() {
        #expect(CloudEvent.isValidExtensionName("correlationid"))
        #expect(CloudEvent.isValidExtensionName("a1"))
        #expect(CloudEvent.isValidExtensionName("abcdefghijklmnopqrst"))
        #expect(!CloudEvent.isValidExtensionName("abcdefghijklmnopqrstu"))
        #expect(!CloudEvent.isValidExtensionName(""))
        #expect(!CloudEvent.isValidExtensionName("Actor"))
        #expect(!CloudEvent.isValidExtensionName("prev-hash"))
        #expect(!CloudEvent.isValidExtensionName("subject"))
        #expect(!CloudEvent.isValidExtensionName("é"))
    }

    @Test func jsonMediaTypes() {
        #expect(CloudEvent.isJSONMediaType("application/json"))
        #expect(CloudEvent.isJSONMediaType(" Application/JSON ; charset=utf-8"))
        #expect(CloudEvent.isJSONMediaType("application/vnd.kpu.tahapan+json"))
        #expect(CloudEvent.isJSONMediaType("text/json"))
        #expect(!CloudEvent.isJSONMediaType("text/plain"))
        #expect(!CloudEvent.isJSONMediaType("application/jsonl"))
    }
}

import Foundation
@testable import RakorBot
import RakorCore
import Testing
import Yams

/// docs/asyncapi.yaml against the code: every example is decoded and
/// re-encoded with the bot's own codecs, signatures and hash chains are
/// checked, and every topic, error code, message kind and integrator type
/// of the code appears in the document.
@Suite("AsyncAPI document")
struct AsyncAPIDocumentTests {
    /// The example secret the document's signed examples use.
    static let demoSecret = Array("demo-key-not-a-secret-0123456789".utf8)

    /// The document, as ordered JSON (YAML mapping order kept).
    static func document() throws -> JSONValue {
        let text = try OpsTestSupport.read("docs/asyncapi.yaml")
        let node = try #require(try Yams.Parser(yaml: text, resolver: .default).singleRoot())
        return try YAMLJSON.convert(node)
    }

    static func messages() throws -> JSONObject {
        try #require(try document()["components"]?["messages"]?.objectValue)
    }

    static func examples(of name: String) throws -> [JSONValue] {
        try #require(try messages()[name]?["examples"]?.arrayValue, "message \(name) has no examples")
    }

    /// Kafka headers from an example's `headers` object.
    static func headers(_ example: JSONValue) -> [(name: String, value: [UInt8]?)] {
        guard let object = example["headers"]?.objectValue else { return [] }
        return object.keys.map { key in (key, object[key]?.stringValue.map { Array($0.utf8) }) }
    }

    /// The record value: the example's `x-rakor-value` when given (the exact
    /// signed bytes), else the compact JSON of its payload.
    static func value(_ example: JSONValue) throws -> [UInt8] {
        if let raw = example["x-rakor-value"]?.stringValue {
            let parsed = try JSONParser().parse(Array(raw.utf8))
            #expect(parsed == example["payload"], "x-rakor-value and payload differ")
            return Array(raw.utf8)
        }
        let payload = try #require(example["payload"])
        if let text = payload.stringValue { return Array(text.utf8) }
        return JSONWriter.serialize(payload)
    }

    /// Checks `rakor-key-id` / `rakor-signature` if the example carries them.
    static func checkSignature(_ example: JSONValue, value: [UInt8], name: String) throws {
        guard let keyID = example["headers"]?["rakor-key-id"]?.stringValue else { return }
        let ring = try HMACKeyRing(keys: [keyID: demoSecret])
        let signature = example["headers"]?["rakor-signature"]?.stringValue
        let verdict = ring.verify(value: value, keyID: keyID, signature: signature)
        let expected = try ring.sign(value: value, keyID: keyID)
        #expect(throws: Never.self, "\(name): signature should be \(expected)") { _ = try verdict.get() }
    }

    // MARK: Coverage

    @Test("it is an AsyncAPI 3.0 document whose channels are exactly the contract's topics")
    func channels() throws {
        let document = try Self.document()
        #expect(document["asyncapi"] == "3.0.0")
        let channels = try #require(document["channels"]?.objectValue)
        let addresses = channels.values.compactMap { $0["address"]?.stringValue }
        #expect(Set(addresses) == Set(TopicNames.all))
        #expect(addresses.count == TopicNames.all.count)
        for channel in channels.values {
            let topic = channel["address"]?.stringValue
            #expect(channel["bindings"]?["kafka"]?["topic"]?.stringValue == topic)
        }
        // Retention in the bindings is the layout `topics create` applies.
        for channel in channels.values {
            let topic = try #require(channel["address"]?.stringValue)
            let retention = channel["bindings"]?["kafka"]?["topicConfiguration"]?["retention.ms"]?.intValue
            #expect(retention == TopicLayout.retentionMilliseconds[topic], "\(topic)")
        }
        let operations = try #require(document["operations"]?.objectValue)
        #expect(operations.count == 5)
    }

    @Test("every $ref points at something that exists")
    func references() throws {
        let document = try Self.document()
        var references: [String] = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let object):
                for key in object.keys {
                    if key == "$ref", let target = object[key]?.stringValue { references.append(target) }
                    if let member = object[key] { walk(member) }
                }
            case .array(let items): items.forEach(walk)
            default: break
            }
        }
        walk(document)
        #expect(references.count > 40)
        for reference in references {
            #expect(reference.hasPrefix("#/"), "\(reference)")
            var node: JSONValue? = document
            for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
            #expect(node != nil, "\(reference) does not resolve")
        }
    }

    @Test("every error code, outbound kind and integrator type of the code is in the document")
    func enumerations() throws {
        let schemas = try #require(try Self.document()["components"]?["schemas"])
        let codes = schemas["ErrorCode"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(codes == ErrorCode.allCases.map(\.rawValue))
        let kinds = schemas["OutboundKind"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(Set(kinds) == Set(OutboundMessage.Kind.allCases.map(\.rawValue)))
        let types = schemas["IntegratorEvent"]?["properties"]?["type"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(Set(types) == Set(IntegrationHandlers.all.keys))

        // Each integrator type has a structured and a binary message, each with examples.
        let messages = try Self.messages()
        for type in IntegrationHandlers.all.keys {
            let modes = messages.values.filter { $0["x-rakor-event-type"]?.stringValue == type }
                .compactMap { $0["x-rakor-mode"]?.stringValue }
            #expect(Set(modes) == ["structured", "binary"], "\(type)")
        }
        // Every documented audit type is one the code can emit.
        let auditTypes = schemas["AuditEvent"]?["properties"]?["type"]?["description"]?.stringValue ?? ""
        for type in [AuditTypes.accepted, AuditTypes.rejected, AuditTypes.offsetReset] + IntegrationHandlers.all.keys {
            #expect(auditTypes.contains("`\(type)`"), "\(type) missing from the audit types")
        }
        for (name, message) in zip(messages.keys, messages.values) {
            let count = message["examples"]?.arrayValue?.count ?? 0
            #expect(count > 0, "\(name) has no example")
        }
    }

    // MARK: Examples through the codecs

    @Test("command envelope examples decode, re-encode identically and carry valid signatures")
    func commandEnvelopes() throws {
        let examples = try Self.examples(of: "CommandEnvelope")
        #expect(examples.count >= 2)
        for example in examples {
            let name = example["name"]?.stringValue ?? "?"
            let bytes = try Self.value(example)
            let envelope = try CommandEnvelope.decode(bytes)
            let payload = try #require(example["payload"])
            #expect(envelope.id == payload["id"]?.stringValue)
            #expect(envelope.chat == payload["chat"]?.stringValue)
            #expect(envelope.sender == payload["sender"]?.stringValue)
            #expect(envelope.text == payload["text"]?.stringValue)
            #expect(envelope.lang?.rawValue == payload["lang"]?.stringValue)
            #expect(try CommandEnvelope.decode(envelope.encode()) == envelope)
            try Self.checkSignature(example, value: bytes, name: name)
        }
        #expect(examples.contains { $0["headers"]?["rakor-signature"] != nil })
    }

    @Test("outbound message examples decode and re-encode to the same JSON, for every kind")
    func outboundMessages() throws {
        var kinds = Set<OutboundMessage.Kind>()
        for (message, expectedKind) in [("Reply", OutboundMessage.Kind.reply), ("FailedReply", .reply),
                                        ("Reminder", .reminder), ("Escalation", .escalation), ("Notice", .notice)] {
            for example in try Self.examples(of: message) {
                let payload = try #require(example["payload"])
                let decoded = try OutboundMessage.decode(try Self.value(example))
                #expect(decoded.kind == expectedKind, "\(message)")
                #expect(decoded.ok == (decoded.error == nil), "\(message): ok must be false exactly when error is set")
                #expect(try JSONParser().parse(decoded.encode()) == payload, "\(message) does not round-trip")
                if decoded.kind != .reply { #expect(decoded.inReplyTo == nil) }
                kinds.insert(decoded.kind)
            }
        }
        #expect(kinds == Set(OutboundMessage.Kind.allCases))
    }

    @Test("integrator event examples decode as CloudEvents in structured and binary mode and re-encode")
    func integratorEvents() throws {
        let messages = try Self.messages()
        var seen: [String: Set<String>] = [:]
        for (name, message) in zip(messages.keys, messages.values) {
            guard let type = message["x-rakor-event-type"]?.stringValue,
                  let mode = message["x-rakor-mode"]?.stringValue else { continue }
            for example in message["examples"]?.arrayValue ?? [] {
                let body = try Self.value(example)
                let headers = Self.headers(example)
                let event = try CloudEvent.decode(value: body, headers: headers)
                #expect(event.type == type, "\(name)")
                #expect(IntegrationHandlers.handler(for: event.type) != nil)
                let signed = EventSigning.signedBytes(value: body, headers: headers)
                try Self.checkSignature(example, value: signed, name: name)
                switch mode {
                case "structured":
                    #expect(try CloudEvent.decode(structured: event.encode()) == event, "\(name)")
                    #expect(try JSONParser().parse(event.encode()) == example["payload"], "\(name)")
                case "binary":
                    let (encodedHeaders, encodedBody) = event.binaryMode()
                    let documented = headers.filter { !$0.name.hasPrefix("rakor-") }
                    #expect(encodedHeaders.map(\.name).sorted() == documented.map(\.name).sorted(), "\(name)")
                    for header in encodedHeaders {
                        #expect(documented.first { $0.name == header.name }?.value == header.value, "\(name): \(header.name)")
                    }
                    #expect(try encodedBody.map { try JSONParser().parse($0) } == example["payload"], "\(name)")
                    #expect(try CloudEvent.decode(value: encodedBody, headers: encodedHeaders.map { ($0.name, $0.value) }) == event)
                default:
                    Issue.record("\(name): unknown mode \(mode)")
                }
                // Published calendars are real calendar documents.
                if type == IntegrationHandlers.calendarPublished, case .object(let object)? = try event.jsonData() {
                    let text = String(decoding: JSONWriter.serialize(.object(object)), as: UTF8.self)
                    #expect(throws: Never.self) { _ = try CalendarDocument.parse(text: text) }
                }
                seen[type, default: []].insert(mode)
            }
        }
        #expect(Set(seen.keys) == Set(IntegrationHandlers.all.keys))
        #expect(seen.values.allSatisfy { $0 == ["structured", "binary"] })
    }

    @Test("audit examples are exactly what AuditChain produces, and AuditVerifier accepts them as one chain")
    func auditChain() throws {
        let examples = try Self.examples(of: "AuditEvent")
        #expect(examples.count == 3)
        var chain = AuditChain(chainID: "rakorbot")
        var verifier = AuditVerifier()
        for example in examples {
            let payload = try #require(example["payload"])
            let time = try #require(payload["time"]?.stringValue.flatMap { RFC3339.parse($0) })
            let record = chain.append(type: try #require(payload["type"]?.stringValue),
                                      subject: payload["subject"]?.stringValue, time: time,
                                      actor: try #require(payload["actor"]?.stringValue),
                                      correlationID: payload["correlationid"]?.stringValue, data: payload["data"])
            let produced = try JSONParser().parse(record.bytes)
            #expect(produced == payload,
                    "the document's example differs from AuditChain's output; it should read:\n\(String(decoding: record.bytes, as: UTF8.self))")
            // The record value is the canonical form itself.
            #expect(JCS.canonicalize(payload) == record.bytes)
            let outcome = verifier.verify(JCS.canonicalize(payload), chain: "rakorbot")
            #expect(outcome.isValid, "\(outcome.problems)")
        }
        #expect(verifier.summary.chains.first?.events == 3)
    }

    @Test("the dead-letter example carries the five contract headers with a known error code")
    func deadLetter() throws {
        let document = try Self.document()
        let required = document["components"]?["schemas"]?["DeadLetterHeaders"]?["required"]?.arrayValue?.compactMap(\.stringValue)
        #expect(required == ["source_topic", "source_partition", "source_offset", "error_code", "error_message"])
        for example in try Self.examples(of: "DeadLetter") {
            let headers = try #require(example["headers"]?.objectValue)
            #expect(Set(headers.keys) == Set(required ?? []))
            #expect(headers["error_code"]?.stringValue.flatMap(ErrorCode.init(rawValue:)) != nil)
            #expect(headers["source_topic"]?.stringValue.map { TopicNames.all.contains($0) } == true)
            #expect(Int(headers["source_offset"]?.stringValue ?? "") != nil)
            // Not a valid envelope: that is why it is here.
            #expect(throws: EnvelopeError.self) { _ = try CommandEnvelope.decode(try Self.value(example)) }
        }
    }
}

/// YAML → JSONValue, keeping mapping order (Yams' `load` returns dictionaries).
enum YAMLJSON {
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    static func convert(_ node: Node) throws -> JSONValue {
        switch node {
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard let name = key.string else { throw Unsupported(description: "non-text key at \(key.mark.map(String.init(describing:)) ?? "?")") }
                object[name] = try convert(value)
            }
            return .object(object)
        case .sequence(let sequence):
            return .array(try sequence.map(convert))
        case .scalar(let scalar):
            if node.null != nil, scalar.style == .plain { return .null }
            if scalar.style == .plain || scalar.style == .any {
                if let bool = node.bool, node.tag.description.hasSuffix(":bool") { return .bool(bool) }
                if let int = node.int, node.tag.description.hasSuffix(":int") { return .int(Int64(int)) }
                if let double = node.float, node.tag.description.hasSuffix(":float") { return .double(double) }
            }
            return .string(scalar.string)
        case .alias:
            throw Unsupported(description: "aliases are not used in this document")
        }
    }
}

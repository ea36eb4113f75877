import Foundation
@testable import RakorBot
import RakorCore
import Testing

/// The committed hostile-input corpus (`Tests/RakorBotTests/Hostile/`): one
/// file of raw bytes per case and `manifest.json` saying how each is sent and
/// what the bot must do with it. Values too big to commit (over 1 MiB) are
/// built here from the manifest's `generate` rule.
struct HostileCorpus: Sendable {
    struct Expectation: Sendable {
        /// nil: the input is served (`ok: true`).
        let code: ErrorCode?
        /// Whether a reply goes back to a chat (events never get one).
        let reply: Bool
        let deadLetter: Bool
        /// `rakor.command.accepted` or `rakor.command.rejected`.
        let audit: String
        /// The envelope id the reply must answer, when the bot could still read it.
        let inReplyTo: String?
        /// Text the reply must contain (e.g. a hostile title stored verbatim).
        let replyContains: String?
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let category: String
        /// The logical topic: `rakor.commands` or `rakor.events`.
        let topic: String
        let key: [UInt8]?
        let value: [UInt8]?
        let headers: [InputRecord.Header]
        /// Sent to a bot that has signing keys configured.
        let signed: Bool
        /// Also replayed through a real Kafka round trip.
        let kafka: Bool
        let expect: Expectation

        var testDescription: String { name }
        var rejected: Bool { expect.code != nil }
    }

    let cases: [Case]
    let bridgeKeys: HMACKeyRing
    let integratorKeys: HMACKeyRing

    struct ManifestError: Error, CustomStringConvertible {
        let description: String
    }

    static func load() throws -> HostileCorpus {
        let folder = try #require(Bundle.module.url(forResource: "Hostile", withExtension: nil), "Hostile corpus not bundled")
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        let manifest = try JSONParser().parse(bytes)
        let signing = try object(manifest["signing"], "signing")
        let entries = try #require(manifest["cases"]?.arrayValue, "manifest has no cases")
        let cases = try entries.map { try parseCase($0, folder: folder) }
        let names = cases.map(\.name)
        guard Set(names).count == names.count else { throw ManifestError(description: "case names repeat") }
        return HostileCorpus(cases: cases, bridgeKeys: try keyRing(signing["bridge"]),
                             integratorKeys: try keyRing(signing["integrators"]))
    }

    private static func parseCase(_ entry: JSONValue, folder: URL) throws -> Case {
        let name = try string(entry["name"], "name")
        func fail(_ what: String) -> ManifestError { ManifestError(description: "case \(name): \(what)") }
        let value: [UInt8]?
        if let rule = entry["generate"]?.objectValue {
            value = try generate(rule, fail)
        } else if let file = entry["file"], !file.isNull {
            let path = try string(file, "file")
            value = try [UInt8](Data(contentsOf: folder.appendingPathComponent(path)))
        } else {
            value = nil
        }
        let key: [UInt8]?
        if let hex = entry["key_hex"]?.stringValue {
            key = try decodeHex(hex, fail)
        } else {
            key = entry["key"]?.stringValue.map { Array($0.utf8) }
        }
        let headers = try (entry["headers"]?.arrayValue ?? []).map { header -> InputRecord.Header in
            let headerName = try string(header["name"], "header name")
            if let hex = header["value_hex"]?.stringValue {
                return InputRecord.Header(name: headerName, value: try decodeHex(hex, fail)[...])
            }
            return InputRecord.Header(name: headerName, value: header["value"]?.stringValue.map { Array($0.utf8)[...] })
        }
        let expect = try object(entry["expect"], "expect")
        let code: ErrorCode?
        if let raw = expect["code"]?.stringValue {
            guard let parsed = ErrorCode(rawValue: raw) else { throw fail("unknown code \(raw)") }
            code = parsed
        } else {
            code = nil
        }
        let topic = try string(entry["topic"], "topic")
        guard [TopicNames.commands, TopicNames.events].contains(topic) else { throw fail("unknown topic \(topic)") }
        return Case(name: name, category: try string(entry["category"], "category"), topic: topic, key: key,
                    value: value, headers: headers, signed: entry["keys"]?.boolValue ?? false,
                    kafka: entry["kafka"]?.boolValue ?? false,
                    expect: Expectation(code: code, reply: expect["reply"]?.boolValue ?? false,
                                        deadLetter: expect["dead_letter"]?.boolValue ?? false,
                                        audit: try string(expect["audit"], "audit"),
                                        inReplyTo: expect["in_reply_to"]?.stringValue,
                                        replyContains: expect["reply_contains"]?.stringValue))
    }

    /// prefix + fill repeated (the last copy cut to fit) + suffix, exactly `total_bytes` long.
    private static func generate(_ rule: JSONObject, _ fail: (String) -> ManifestError) throws -> [UInt8] {
        let prefix = Array((rule["prefix"]?.stringValue ?? "").utf8)
        let suffix = Array((rule["suffix"]?.stringValue ?? "").utf8)
        let fill = Array((rule["fill"]?.stringValue ?? "").utf8)
        guard let total = rule["total_bytes"]?.intValue.map(Int.init), !fill.isEmpty,
              total >= prefix.count + suffix.count else { throw fail("bad generate rule") }
        var bytes = prefix
        bytes.reserveCapacity(total)
        let room = total - prefix.count - suffix.count
        while bytes.count - prefix.count < room {
            bytes.append(contentsOf: fill.prefix(room - (bytes.count - prefix.count)))
        }
        return bytes + suffix
    }

    private static func keyRing(_ value: JSONValue?) throws -> HMACKeyRing {
        let keys = try object(value, "signing keys")
        return try HMACKeyRing(keys: Dictionary(uniqueKeysWithValues: try keys.map { entry in
            (entry.key, Array(try string(entry.value, "secret").utf8))
        }))
    }

    private static func string(_ value: JSONValue?, _ what: String) throws -> String {
        guard let text = value?.stringValue else { throw ManifestError(description: "missing \(what)") }
        return text
    }

    private static func object(_ value: JSONValue?, _ what: String) throws -> JSONObject {
        guard let object = value?.objectValue else { throw ManifestError(description: "missing \(what)") }
        return object
    }

    private static func decodeHex(_ hex: String, _ fail: (String) -> ManifestError) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { throw fail("odd hex \(hex)") }
        return try stride(from: 0, to: digits.count, by: 2).map { index in
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else {
                throw fail("bad hex \(hex)")
            }
            return byte
        }
    }
}

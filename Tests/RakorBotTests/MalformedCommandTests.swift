import Foundation
@testable import RakorBot
import RakorCore
import RakorStore
import Testing

/// Input that is not a valid envelope: dead-lettered with its original bytes
/// and the contract's five headers, answered with `invalid_envelope` (or
/// `too_large`) when the key names a chat, audited once as rejected, and the
/// rest of the batch is still served.
@Suite("Processor: malformed commands")
struct MalformedCommandTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let value: [UInt8]?
        let code: ErrorCode
        /// The envelope id the bot could still read (for `in_reply_to`).
        let id: String?

        init(_ name: String, _ value: [UInt8]?, _ code: ErrorCode = .invalidEnvelope, id: String? = nil) {
            self.name = name
            self.value = value
            self.code = code
            self.id = id
        }

        init(_ name: String, json: String, _ code: ErrorCode = .invalidEnvelope, id: String? = nil) {
            self.init(name, Array(json.utf8), code, id: id)
        }

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case("null value", nil),
        Case("empty value", []),
        Case("not JSON", json: "halo bot, kapan pemungutan suara?"),
        Case("truncated JSON", json: #"{"id":"x","chat":"c","sender":"u-heriansyah","text":"/tenggat""#),
        Case("JSON array", json: #"[{"id":"x"}]"#),
        Case("JSON string", json: #""/tenggat""#),
        Case("missing id", json: #"{"chat":"c","sender":"u-heriansyah","text":"/tenggat"}"#),
        Case("missing chat", json: #"{"id":"m-chat","sender":"u-heriansyah","text":"/tenggat"}"#, id: "m-chat"),
        Case("missing sender", json: #"{"id":"m-sender","chat":"c","text":"/tenggat"}"#, id: "m-sender"),
        Case("missing text", json: #"{"id":"m-text","chat":"c","sender":"u-heriansyah"}"#, id: "m-text"),
        Case("id is a number", json: #"{"id":42,"chat":"c","sender":"u-heriansyah","text":"/tenggat"}"#),
        Case("text is a number", json: #"{"id":"t-num","chat":"c","sender":"u-heriansyah","text":7}"#, id: "t-num"),
        Case("chat is an object", json: #"{"id":"c-obj","chat":{},"sender":"u-heriansyah","text":"/tenggat"}"#, id: "c-obj"),
        Case("sender is null", json: #"{"id":"s-null","chat":"c","sender":null,"text":"/tenggat"}"#, id: "s-null"),
        Case("lang is a number", json: #"{"id":"l-num","chat":"c","sender":"u-heriansyah","text":"/tenggat","lang":1}"#, id: "l-num"),
        Case("unknown lang", json: #"{"id":"l-xx","chat":"c","sender":"u-heriansyah","text":"/tenggat","lang":"jv"}"#, id: "l-xx"),
        Case("sent_at not RFC 3339", json: #"{"id":"sa","chat":"c","sender":"u-heriansyah","text":"/tenggat","sent_at":"20/11/2024"}"#, id: "sa"),
        Case("empty text", json: #"{"id":"e-text","chat":"c","sender":"u-heriansyah","text":""}"#, id: "e-text"),
        Case("empty id", json: #"{"id":"","chat":"c","sender":"u-heriansyah","text":"/tenggat"}"#),
        Case("text of 4097 characters",
             json: #"{"id":"long-text","chat":"c","sender":"u-heriansyah","text":"/tenggat \#(String(repeating: "a", count: 4088))"}"#,
             id: "long-text"),
        Case("id of 129 characters",
             json: #"{"id":"\#(String(repeating: "i", count: 129))","chat":"c","sender":"u-heriansyah","text":"/tenggat"}"#),
        Case("control character in text", json: #"{"id":"ctl-t","chat":"c","sender":"u-heriansyah","text":"/tenggat\u0007"}"#, id: "ctl-t"),
        Case("control character in id", json: #"{"id":"ctl\u0000id","chat":"c","sender":"u-heriansyah","text":"/tenggat"}"#),
        Case("C1 control character in chat", json: "{\"id\":\"ctl-c\",\"chat\":\"c\u{85}\",\"sender\":\"u-heriansyah\",\"text\":\"/tenggat\"}", id: "ctl-c"),
        Case("invalid UTF-8", Array(#"{"id":"utf","chat":"c","sender":"u-heriansyah","text":"/tenggat "#.utf8) + [0xC3, 0x28, 0xFF]
             + Array(#""}"#.utf8)),
        Case("duplicate member", json: #"{"id":"a","id":"b","chat":"c","sender":"u-heriansyah","text":"/tenggat"}"#),
        Case("over 1 MiB", Array(#"{"id":"big","chat":"c","sender":"u-heriansyah","text":"/tenggat","pad":""#.utf8)
             + Array(repeating: UInt8(ascii: "x"), count: 1_048_576) + Array(#""}"#.utf8), .tooLarge),
    ]

    @Test(arguments: cases)
    func isDeadLetteredAnsweredAuditedAndTheBatchGoesOn(_ bad: Case) throws {
        let h = try ProcessorHarness()
        let before = h.command("/tenggat pemungutan suara pilkada 2024", as: "u-heriansyah", id: "before")
        let record = h.raw(bad.value, key: "wa:group-kesbangpol-kalsel",
                           headers: [InputRecord.Header("traceparent", "00-abc-01")])
        let after = h.command("/tenggat pemungutan suara pilkada 2024", as: "u-heriansyah", id: "after")
        let out = try h.run([before, record, after])

        // The dead letter: the input's key and bytes unchanged, its headers first, then the contract's five.
        #expect(out.deadLetters.count == 1)
        let letter = try #require(out.deadLetters.first)
        #expect(letter.keyText == "wa:group-kesbangpol-kalsel")
        let original = bad.value ?? []
        var names = ["traceparent", "source_topic", "source_partition", "source_offset", "error_code", "error_message"]
        if original.count > OutboxWriter.maxMessageBytes - OutboxWriter.headerReserve {
            // Too big for one Kafka record: a prefix, marked (see OutputSizeTests).
            #expect(letter.value == Array(original.prefix(letter.value.count)))
            #expect(letter.header("original_value_bytes") == String(original.count))
            names.append("original_value_bytes")
        } else {
            #expect(letter.value == original)
        }
        #expect(letter.headers.map(\.name) == names)
        #expect(letter.header("traceparent") == "00-abc-01")
        #expect(letter.header("source_topic") == "rakor.commands")
        #expect(letter.header("source_partition") == "0")
        #expect(letter.header("source_offset") == String(record.offset))
        #expect(letter.header("error_code") == bad.code.rawValue)
        #expect(letter.header("error_message")?.isEmpty == false)

        // The refusal, to the chat named by the key.
        #expect(out.replies.count == 3)
        let refusal = try #require(out.replies.first { !$0.ok })
        #expect(refusal.chat == "wa:group-kesbangpol-kalsel")
        #expect(refusal.kind == .reply)
        #expect(refusal.error?.code == bad.code)
        #expect(refusal.error?.message == refusal.text)
        #expect(refusal.inReplyTo == bad.id)
        #expect(refusal.id == (bad.id.map { "r-\($0)" } ?? "r-rakor.commands-0-\(record.offset)"))

        // One rejected event for it, between the two accepted ones.
        #expect(out.auditTypes == ["rakor.command.accepted", "rakor.command.rejected", "rakor.command.accepted"])
        let rejected = out.audit[1]
        #expect(rejected["data"]?["code"] == .string(bad.code.rawValue))
        #expect(rejected["data"]?["source_offset"] == .int(record.offset))
        #expect(rejected["actor"] == "unknown")

        // The batch went on.
        #expect(out.reply(to: "before")?.ok == true)
        #expect(out.reply(to: "after")?.ok == true)
        #expect(out.tally.deadLettered == 1)
        #expect(try h.ledger("raw:rakor.commands:0:\(record.offset)")?.outcome == .rejected(bad.code))
        #expect(h.verifyAudit().isValid)
    }

    @Test(arguments: [
        ("null key", nil as [UInt8]?),
        ("empty key", []),
        ("key not UTF-8", [0xFF, 0xFE]),
        ("key with a control character", Array("wa:chat\n".utf8)),
        ("key of 257 bytes", Array(repeating: UInt8(ascii: "k"), count: 257)),
    ])
    func withoutAUsableKeyThereIsNoReplyButStillADeadLetterAndAnAuditEvent(_ name: String, key: [UInt8]?) throws {
        let h = try ProcessorHarness()
        let record = InputRecord(topic: TopicNames.commands, partition: 1, offset: 99, key: key.map { $0[...] },
                                 value: Array("not json".utf8)[...])
        let out = try h.run([record])
        #expect(out.replies.isEmpty, "\(name)")
        #expect(out.deadLetters.count == 1)
        #expect(out.deadLetters.first?.key == key)
        #expect(out.deadLetters.first?.header("source_partition") == "1")
        #expect(out.deadLetters.first?.header("source_offset") == "99")
        #expect(out.auditTypes == ["rakor.command.rejected"])
        #expect(out.audit.first?["data"]?["chat"] == nil)
        #expect(out.audit.first?["subject"] == "record/rakor.commands/1/99")
        #expect(try h.ledger("raw:rakor.commands:1:99")?.reply == nil)
    }

    @Test func theRefusalIsInEnglishWhenNothingSaysOtherwiseItIsIndonesian() throws {
        let h = try ProcessorHarness()
        let out = try h.run([h.raw("not json")])
        let reply = try #require(out.replies.first)
        #expect(reply.lang == .id)
        #expect(reply.text.contains("bukan JSON"), "\(reply.text)")
        // The dead letter's message is for operators: English.
        #expect(out.deadLetters.first?.header("error_message")?.contains("not valid JSON") == true)
    }

    @Test func anUndecodableRecordRedeliveredIsNotDeadLetteredTwice() throws {
        let h = try ProcessorHarness()
        let record = h.raw("not json", key: "wa:group-kpu-kalsel")
        let first = try h.run([record])
        #expect(first.deadLetters.count == 1)
        let second = try h.run([record])
        #expect(second.deadLetters.isEmpty)
        #expect(second.audit.isEmpty)
        #expect(second.tally.duplicates == 1)
        // Its refusal is sent again, byte for byte, to the same chat.
        #expect(second.replyRows.map(\.value) == first.replyRows.map(\.value))
        #expect(second.replyRows.first?.keyText == "wa:group-kpu-kalsel")
        // A different record with the same bytes (another offset) is judged on its own.
        let third = try h.run([h.raw("not json", key: "wa:group-kpu-kalsel")])
        #expect(third.deadLetters.count == 1)
        #expect(h.verifyAudit().events == 2)
    }

    @Test func anUndecodableRecordWithoutAKeyRedeliveredStaysQuiet() throws {
        let h = try ProcessorHarness()
        let record = h.raw("not json", key: nil)
        try h.run([record])
        let again = try h.run([record, record])
        #expect(again.rows.isEmpty)
        #expect(again.tally.duplicates == 2)
    }

    @Test func aRecordOnAnUnexpectedTopicIsDeadLettered() throws {
        let h = try ProcessorHarness()
        let record = InputRecord(topic: "rakor.other", offset: 3, key: nil, value: Array("x".utf8)[...])
        let out = try h.run([record])
        #expect(out.deadLetters.first?.header("source_topic") == "rakor.other")
        #expect(out.deadLetters.first?.header("error_code") == "invalid_envelope")
        #expect(out.auditTypes == ["rakor.command.rejected"])
    }
}

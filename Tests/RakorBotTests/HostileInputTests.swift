import Foundation
import Kafka
@testable import RakorBot
import RakorCore
import Testing

/// Replays the committed hostile-input corpus (`Hostile/manifest.json`):
/// invalid UTF-8, values over 1 MiB, deep nesting, wrong types, control
/// characters, very long arguments, SQL- and format-string-shaped text, null
/// keys and values, malformed CloudEvents, forged integrator types, bad
/// signatures. Every case must get its expected answer, exactly one
/// accepted/rejected audit event, and (when refused as a message) a dead
/// letter holding its original bytes; the bot must keep serving afterwards.
@Suite("Hostile input corpus", .serialized)
struct HostileInputTests {
    static let validText = "/tenggat pemungutan suara pilkada 2024"

    /// Every case through the processor (decode → authenticate → dispatch →
    /// reply → audit → dead letter → ledger), each in its own batch, in one
    /// store per signing setup so state built by earlier cases stays.
    @Test func everyCaseGetsItsExpectedOutcomeAndTheBotKeepsServing() throws {
        let corpus = try HostileCorpus.load()
        #expect(corpus.cases.count >= 40)
        #expect(Set(corpus.cases.map(\.category)).isSuperset(of: [
            "invalid_utf8", "too_large", "deep_nesting", "wrong_types", "control_characters", "long_arguments",
            "sql_shaped", "format_string", "null_key_value", "malformed_cloudevent", "forged_integrator",
        ]))
        let plain = try ProcessorHarness()
        let signed = try ProcessorHarness(settings: ProcessorSettings(bridgeKeys: corpus.bridgeKeys,
                                                                      integratorKeys: corpus.integratorKeys,
                                                                      rateLimit: .unlimited))
        var rejected = 0, audited = 0, failures = 0
        for item in corpus.cases {
            let h = item.signed ? signed : plain
            let record = InputRecord(topic: item.topic, partition: 0, offset: h.nextOffset(item.topic),
                                     key: item.key?[...], value: item.value?[...], headers: item.headers)
            let out: BatchOutput
            do {
                out = try h.run([record])
            } catch {
                // The batch's transaction failing is what a crash looks like here:
                // the pipeline would retry the record forever.
                failures += 1
                Issue.record("\(item.name): the batch failed: \(error)")
                continue
            }
            if item.rejected { rejected += 1 }
            audited += out.auditTypes.filter { $0 == AuditTypes.accepted || $0 == AuditTypes.rejected }.count
            Self.check(item, record: record, out: out)
        }

        // Still serving, and the audit chain still verifies from genesis.
        let after = try plain.ask(Self.validText, as: "u-heriansyah", id: "after-hostile")
        #expect(after.ok, "\(after.text)")
        #expect(after.text.contains("Pemungutan suara"), "\(after.text)")
        let summary = plain.verifyAudit()
        #expect(summary.isValid, "\(summary)")
        #expect(signed.verifyAudit().isValid)
        #expect(audited == corpus.cases.count, "one accepted/rejected event per case")
        print("hostile: cases=\(corpus.cases.count) rejected=\(rejected) audited=\(audited) crashes=\(failures)")
    }

    static func check(_ item: HostileCorpus.Case, record: InputRecord, out: BatchOutput) {
        let name = item.name
        let expect = item.expect

        // Exactly one accepted/rejected event, of the expected type and code.
        let verdicts = out.audit.filter {
            $0["type"]?.stringValue == AuditTypes.accepted || $0["type"]?.stringValue == AuditTypes.rejected
        }
        #expect(verdicts.count == 1, "\(name): \(out.auditTypes)")
        #expect(verdicts.first?["type"]?.stringValue == expect.audit, "\(name): \(out.auditTypes)")
        #expect(verdicts.first?["data"]?["code"]?.stringValue == expect.code?.rawValue,
                "\(name): audited \(verdicts.first?["data"]?["code"]?.stringValue ?? "no code")")

        // The reply: to the chat the key or the envelope names, with the expected code.
        let answers = out.replies.filter { $0.kind == .reply }
        if expect.reply {
            #expect(answers.count == 1, "\(name): \(answers.count) replies")
            if let reply = answers.first {
                #expect(reply.ok == (expect.code == nil), "\(name): \(reply.text)")
                #expect(reply.error?.code == expect.code, "\(name): \(reply.error?.code.rawValue ?? "ok"): \(reply.text)")
                if let id = expect.inReplyTo {
                    #expect(reply.inReplyTo == id, "\(name)")
                    #expect(reply.id == "r-\(id)", "\(name)")
                } else if expect.deadLetter {
                    // Refused before its id could be trusted: named after the record.
                    #expect(reply.inReplyTo == nil, "\(name)")
                    #expect(reply.id == "r-\(record.topic)-\(record.partition)-\(record.offset)", "\(name): \(reply.id)")
                }
                if let key = item.key, expect.deadLetter, expect.inReplyTo == nil {
                    #expect(reply.chat == String(decoding: key, as: UTF8.self), "\(name): answered to the key's chat")
                }
                if let text = expect.replyContains { #expect(reply.text.contains(text), "\(name): \(reply.text)") }
            }
        } else {
            #expect(answers.isEmpty, "\(name): unexpected reply \(answers.map(\.text))")
        }

        // The dead letter keeps the input's key, headers and bytes.
        #expect(out.deadLetters.count == (expect.deadLetter ? 1 : 0), "\(name): \(out.deadLetters.count) dead letters")
        guard expect.deadLetter, let letter = out.deadLetters.first else { return }
        let original = item.value ?? []
        if original.count > OutboxWriter.maxMessageBytes - OutboxWriter.headerReserve {
            // No Kafka record the bot writes exceeds 900,000 bytes (contract
            // extension): a prefix, and the original size in a header.
            #expect(letter.value == Array(original.prefix(letter.value.count)), "\(name)")
            #expect(letter.header("original_value_bytes") == String(original.count), "\(name)")
        } else {
            #expect(letter.value == original, "\(name): dead letter is not the input's bytes")
        }
        #expect(letter.key == item.key, "\(name)")
        #expect(Array(letter.headers.prefix(item.headers.count)).map(\.name) == item.headers.map(\.name), "\(name)")
        #expect(letter.header("source_topic") == item.topic, "\(name)")
        #expect(letter.header("source_offset") == String(record.offset), "\(name)")
        #expect(letter.header("error_code") == expect.code?.rawValue, "\(name)")
    }

    /// A handful of cases (null key and null value among them) through a real
    /// bot on the embedded cluster: the same answers, one audit verdict each,
    /// dead letters byte for byte, and a valid command afterwards answered.
    @Test func aKafkaRoundTripOfSomeCasesKeepsOriginalBytesAndTheBotAnswersAfterwards() async throws {
        let corpus = try HostileCorpus.load()
        let chosen = corpus.cases.filter(\.kafka)
        #expect(chosen.contains { $0.key == nil && $0.value == nil })
        #expect(chosen.contains { $0.key == nil && $0.value != nil })
        let fixture = try await BotFixture()
        let bot = try await fixture.startBot()
        do {
            for item in chosen {
                let topic = item.topic == TopicNames.commands ? fixture.topics.commands : fixture.topics.events
                try await fixture.produce(topic: topic, key: item.key, value: item.value,
                                          headers: item.headers.map { KafkaHeader(name: $0.name, value: $0.value) })
            }
            try await fixture.send(CommandEnvelope(id: "after-hostile-kafka", chat: "wa:test-chat", sender: "u-heriansyah",
                                                   text: Self.validText))
            // Generous: the first group join on the mock cluster alone takes ~3 s on a loaded machine.
            let after = try await fixture.reply(to: "after-hostile-kafka", timeout: .seconds(60))
            #expect(after.ok, "\(after.text)")

            // Audit verdicts: one per case, plus the valid command's.
            let verdicts = chosen.count + 1
            _ = await fixture.reader.wait(timeout: .seconds(60)) { _ in
                fixture.auditEvents.filter { [AuditTypes.accepted, AuditTypes.rejected].contains($0["type"]?.stringValue ?? "") }
                    .count >= verdicts
            }
            let audit = fixture.auditEvents
            #expect(audit.filter { $0["type"]?.stringValue == AuditTypes.rejected }.count
                    == chosen.filter(\.rejected).count)
            #expect(audit.filter { $0["type"]?.stringValue == AuditTypes.accepted }.count
                    == chosen.filter { !$0.rejected }.count + 1)

            // Dead letters: as many as expected, each the bytes and key of one input.
            let expected = chosen.filter(\.expect.deadLetter)
            _ = await fixture.reader.wait(timeout: .seconds(30)) { _ in fixture.deadLetters.count >= expected.count }
            let letters = fixture.deadLetters
            #expect(letters.count == expected.count)
            var unmatched = letters.map { (key: $0.key.map(Array.init), value: Array($0.value ?? []),
                                           code: $0.headers.first(named: "error_code")?.stringValue) }
            for item in expected {
                let index = unmatched.firstIndex {
                    $0.key == item.key && $0.value == (item.value ?? []) && $0.code == item.expect.code?.rawValue
                }
                #expect(index != nil, "\(item.name): no byte-identical dead letter")
                if let index { unmatched.remove(at: index) }
            }

            // Replies to decodable commands, with the expected code.
            for item in chosen where item.expect.reply {
                guard let id = item.expect.inReplyTo ?? Self.envelopeID(item) else { continue }
                let reply = try await fixture.reply(to: id, timeout: .seconds(30))
                #expect(reply.error?.code == item.expect.code, "\(item.name): \(reply.text)")
            }
            #expect(fixture.verifyAudit().isValid)
        } catch {
            await bot.stop()
            await fixture.close()
            throw error
        }
        await bot.stop()
        await fixture.close()
    }

    /// The id of a case whose bytes are a valid envelope (the reply answers it).
    static func envelopeID(_ item: HostileCorpus.Case) -> String? {
        guard item.topic == TopicNames.commands, let value = item.value else { return nil }
        return try? CommandEnvelope.decode(value).id
    }
}

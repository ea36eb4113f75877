import Foundation
import Kafka
import RakorCore
import Testing

/// `rakorbot serve` as a child process, driven by `rakorbot chat`, kcat,
/// `rakorbot calendar import` and checked with `rakorbot audit verify`.
@Suite("rakorbot end to end")
struct BotEndToEndTests {
    @Test("chat answers deadlines, schedules and help; kcat garbage is dead-lettered; the audit chain verifies")
    func chatDeadLetterAndAudit() async throws {
        try await BotHarness.withBot("chat") { bot in
            // 1. Three commands through the console bridge, one JSON reply per line.
            let json = try await bot.chat(
                ["/tenggat pemungutan suara pilkada 2024", "/jadwal pilkada2024", "/help"], extra: ["--json"])
            #expect(json.status == 0, "\(json)")
            let replies = try json.stdout.split(separator: "\n").map { try OutboundMessage.decode(Array($0.utf8)) }
            try #require(replies.count == 3, "\(json)")
            #expect(replies.allSatisfy { $0.kind == .reply && $0.ok && $0.chat == "console:u-heriansyah" })
            #expect(replies[0].text.contains("Rabu, 27 November 2024"))
            #expect(replies[0].text.contains("H-7"))
            #expect(replies[1].text.contains("25 September – 23 November 2024"))
            #expect(replies[2].lang == .en)
            #expect(replies[2].text.contains("Commands you can use"))
            #expect(Set(replies.compactMap(\.inReplyTo)).count == 3, "each reply answers its own command id")

            // 2. Text mode: failures print their code; an unknown sender is refused.
            let text = try await bot.chat(["/foo", "/tugas lihat T-999", "  ", "/jadwal pilkada2024"])
            #expect(text.status == 0, "\(text)")
            #expect(text.stdout.hasPrefix("error (unknown_command): "))
            #expect(text.stdout.contains("error (not_found): "))
            #expect(text.stdout.contains("Pelaksanaan kampanye — 25 September – 23 November 2024"))
            let stranger = try await bot.chat(["/help"], as: "u-nobody")
            #expect(stranger.status == 0, "\(stranger)")
            #expect(stranger.stdout.hasPrefix("error (forbidden): "), "\(stranger)")

            // 3. kcat, an external client, produces a record that is not JSON.
            let kcat = try #require(Self.kcat, "kcat is not installed (make deps installs it)")
            let key = "wa:kcat-e2e-\(UUID().uuidString.prefix(8))"
            let produced = try await runProgram(
                kcat, ["-b", bot.bootstrapServers, "-P", "-t", "rakor.commands", "-K", "|"],
                input: "\(key)|this is not json {\n")
            #expect(produced.status == 0, "\(produced)")
            let dead = try await KafkaHelpers.firstRecord(bot.bootstrapServers, topic: "rakor.deadletter") {
                $0.key.map { String(decoding: $0, as: UTF8.self) } == key
            }
            let letter = try #require(dead, "the non-JSON record reached rakor.deadletter")
            #expect(letter.text == "this is not json {", "the input's bytes, unchanged")
            #expect(letter.header("source_topic") == "rakor.commands")
            #expect(letter.header("source_partition").flatMap { Int32($0) } != nil)
            #expect(letter.header("source_offset").flatMap { Int64($0) } != nil)
            #expect(letter.header("error_code") == "invalid_envelope")
            #expect(letter.header("error_message")?.isEmpty == false)
            // The chat is known from the key: it gets an invalid_envelope reply.
            let answer = try await KafkaHelpers.firstRecord(bot.bootstrapServers, topic: "rakor.replies") {
                (try? OutboundMessage.decode(Array($0.value ?? [])))?.chat == key
            }
            let refusal = try OutboundMessage.decode(Array(try #require(answer).value ?? []))
            #expect(refusal.ok == false)
            #expect(refusal.error?.code == .invalidEnvelope)
            // …and the bot keeps answering.
            let after = try await bot.chat(["/deadline voting day"], extra: ["--lang", "en"])
            #expect(after.status == 0, "\(after)")
            #expect(after.stdout.contains("Wednesday, 27 November 2024"), "\(after)")

            // 4. The run's audit stream verifies. 3 + 3 + 1 + 1 + 1 commands,
            // each audited once; the relay publishes them asynchronously.
            let deadline = ContinuousClock.now + .seconds(60)
            while try await KafkaHelpers.snapshot(bot.bootstrapServers, topic: "rakor.audit").count < 9,
                  ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            let verify = try await rakorbot(["audit", "verify", "--json"] + bot.clusterArguments)
            #expect(verify.status == 0, "\(verify)")
            let summary = try Self.object(verify.stdout)
            #expect(summary["valid"]?.boolValue == true)
            #expect(summary["verdict"]?.stringValue == "verified")
            #expect((summary["events"]?.intValue ?? 0) >= 9, "\(verify.stdout)")
            #expect(summary["events"]?.intValue == summary["records"]?.intValue)
            let chains = summary["chains"]?.arrayValue ?? []
            #expect(chains.count == 1)
            #expect(chains.first?["chain"]?.stringValue == "rakorbot")
            #expect(chains.first?["first_sequence"]?.intValue == 1)
            let verifyText = try await rakorbot(["audit", "verify"] + bot.clusterArguments)
            #expect(verifyText.status == 0, "\(verifyText)")
            #expect(verifyText.stdout.contains("chain rakorbot: sequence 1–"))
            #expect(verifyText.stdout.contains("OK: every chain verifies"))

            // 5. A copy of the audit stream with one event altered fails.
            let audit = try await KafkaHelpers.snapshot(bot.bootstrapServers, topic: "rakor.audit")
            try #require(audit.count >= 3)
            let prefix = "tampered-\(UUID().uuidString.prefix(8))."
            let copies = try audit.enumerated().map { index, record -> ProducerRecord in
                var value = Array(record.value ?? [])
                if index == 2 {
                    guard case .object(var event) = try JSONParser().parse(value) else { throw CLIFailure("not an object") }
                    event["actor"] = .string("u-mallory")
                    value = JSONWriter.serialize(.object(event))
                }
                return ProducerRecord(topic: prefix + "rakor.audit", key: record.key.map(Array.init), value: value)
            }
            try await KafkaHelpers.produce(bot.bootstrapServers, copies)
            let tampered = try await rakorbot(["audit", "verify", "--topic-prefix", prefix] + bot.clusterArguments)
            #expect(tampered.status == 2, "\(tampered)")
            #expect(tampered.stdout.contains("PROBLEMS: 1"), "\(tampered)")
            #expect(tampered.stdout.contains("sequence 3: hash mismatch"), "\(tampered)")
            #expect(tampered.stdout.contains("FAILED"))
        }
    }

    @Test("calendar import publishes a new election schedule the bot answers at once")
    func calendarImport() async throws {
        let fixture = try Fixtures.path("pemilu2029-test.yaml")
        try await BotHarness.withBot("calendar") { bot in
            let imported = try await rakorbot(["calendar", "import", fixture, "--wait", "--timeout", "60s"] + bot.clusterArguments)
            #expect(imported.status == 0, "\(imported)")
            #expect(imported.stdout.contains("id:         pemilu2029"))
            #expect(imported.stdout.contains("stages:     4"))
            #expect(imported.stdout.contains("published: event "))
            #expect(imported.stdout.contains("accepted by the bot: calendar pemilu2029, 4 stages, new calendar"), "\(imported)")

            let schedule = try await bot.chat(["/jadwal pemilu2029", "/tenggat pencoblosan 2029"])
            #expect(schedule.status == 0, "\(schedule)")
            #expect(schedule.stdout.contains("Jadwal Pemilu 2029 (data uji)"), "\(schedule)")
            #expect(schedule.stdout.contains("Pemungutan suara (uji) — Rabu, 14 Februari 2029"), "\(schedule)")
            #expect(schedule.stdout.contains("Masa kampanye (uji) — 27 November 2028 – 9 Februari 2029"), "\(schedule)")

            // The event on rakor.events: structured CloudEvent keyed by the calendar id.
            let events = try await KafkaHelpers.snapshot(bot.bootstrapServers, topic: "rakor.events")
            try #require(events.count == 1)
            #expect(events[0].key.map { String(decoding: $0, as: UTF8.self) } == "pemilu2029")
            #expect(events[0].header("content-type") == "application/cloudevents+json")
            let event = try CloudEvent.decode(structured: Array(events[0].value ?? []))
            #expect(event.type == "rakor.calendar.published")
            #expect(event.source == "kpu.go.id/jadwal")
            #expect(event.subject == "pemilu2029")
            #expect(imported.stdout.contains("event \(event.id) "))

            // An unregistered source is refused, and --wait says so.
            let stranger = try await rakorbot(["calendar", "import", fixture, "--wait", "--timeout", "60s",
                                               "--source", "example.org/not-an-integrator"] + bot.clusterArguments)
            #expect(stranger.status == 1, "\(stranger)")
            #expect(stranger.stdout.contains("REJECTED by the bot: forbidden"), "\(stranger)")

            // An invalid file is never published.
            let broken = try await rakorbot(["calendar", "import", try Fixtures.path("calendar-broken.yaml")] + bot.clusterArguments)
            #expect(broken.status == 1)
            #expect(broken.stdout.contains("nothing published"))
            let after = try await KafkaHelpers.snapshot(bot.bootstrapServers, topic: "rakor.events")
            #expect(after.count == 2, "only the two valid imports reached rakor.events")
        }
    }

    static var kcat: URL? {
        ["/usr/bin/kcat", "/usr/local/bin/kcat", "/usr/bin/kafkacat"].map(URL.init(fileURLWithPath:))
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func object(_ text: String) throws -> JSONObject {
        let value = try JSONParser().parse(text.trimmingCharacters(in: .whitespacesAndNewlines))
        return try #require(value.objectValue, "one JSON object: \(text)")
    }
}

struct CLIFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum Fixtures {
    static func path(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)
            ?? Bundle.module.resourceURL?.appendingPathComponent("Fixtures/\(name)"))
        return url.path
    }
}

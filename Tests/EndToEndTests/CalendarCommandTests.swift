import Foundation
import Kafka
import RakorBot
import RakorCore
import Testing

/// `rakorbot calendar list|show|validate|import` (an embedded cluster only for import).
@Suite("rakorbot calendar")
struct CalendarCommandTests {
    @Test("list prints every shipped calendar with its stage count and date range")
    func list() async throws {
        let result = try await rakorbot(["calendar", "list"])
        #expect(result.status == 0, "\(result)")
        let shipped = try ShippedData.calendars()
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(rows.first == ["ID", "NAME", "STAGES", "FIRST", "LAST"])
        try #require(rows.count == shipped.calendars.count + 1)
        let pilkada = try #require(rows.first { $0.first == "pilkada2024" })
        #expect(pilkada.suffix(3) == ["17", "2024-01-26", "2024-12-16"])
        for calendar in shipped.calendars {
            let row = try #require(rows.first { $0.first.map(String.init) == calendar.id })
            #expect(row[row.count - 3] == "\(calendar.stages.count)")
        }

        let json = try await rakorbot(["calendar", "list", "--format", "json"])
        let items = try JSONParser().parse(json.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).arrayValue ?? []
        #expect(items.compactMap { $0["id"]?.stringValue } == shipped.ids)
        #expect(items.first { $0["id"]?.stringValue == "pemilu2024" }?["last"]?.stringValue == "2024-10-20")
    }

    @Test("show finds a calendar by a loose name and prints stages with dates and sources")
    func show() async throws {
        let result = try await rakorbot(["calendar", "show", "PILKADA-2024"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("Pilkada 2024 (pilkada2024) — Pemilihan Serentak 2024"))
        #expect(result.stdout.contains("2024-11-27              Pemungutan suara (Voting day)"))
        #expect(result.stdout.contains("Rabu, 27 November 2024"))
        #expect(result.stdout.contains("source: https://"))

        let english = try await rakorbot(["calendar", "show", "pilkada2024", "--lang", "en"])
        #expect(english.stdout.contains("Voting day (Pemungutan suara)"))
        #expect(english.stdout.contains("Wednesday, 27 November 2024"))

        let unknown = try await rakorbot(["calendar", "show", "pemilu1955"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no calendar named \"pemilu1955\""))
        #expect(unknown.stderr.contains("pemilu2024, pilkada2020, pilkada2024"))
    }

    @Test("show --format yaml and json print documents that parse back to the same calendar")
    func showDocuments() async throws {
        let shipped = try #require(try ShippedData.calendars().calendar(named: "pilkada2020"))
        for format in ["yaml", "json"] {
            let result = try await rakorbot(["calendar", "show", "pilkada2020", "--format", format])
            #expect(result.status == 0, "\(result)")
            #expect(try CalendarDocument.parse(text: result.stdout) == shipped, "\(format)")
        }
    }

    @Test("validate accepts a good file with a report of what it read")
    func validateGood() async throws {
        let result = try await rakorbot(["calendar", "validate", try Fixtures.path("pemilu2029-test.yaml")])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("valid: "))
        #expect(result.stdout.contains("id:         pemilu2029"))
        #expect(result.stdout.contains("name:       Pemilu 2029 (data uji) / Pemilu 2029 (test data)"))
        #expect(result.stdout.contains("stages:     4"))
        #expect(result.stdout.contains("dates:      2027-08-02 … 2029-02-14"))

        // A shipped calendar read from standard input: it would replace the shipped one.
        let yaml = try await rakorbot(["calendar", "show", "pemilu2024", "--format", "yaml"])
        let piped = try await rakorbot(["calendar", "validate", "-"], input: yaml.stdout)
        #expect(piped.status == 0, "\(piped)")
        #expect(piped.stdout.contains("valid: standard input"))
        #expect(piped.stdout.contains("replaces the shipped calendar pemilu2024"))
    }

    @Test("validate lists every problem with its path and line, exit code 1")
    func validateBroken() async throws {
        let result = try await rakorbot(["calendar", "validate", try Fixtures.path("calendar-broken.yaml")])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("5 problems"))
        #expect(result.stdout.contains("  id: `Pemilu_2029` is not a slug"))
        #expect(result.stdout.contains("stages[0].start: 2029-02-09 is after end 2028-11-27 (line 12)"))
        #expect(result.stdout.contains("stages[1].date: not a YYYY-MM-DD date (`2029-02-30`) (line 18)"))
        #expect(result.stdout.contains("stages[2].tanggal: unknown key"))
        #expect(result.stdout.contains("stages[2].source: missing"))

        let missing = try await rakorbot(["calendar", "validate", "/nonexistent/calendar.yaml"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/calendar.yaml: no such file"))

        let notYAML = try await rakorbot(["calendar", "validate", "-"], input: "stages: [unclosed\n")
        #expect(notYAML.status == 1)
        #expect(notYAML.stdout.contains("not valid YAML/JSON"), "\(notYAML)")
    }

    @Test("import --dry-run prints the CloudEvent it would publish, without a cluster")
    func importDryRun() async throws {
        let fixture = try Fixtures.path("pemilu2029-test.yaml")
        let result = try await rakorbot(["calendar", "import", fixture, "--dry-run", "--id", "evt-dry-1",
                                         "--source", "kpu.go.id/jadwal"])
        #expect(result.status == 0, "\(result)")
        let line = try #require(result.stdout.split(separator: "\n").last)
        let event = try CloudEvent.decode(structured: Array(line.utf8))
        #expect(event.id == "evt-dry-1")
        #expect(event.type == "rakor.calendar.published")
        #expect(event.source == "kpu.go.id/jadwal")
        #expect(event.subject == "pemilu2029")
        #expect(event.dataContentType == "application/json")
        guard case .json(let data)? = event.data else {
            Issue.record("data is JSON")
            return
        }
        #expect(data.objectValue != nil, "data is the calendar as a JSON object")
        let text = String(decoding: JSONWriter.serialize(data), as: UTF8.self)
        let expected = try CalendarDocument.parse(text: try String(contentsOfFile: fixture, encoding: .utf8))
        #expect(try CalendarDocument.parse(text: text) == expected)

        let broken = try await rakorbot(["calendar", "import", try Fixtures.path("calendar-broken.yaml"), "--dry-run"])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("nothing published"))
    }

    @Test("import publishes a signed structured CloudEvent keyed by the calendar id")
    func importSigned() async throws {
        let cluster = try EmbeddedKafka(brokers: 1, logger: BotHarness.logger)
        defer { cluster.shutdown() }
        let prefix = "calendar-\(UUID().uuidString.prefix(8))."
        try cluster.createTopic(prefix + "rakor.events", partitions: 3)
        let folder = try BotHarness.temporaryFolder("import")
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("kpu.key")
        try "kpu-integrator-secret".write(to: keyFile, atomically: true, encoding: .utf8)

        let result = try await rakorbot([
            "calendar", "import", try Fixtures.path("pemilu2029-test.yaml"), "--brokers", cluster.bootstrapServers,
            "--topic-prefix", prefix, "--sign-key-file", "kpu-ri-2024=\(keyFile.path)", "--id", "evt-signed-1",
        ])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("published: event evt-signed-1 (rakor.calendar.published, source kpu.go.id/jadwal) to \(prefix)rakor.events"))

        let records = try await KafkaHelpers.snapshot(cluster.bootstrapServers, topic: prefix + "rakor.events")
        try #require(records.count == 1)
        let record = records[0]
        #expect(record.key.map { String(decoding: $0, as: UTF8.self) } == "pemilu2029")
        let value = Array(record.value ?? [])
        let event = try CloudEvent.decode(value: value, headers: record.headers.map { ($0.name, $0.value.map(Array.init)) })
        #expect(event.id == "evt-signed-1")
        #expect(event.subject == "pemilu2029")
        let ring = try HMACKeyRing(keys: ["kpu-ri-2024": Array("kpu-integrator-secret".utf8)])
        #expect(ring.verify(value: value, keyID: record.header(HMACKeyRing.headerKeyID),
                            signature: record.header(HMACKeyRing.headerSignature)) == .success("kpu-ri-2024"))
    }

    @Test("calendar --help documents the subcommands with examples")
    func help() async throws {
        let help = try await rakorbot(["calendar", "--help"])
        #expect(help.status == 0)
        for phrase in ["list", "show", "validate", "import", "Examples:"] { #expect(help.stdout.contains(phrase)) }
        let importHelp = try await rakorbot(["calendar", "import", "--help"])
        for phrase in ["--source", "--sign-key-file", "--wait", "--dry-run", "kpu.go.id/jadwal", "rakor.calendar.published"] {
            #expect(importHelp.stdout.contains(phrase), "\(phrase)")
        }
    }
}

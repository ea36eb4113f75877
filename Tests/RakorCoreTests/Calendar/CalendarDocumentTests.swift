import Testing
@testable import RakorCore

@Suite struct CalendarDocumentTests {
    static let valid = """
    # a comment
    id: pilkada2029
    name: {id: Pilkada 2029, en: 2029 regional elections}
    kind: pilkada
    year: 2029
    regulation: PKPU 1/2028
    sources: [https://kpu.go.id/jadwal-2029]
    stages:
      - id: kampanye
        tahap: Masa kampanye
        en: Campaign period
        start: 2029-09-01
        end: 2029-11-20
        source: https://kpu.go.id/jadwal-2029
      - id: pemungutan-suara
        tahap: Pemungutan suara
        en: Voting day
        date: 2029-11-25
        note: no
        source: [PKPU 1/2028, https://kpu.go.id/jadwal-2029]
        uncertain: single source
        keywords: [pencoblosan]
      - id: perencanaan
        tahap: Perencanaan
        end: 2029-01-10
        source: PKPU 1/2028
    """

    /// Parses text expected to fail and returns its problems.
    func problems(_ text: String) -> [CalendarProblem] {
        do {
            _ = try CalendarDocument.parse(text: text)
            Issue.record("expected a CalendarError")
            return []
        } catch {
            return error.problems
        }
    }

    func messages(_ text: String) -> [String] { problems(text).map(\.description) }

    @Test func parsesAValidDocument() throws {
        let calendar = try CalendarDocument.parse(text: Self.valid)
        #expect(calendar.id == "pilkada2029")
        #expect(calendar.name == Localized(id: "Pilkada 2029", en: "2029 regional elections"))
        #expect(calendar.title == nil)
        #expect(calendar.kind == .pilkada)
        #expect(calendar.year == 2029)
        #expect(calendar.sources == ["https://kpu.go.id/jadwal-2029"])
        #expect(calendar.stages.map(\.id) == ["kampanye", "pemungutan-suara", "perencanaan"])
        let voting = try #require(calendar.stage(id: "pemungutan-suara"))
        #expect(voting.dates == DateSpan(day: .tgl("2029-11-25")))
        #expect(voting.note == "no") // raw text: YAML's "no" is not a boolean here
        #expect(voting.sources == ["PKPU 1/2028", "https://kpu.go.id/jadwal-2029"])
        #expect(voting.uncertain == "single source")
        #expect(voting.keywords == ["pencoblosan"])
        // `en` defaults to the Indonesian name; an end-only stage has no start.
        let planning = try #require(calendar.stage(id: "perencanaan"))
        #expect(planning.name == Localized("Perencanaan"))
        #expect(planning.start == nil)
        #expect(calendar.chronological.map(\.id) == ["perencanaan", "kampanye", "pemungutan-suara"])
    }

    @Test func parsesJSON() throws {
        let json = """
        {"id":"pemilu2029","name":"Pemilu 2029","kind":"pemilu","year":2029,
         "regulation":"PKPU 9/2027","sources":["https://kpu.go.id/a"],
        \t"stages":[{"id":"pemungutan-suara","tahap":"Pemungutan suara","en":"Voting day",
        \t  "date":"2029-02-14","source":"https://kpu.go.id/a","note":"caf\\u00e9 \\/ \\"x\\"",
           "rescheduled":[{"from":{"start":"2029-01-01","end":"2029-01-02"},"reason":"r","source":"s"}]}]}
        """
        let calendar = try CalendarDocument.parse(text: json)
        #expect(calendar.id == "pemilu2029")
        #expect(calendar.year == 2029)
        #expect(calendar.name == Localized("Pemilu 2029"))
        let stage = try #require(calendar.stages.first)
        #expect(stage.note == "café / \"x\"")
        #expect(stage.rescheduled == [Rescheduling(previous: DateSpan(start: .tgl("2029-01-01"), end: .tgl("2029-01-02"))!,
                                                   reason: "r", source: "s")])
    }

    @Test func roundTripsThroughYAMLAndJSON() throws {
        var calendar = try CalendarDocument.parse(text: Self.valid)
        // Text that would change meaning if written bare: quotes, colons, comments, numbers, null, controls.
        calendar.note = "a: b # not a comment \"quoted\" \\ back\nline two\ttab \u{7} bell \u{2028} yes 123 ~"
        calendar.title = Localized(id: "null", en: "true")
        calendar.stages[0].rescheduled = [Rescheduling(previous: DateSpan(day: .tgl("2029-08-01")),
                                                       reason: "- starts with a dash", source: "Perppu 1/2029")]
        let yaml = CalendarDocument.yaml(calendar, header: ["generated", ""])
        #expect(yaml.hasPrefix("# generated\n#\nversion: 1\nid: pilkada2029\n"))
        #expect(yaml.contains("date: 2029-11-25"))
        #expect(try CalendarDocument.parse(text: yaml) == calendar)
        for pretty in [false, true] {
            let json = CalendarDocument.json(calendar, pretty: pretty)
            #expect(json.hasPrefix("{"))
            #expect(json.contains("\"year\"") && json.contains("2029"))
            #expect(try CalendarDocument.parse(text: json) == calendar)
        }
        #expect(!CalendarDocument.json(calendar).contains("\n"))
    }

    @Test func reportsEveryProblemWithItsPath() {
        let text = """
        id: Pilkada 2029
        name: Pilkada 2029
        kind: pilpres
        year: 20x9
        regulation: ""
        sources: []
        colour: red
        stages:
          - id: kampanye
            tahap: Masa kampanye
            start: 2029-11-30
            end: 2029-11-20
            source: https://kpu.go.id/x
          - id: kampanye
            tahap: Kampanye lagi
            date: 2029-11-21
            source: https://kpu.go.id/x
          - id: Bad_Id
            tahap: Hari H
            date: 2029-13-01
            source: ""
            dates: 2029-11-25
          - id: pemungutan-suara
            tahap: Pemungutan suara
            date: 2029-11-25
            end: 2029-11-26
          - id: tanpa-tanggal
            tahap: Tanpa tanggal
            source: http://
        """
        let found = Set(messages(text))
        let expected: Set<String> = [
            "id: `Pilkada 2029` is not a slug (lowercase letters, digits and single dashes, at most 64 characters, e.g. `pilkada2024`) (line 1)",
            "kind: must be `pemilu` or `pilkada`, not `pilpres` (line 3)",
            "year: not a year (four digits, 1900–2999) (line 4)",
            "regulation: must not be empty (line 5)",
            "sources: must name at least one source (line 6)",
            "colour: unknown key (expected one of: version, id, name, title, kind, year, regulation, sources, note, stages, rules) (line 7)",
            "stages[0].start: 2029-11-30 is after end 2029-11-20 (line 11)",
            "stages[1].id: duplicate stage id `kampanye` (first used at stages[0]) (line 14)",
            "stages[2].dates: unknown key (expected one of: id, tahap, en, date, start, end, note, source, uncertain, conflict, keywords, rescheduled) (line 22)",
            "stages[2].id: `Bad_Id` is not a slug (lowercase letters, digits and single dashes, at most 64 characters, e.g. `pemungutan-suara`) (line 18)",
            "stages[2].date: not a YYYY-MM-DD date (`2029-13-01`) (line 20)",
            "stages[2].source: must not be empty (line 21)",
            "stages[3].date: cannot be combined with `start`/`end` (use `date` for one day, `start` and `end` for a range) (line 25)",
            "stages[3].source: missing: give the URL the dates come from (or, where none exists, a citation such as the regulation)",
            "stages[4]: needs `date`, or `end` with an optional `start` (line 27)",
            "stages[4].source: not a valid http(s) URL (use a full URL, or a citation such as `PKPU 2/2024`) (line 29)",
        ]
        #expect(found == expected)
    }

    @Test func missingRequiredKeys() {
        let found = problems("note: only a note").map(\.path)
        #expect(Set(found) == ["id", "name", "kind", "year", "regulation", "sources", "stages"])
        #expect(problems("id: x\nname: X\nkind: pemilu\nyear: 2029\nregulation: R\nsources: [R]\nstages: []")
            .map(\.description) == ["stages: must list at least one stage (line 7)"])
    }

    @Test func wrongShapes() {
        #expect(messages("- a list") == ["document: expected a mapping (key: value), found a list (line 1)"])
        let shapes = problems("""
        id: x
        name: {id: X}
        kind: [pemilu]
        year: 2029
        regulation: R
        sources: R
        stages: {id: a}
        rules: [{rule: r}]
        """)
        #expect(Set(shapes.map(\.path)) == ["name.en", "kind", "stages", "rules[0].when"])
        #expect(shapes.contains { $0.path == "kind" && $0.message == "expected a single value, found a list" })
    }

    @Test func reschedulingEntriesAreValidated() {
        let found = problems("""
        id: x
        name: X
        kind: pemilu
        year: 2029
        regulation: R
        sources: [R]
        stages:
          - id: a
            tahap: A
            date: 2029-01-01
            source: R
            rescheduled:
              - {reason: r, source: s}
              - {from: {date: 2028-02-30}, reason: "", source: "https://"}
        """).map(\.description)
        #expect(found.contains { $0.hasPrefix("stages[0].rescheduled[0].from: missing") })
        #expect(found.contains("stages[0].rescheduled[1].from.date: not a YYYY-MM-DD date (`2028-02-30`) (line 14)"))
        #expect(found.contains("stages[0].rescheduled[1].reason: must not be empty (line 14)"))
        #expect(found.contains { $0.hasPrefix("stages[0].rescheduled[1].source: not a valid http(s) URL") })
        #expect(found.count == 4)
    }

    @Test func syntaxErrorsAndLimits() {
        let broken = problems("id: x\nname: [unclosed\n")
        #expect(broken.count == 1)
        #expect(broken[0].path == "")
        #expect(broken[0].message.hasPrefix("not valid YAML/JSON"))
        #expect(broken[0].line != nil)

        let duplicate = problems("id: x\nid: y\n")
        #expect(duplicate.map(\.message) == ["duplicate key `id`"])

        #expect(messages("") == ["document: empty document"])
        #expect(messages("version: 2\nid: x")
            .contains("version: unsupported version 2 (this reader understands 1) (line 1)"))

        let huge = String(repeating: "#", count: CalendarDocument.maxBytes + 1)
        #expect(problems(huge).first?.message.hasPrefix("document too large") == true)

        // A billion-laughs style alias bomb is refused before it is walked.
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 {
            let list = Array(repeating: "*\(level == 1 ? "a" : "l\(level - 1)")", count: 10).joined(separator: ", ")
            bomb += "l\(level): &l\(level) [\(list)]\n"
        }
        #expect(problems(bomb).first?.message.hasPrefix("document too large") == true)
    }

    @Test func errorBecomesABadArgumentsFailure() {
        let error = CalendarError(problems: (0..<12).map { CalendarProblem(path: "stages[\($0)].id", message: "missing") })
        let failure = error.failure(limit: 3)
        #expect(failure.code == .badArguments)
        #expect(failure.message.en == "Invalid calendar document (12 problems):\nstages[0].id: missing\nstages[1].id: missing\nstages[2].id: missing\n… and 9 more")
        #expect(failure.message.id.hasPrefix("Dokumen kalender tidak valid (12 masalah):"))
        #expect(error.has(path: "stages[11].id"))
        #expect(!error.has(path: "stages[12].id"))
    }

    @Test func slugAndSourceRules() {
        for good in ["pilkada2024", "a", "pemungutan-suara", "x-1-y"] { #expect(CalendarRules.isSlug(good), "\(good)") }
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "a_b", "é", String(repeating: "a", count: 65)] {
            #expect(!CalendarRules.isSlug(bad), "\(bad)")
        }
        #expect(CalendarRules.sourceProblem("https://kpu.go.id/x?y=1") == nil)
        #expect(CalendarRules.sourceProblem("PKPU 5/2020") == nil)
        for bad in ["ftp://kpu.go.id", "https://", "https://kpu.go.id/a b", "www.kpu.go.id"] {
            #expect(CalendarRules.sourceProblem(bad) != nil, "\(bad)")
        }
    }
}

import Testing
@testable import RakorCore

@Suite struct CalendarSearchTests {
    let catalog: CalendarCatalog
    /// A week before Pilkada 2024's voting day.
    let today = LocalDate.tgl("2024-11-20")

    init() throws {
        catalog = try ShippedCalendars.catalog()
    }

    func search(_ query: String, today: LocalDate? = nil) -> [StageHit] {
        catalog.search.search(query, today: today ?? self.today)
    }

    func keys(_ hits: [StageHit]) -> [String] {
        hits.map { "\($0.calendarID)/\($0.stage.id)" }
    }

    @Test func votingDayOfPilkada2024ComesFirst() throws {
        let hits = search("pemungutan suara pilkada 2024")
        let first = try #require(hits.first)
        #expect(first.calendarID == "pilkada2024")
        #expect(first.stage.id == "pemungutan-suara")
        #expect(first.stage.dates == DateSpan(day: .tgl("2024-11-27")))
        #expect(first.score > 0.99)
        // Narrowed to Pilkada 2024 only; partial matches ("… suara") dropped.
        #expect(keys(hits) == ["pilkada2024/pemungutan-suara"])
    }

    @Test(arguments: ["voting day", "pemungutan suara", "Pemungutan Suara!", "kapan pemungutan suara?",
                      "when is the voting day", "pencoblosan", "polling day"])
    func votingDaysInEitherLanguage(query: String) {
        // Every election's voting day, nearest to today first.
        #expect(keys(search(query)) == ["pilkada2024/pemungutan-suara", "pemilu2024/pemungutan-suara",
                                        "pilkada2020/pemungutan-suara"], "\(query)")
    }

    @Test(arguments: ["pemungutan suwara", "pemungutn suara", "votting day", "pemungtan suara", "voitng day"])
    func typosStillFindVotingDay(query: String) throws {
        let hits = search(query)
        #expect(hits.first?.stage.id == "pemungutan-suara", "\(query)")
        #expect(hits.first?.calendarID == "pilkada2024")
        // A typo scores below an exact match.
        let exact = try #require(search("pemungutan suara").first)
        #expect((hits.first?.score ?? 1) < exact.score)
    }

    @Test func kampanyePilkadaFindsPilkadaCampaignsOnly() {
        let hits = search("kampanye pilkada")
        #expect(keys(hits) == ["pilkada2024/kampanye", "pilkada2020/kampanye"])
        #expect(hits.first?.stage.dates == DateSpan(start: .tgl("2024-09-25"), end: .tgl("2024-11-23")))
        #expect(keys(search("campaign regional")) == ["pilkada2024/kampanye", "pilkada2020/kampanye"])
        #expect(keys(search("kampanye pemilu")) == ["pemilu2024/kampanye"])
    }

    @Test func masaTenangFindsQuietPeriods() {
        let hits = search("masa tenang")
        #expect(Set(keys(hits)) == ["pilkada2024/masa-tenang", "pemilu2024/masa-tenang", "pilkada2020/masa-tenang"])
        #expect(hits.first?.calendarID == "pilkada2024")
        #expect(keys(search("quiet period 2020")) == ["pilkada2020/masa-tenang"])
        #expect(keys(search("minggu tenang pilkada2024")) == ["pilkada2024/masa-tenang"])
    }

    @Test(arguments: ["xyzzy", "qwertyuiop", "bakso", "dana hibah", "gajah", "sapi", "zzz 2024",
                      "kapan", "the", "?!", "pemilu 1999", "pilkada 2019"])
    func nonsenseFindsNothing(query: String) {
        #expect(search(query).isEmpty, "\(query): \(keys(search(query)))")
    }

    @Test func hintsAloneListTheChosenElectionsStages() {
        let hits = search("pilkada 2024")
        #expect(hits.count == 17)
        #expect(Set(hits.map(\.calendarID)) == ["pilkada2024"])
        // Nearest to today first: the campaign is under way on the 20th.
        #expect(hits.first?.stage.id == "kampanye")
        #expect(search("2024").count == 17 + 28)
        #expect(search("pilkda 2020").count == 10) // a typo in the hint itself
    }

    @Test func rankingPrefersCloserDatesAmongEqualMatches() {
        let inEarly2024 = LocalDate.tgl("2024-01-10")
        #expect(keys(search("masa tenang", today: inEarly2024)).first == "pemilu2024/masa-tenang")
        #expect(keys(search("masa tenang", today: .tgl("2020-12-01"))).first == "pilkada2020/masa-tenang")
    }

    @Test func otherUsefulQueries() {
        #expect(keys(search("coklit 2024")) == ["pilkada2024/coklit", "pemilu2024/coklit"])
        #expect(keys(search("KPPS pemilu")).prefix(2).sorted() == ["pemilu2024/masa-kerja-kpps", "pemilu2024/pembentukan-kpps"])
        #expect(keys(search("pendaftaran pasangan calon 2024")).first == "pilkada2024/pendaftaran-paslon")
        #expect(keys(search("presidential inauguration")) == ["pemilu2024/pelantikan-presiden"])
        #expect(keys(search("pelantikan presiden")).first == "pemilu2024/pelantikan-presiden")
        #expect(keys(search("DPT")) == ["pemilu2024/penetapan-dpt"])
        #expect(keys(search("kampa")).contains("pilkada2024/kampanye")) // unfinished word
        #expect(keys(search("kampanyenya pilkada 2024")) == ["pilkada2024/kampanye"]) // suffix
        #expect(keys(search("pémungutan  SUARA")).first == "pilkada2024/pemungutan-suara") // accents, case, spaces
    }

    @Test func limitCapsResults() {
        #expect(catalog.search.search("pemungutan suara", today: today, limit: 1).count == 1)
        #expect(catalog.search.search("pemungutan suara", today: today, limit: 0).isEmpty)
    }

    @Test func dateQueriesReturnCoveringStagesInDateOrder() {
        let onVotingDay = catalog.search.stages(on: .tgl("2024-11-27"))
        #expect(keys(onVotingDay) == ["pilkada2024/pemungutan-suara", "pilkada2024/penghitungan-rekapitulasi"])
        #expect(onVotingDay.allSatisfy { $0.score == 1 })
        // Sorted by first day; a start-less stage covers only its end date.
        #expect(keys(catalog.search.stages(on: .tgl("2024-01-26"))) == [
            "pemilu2024/perencanaan-program-anggaran", "pemilu2024/masa-kerja-ppk", "pemilu2024/masa-kerja-pps",
            "pemilu2024/kampanye", "pemilu2024/masa-kerja-kpps", "pilkada2024/perencanaan-program-anggaran",
        ])
        #expect(catalog.search.stages(on: .tgl("2024-01-25")).contains { $0.stage.id == "perencanaan-program-anggaran" && $0.calendarID == "pilkada2024" } == false)
        #expect(catalog.search.stages(on: .tgl("2019-01-01")).isEmpty)
    }

    @Test func windowQueriesReturnOverlappingStagesInDateOrder() {
        // The last week of Pilkada 2024 campaigning through voting day.
        let week = catalog.search.stages(overlapping: LocalDate.tgl("2024-11-21")...LocalDate.tgl("2024-11-27"))
        #expect(keys(week) == ["pilkada2024/kampanye", "pilkada2024/masa-tenang", "pilkada2024/pemungutan-suara",
                               "pilkada2024/penghitungan-rekapitulasi"])
        // Boundaries are inclusive: a window ending on a stage's first day includes it.
        let touching = catalog.search.stages(overlapping: LocalDate.tgl("2024-11-20")...LocalDate.tgl("2024-11-24"))
        #expect(keys(touching).contains("pilkada2024/masa-tenang"))
        #expect(!keys(touching).contains("pilkada2024/pemungutan-suara"))
    }
}

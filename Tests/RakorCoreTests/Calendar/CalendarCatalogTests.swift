import Testing
@testable import RakorCore

@Suite struct CalendarCatalogTests {
    let catalog: CalendarCatalog

    init() throws {
        catalog = try ShippedCalendars.catalog()
    }

    @Test func lookupToleratesSpacingCaseAndDashes() {
        for name in ["pilkada2024", "Pilkada 2024", "pilkada-2024", "PILKADA_2024", " pilkada 2024 ",
                     "Pemilihan Serentak 2024", "2024 simultaneous regional elections"] {
            #expect(catalog.calendar(named: name)?.id == "pilkada2024", "\(name)")
        }
        #expect(catalog.calendar(named: "Pemilu 2024")?.id == "pemilu2024")
        #expect(catalog.calendar(named: "2024 General Election")?.id == "pemilu2024")
        #expect(catalog.calendar(named: "pilkada 2020")?.id == "pilkada2020")
        #expect(catalog.calendar(named: "pilkada 2029") == nil)
        #expect(catalog.calendar(named: "") == nil)
        #expect(catalog.calendar(named: "--") == nil)
        #expect(catalog.ids == ["pemilu2024", "pilkada2024", "pilkada2020"])
    }

    @Test func publishingAddsAndReplaces() throws {
        var catalog = self.catalog
        let new = ElectionCalendar(
            id: "pilkada-2029", name: Localized("Pilkada 2029"), kind: .pilkada, year: 2029,
            regulation: "PKPU 1/2028", sources: ["https://kpu.go.id/2029"],
            stages: [Tahapan(id: "pemungutan-suara", name: Localized(id: "Pemungutan suara", en: "Voting day"),
                             dates: DateSpan(day: .tgl("2029-11-28")), sources: ["https://kpu.go.id/2029"])])
        #expect(catalog.publish(new) == nil)
        #expect(catalog.ids == ["pemilu2024", "pilkada2024", "pilkada2020", "pilkada-2029"])
        #expect(catalog.calendar(named: "Pilkada 2029")?.id == "pilkada-2029")
        // The search index follows: the new voting day is found.
        #expect(catalog.search.search("pemungutan suara 2029", today: .tgl("2029-01-01")).map(\.calendarID) == ["pilkada-2029"])

        // Republishing under a differently spelled id replaces, keeping the place.
        var revised = new
        revised.id = "pilkada2029"
        revised.stages[0].dates = DateSpan(day: .tgl("2029-11-29"))
        #expect(catalog.publish(revised)?.id == "pilkada-2029")
        #expect(catalog.ids == ["pemilu2024", "pilkada2024", "pilkada2020", "pilkada2029"])
        #expect(catalog.search.stages(on: .tgl("2029-11-29")).map(\.calendarID) == ["pilkada2029"])
        #expect(catalog.search.stages(on: .tgl("2029-11-28")).isEmpty)
        // The original value is untouched.
        #expect(self.catalog.calendars.count == 3)
    }

    @Test func laterCalendarsOverrideEarlierOnesAtInit() throws {
        let shipped = try ShippedCalendars.calendar("pilkada2024")
        var published = shipped
        published.note = "published"
        let catalog = CalendarCatalog([shipped, published])
        #expect(catalog.calendars.count == 1)
        #expect(catalog.calendars.first?.note == "published")
    }

    @Test func reschedulingPilkada2020Voting() throws {
        // Replay the 2020 postponement on a calendar that still has the original date.
        var original = try ShippedCalendars.calendar("pilkada2020")
        let index = try #require(original.stages.firstIndex { $0.id == "pemungutan-suara" })
        original.stages[index].dates = DateSpan(day: .tgl("2020-09-23"))
        original.stages[index].rescheduled = []
        var catalog = CalendarCatalog([original])

        let change = try catalog.apply(StageReschedule(
            calendarID: "Pilkada 2020", stageID: "pemungutan-suara", date: .tgl("2020-12-09"),
            reason: "Ditunda oleh Perppu 2/2020", source: "Perppu 2/2020"))
        #expect(change.calendarID == "pilkada2020")
        #expect(change.previous == DateSpan(day: .tgl("2020-09-23")))
        #expect(change.current == DateSpan(day: .tgl("2020-12-09")))
        #expect(change.stage.rescheduled == [Rescheduling(previous: DateSpan(day: .tgl("2020-09-23")),
                                                          reason: "Ditunda oleh Perppu 2/2020", source: "Perppu 2/2020")])
        #expect(catalog.calendar(named: "pilkada2020")?.stage(id: "pemungutan-suara")?.dates == DateSpan(day: .tgl("2020-12-09")))
        // The index moved with it.
        #expect(catalog.search.stages(on: .tgl("2020-09-23")).map(\.stage.id) == ["penetapan-paslon"])
        #expect(catalog.search.stages(on: .tgl("2020-12-09")).map(\.stage.id) == ["pemungutan-suara", "penghitungan-rekapitulasi"])
        // Written back out, the history survives.
        let yaml = CalendarDocument.yaml(try #require(catalog.calendar(named: "pilkada2020")))
        #expect(try CalendarDocument.parse(text: yaml).stage(id: "pemungutan-suara")?.rescheduled.count == 1)

        // The same move again is a conflict, not a silent second history entry.
        #expect(throws: CommandFailure.self) {
            try catalog.apply(StageReschedule(calendarID: "pilkada2020", stageID: "pemungutan-suara",
                                              date: .tgl("2020-12-09"), reason: "again", source: "Perppu 2/2020"))
        }
    }

    @Test func rescheduleFailures() {
        var catalog = self.catalog
        func code(_ change: StageReschedule) -> ErrorCode? {
            do {
                try catalog.apply(change)
                return nil
            } catch {
                return error.code
            }
        }
        let range = DateSpan(start: .tgl("2024-09-26"), end: .tgl("2024-11-23"))!
        #expect(code(StageReschedule(calendarID: "pilkada2030", stageID: "kampanye", dates: range, reason: "r", source: "s")) == .notFound)
        #expect(code(StageReschedule(calendarID: "pilkada2024", stageID: "kampanye-akbar", dates: range, reason: "r", source: "s")) == .notFound)
        #expect(code(StageReschedule(calendarID: "pilkada2024", stageID: "kampanye", dates: range, reason: " ", source: "s")) == .badArguments)
        #expect(code(StageReschedule(calendarID: "pilkada2024", stageID: "kampanye", dates: range, reason: "r", source: "")) == .badArguments)
        #expect(code(StageReschedule(calendarID: "pilkada2024", stageID: "kampanye", dates: range, reason: "r", source: "https://")) == .badArguments)
        let same = DateSpan(start: .tgl("2024-09-25"), end: .tgl("2024-11-23"))!
        #expect(code(StageReschedule(calendarID: "pilkada2024", stageID: "kampanye", dates: same, reason: "r", source: "s")) == .conflict)
        // Nothing changed by the failures.
        #expect(catalog.calendar(named: "pilkada2024") == self.catalog.calendar(named: "pilkada2024"))
        // A range move works and reports both ranges.
        let moved = try? catalog.apply(StageReschedule(calendarID: "pilkada-2024", stageID: "KAMPANYE", dates: range,
                                                       reason: "r", source: "https://kpu.go.id/x"))
        #expect(moved?.previous == same)
        #expect(moved?.current == range)
    }

    @Test func tenggatDispatchesEachQueryKind() throws {
        let today = LocalDate.tgl("2024-11-20")
        let search = catalog.tenggat(try TenggatQuery(parsing: "pemungutan suara pilkada 2024"), today: today)
        #expect(search.map(\.stage.id) == ["pemungutan-suara"])
        let onDate = catalog.tenggat(try TenggatQuery(parsing: "27/11/2024"), today: today)
        #expect(onDate.map(\.stage.id) == ["pemungutan-suara", "penghitungan-rekapitulasi"])
        let week = catalog.tenggat(try TenggatQuery(parsing: "7 hari"), today: today)
        #expect(week.map(\.stage.id) == ["kampanye", "masa-tenang", "pemungutan-suara", "penghitungan-rekapitulasi"])
        let upcoming = catalog.tenggat(try TenggatQuery(parsing: ""), today: today)
        #expect(upcoming.map(\.stage.id) == ["kampanye", "masa-tenang", "pemungutan-suara", "penghitungan-rekapitulasi"])
        let todayOnly = catalog.tenggat(.upcoming(days: 0), today: today)
        #expect(todayOnly.map(\.stage.id) == ["kampanye"])
        // Nothing scheduled long after the shipped elections.
        #expect(catalog.tenggat(.upcoming(days: 30), today: .tgl("2026-01-01")).isEmpty)
    }
}

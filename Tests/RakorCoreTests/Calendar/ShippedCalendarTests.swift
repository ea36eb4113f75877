import Foundation
import Testing
@testable import RakorCore

@Suite struct ShippedCalendarTests {
    @Test(arguments: ShippedCalendars.names)
    func parsesAndEveryStageHasASource(name: String) throws {
        let calendar = try ShippedCalendars.calendar(name)
        #expect(calendar.id == name)
        #expect(!calendar.sources.isEmpty)
        #expect(!calendar.stages.isEmpty)
        for stage in calendar.stages {
            #expect(!stage.sources.isEmpty, "\(name)/\(stage.id)")
            #expect(stage.sources.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
            #expect(!stage.name.id.isEmpty && !stage.name.en.isEmpty)
        }
    }

    @Test(arguments: ShippedCalendars.names)
    func survivesAYAMLAndJSONRoundTrip(name: String) throws {
        let calendar = try ShippedCalendars.calendar(name)
        #expect(try CalendarDocument.parse(text: CalendarDocument.yaml(calendar)) == calendar)
        #expect(try CalendarDocument.parse(text: CalendarDocument.json(calendar)) == calendar)
    }

    @Test func everyFileInTheFolderIsAValidCalendarNamedByItsId() throws {
        // A new election is added by dropping a file here: it must parse, and
        // its file name must be its id so operators can find it.
        let files = try FileManager.default.contentsOfDirectory(atPath: ShippedCalendars.directory.path)
            .filter { !$0.hasPrefix(".") }.sorted()
        #expect(Set(["pemilu2024.yaml", "pilkada2020.yaml", "pilkada2024.yaml"]).isSubset(of: files))
        for file in files {
            #expect(file.hasSuffix(".yaml") || file.hasSuffix(".json"), "\(file)")
            let text = try String(contentsOf: ShippedCalendars.directory.appendingPathComponent(file), encoding: .utf8)
            let calendar = try CalendarDocument.parse(text: text)
            #expect(file.split(separator: ".").first.map(String.init) == calendar.id, "\(file)")
        }
    }

    @Test func pilkada2024KeyDates() throws {
        let calendar = try ShippedCalendars.calendar("pilkada2024")
        #expect(calendar.kind == .pilkada)
        #expect(calendar.year == 2024)
        #expect(calendar.regulation == "PKPU 2/2024")
        #expect(calendar.stage(id: "pemungutan-suara")?.dates == DateSpan(day: .tgl("2024-11-27")))
        #expect(calendar.stage(id: "kampanye")?.dates == DateSpan(start: .tgl("2024-09-25"), end: .tgl("2024-11-23")))
        #expect(calendar.stage(id: "masa-tenang")?.dates == DateSpan(start: .tgl("2024-11-24"), end: .tgl("2024-11-26")))
        #expect(calendar.stage(id: "pendaftaran-paslon")?.dates == DateSpan(start: .tgl("2024-08-27"), end: .tgl("2024-08-29")))
        // Only an end date is known for planning: no invented start.
        let planning = try #require(calendar.stage(id: "perencanaan-program-anggaran"))
        #expect(planning.start == nil)
        #expect(planning.end == .tgl("2024-01-26"))
        // The coklit entry carries its own source; the others the calendar's.
        #expect(calendar.stage(id: "coklit")?.sources == ["https://rumahpemilu.org/coklit-pilkada-akan-dimulai-24-juni-hingga-24-juli-2024/"])
        #expect(calendar.stage(id: "kampanye")?.sources == calendar.sources)
        #expect(calendar.stages.count == 17)
        #expect(calendar.rules.count == 4)
        #expect(calendar.rules[0].conflict == "one outlet says 3 days")
    }

    @Test func pemilu2024KeyDatesAndAdHocBodies() throws {
        let calendar = try ShippedCalendars.calendar("pemilu2024")
        #expect(calendar.kind == .pemilu)
        #expect(calendar.stage(id: "pemungutan-suara")?.dates == DateSpan(day: .tgl("2024-02-14")))
        #expect(calendar.stage(id: "masa-tenang")?.dates == DateSpan(start: .tgl("2024-02-11"), end: .tgl("2024-02-13")))
        #expect(calendar.stage(id: "kampanye")?.dates == DateSpan(start: .tgl("2023-11-28"), end: .tgl("2024-02-10")))
        #expect(calendar.stage(id: "penetapan-dpt")?.sources == ["https://www.alinea.id/pemilu/kpu-ungkap-jumlah-dpt-pemilu-2024-b2hTR9Nje"])
        #expect(calendar.stage(id: "perencanaan-program-anggaran")?.uncertain == "single blog source")
        #expect(calendar.stage(id: "pendaftaran-verifikasi-peserta")?.conflict?.contains("29 Juli") == true)
        // Ad hoc bodies: formation and term for each.
        #expect(calendar.stage(id: "pembentukan-ppk")?.dates == DateSpan(start: .tgl("2022-11-20"), end: .tgl("2022-12-16")))
        #expect(calendar.stage(id: "masa-kerja-ppk")?.dates == DateSpan(start: .tgl("2023-01-04"), end: .tgl("2024-04-04")))
        #expect(calendar.stage(id: "masa-kerja-pps")?.dates == DateSpan(start: .tgl("2023-01-17"), end: .tgl("2024-04-04")))
        #expect(calendar.stage(id: "pembentukan-pantarlih")?.dates == DateSpan(start: .tgl("2023-01-22"), end: .tgl("2023-02-01")))
        let kpps = try #require(calendar.stage(id: "masa-kerja-kpps"))
        #expect(kpps.dates == DateSpan(start: .tgl("2024-01-25"), end: .tgl("2024-02-23")))
        #expect(kpps.conflict == "one outlet gives term end 2024-02-25")
        #expect(calendar.stages.count == 28)
    }

    @Test func pilkada2020VotingWasPostponed() throws {
        let calendar = try ShippedCalendars.calendar("pilkada2020")
        let voting = try #require(calendar.stage(id: "pemungutan-suara"))
        #expect(voting.dates == DateSpan(day: .tgl("2020-12-09")))
        #expect(voting.rescheduled.count == 1)
        #expect(voting.rescheduled.first?.previous == DateSpan(day: .tgl("2020-09-23")))
        #expect(voting.rescheduled.first?.source == "Perppu 2/2020")
        // No URLs in the facts file for 2020: citations, never invented links.
        for stage in calendar.stages {
            #expect(stage.sources.allSatisfy { !$0.contains("://") }, "\(stage.id)")
        }
        #expect(calendar.note?.contains("2020-09-23") == true)
        #expect(calendar.stages.count == 10)
    }

    @Test func stageIdsAreSharedAcrossElectionsForTheSameStage() throws {
        let catalog = try ShippedCalendars.catalog()
        for calendar in catalog.calendars {
            for id in ["pemungutan-suara", "masa-tenang", "kampanye", "coklit"] {
                #expect(calendar.stage(id: id) != nil, "\(calendar.id) lacks \(id)")
            }
        }
    }
}

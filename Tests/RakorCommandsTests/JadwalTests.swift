import Foundation
import RakorCommands
import RakorCore
import Testing

@Suite("/jadwal (/schedule)")
struct JadwalTests {
    static func lines(_ outcome: CommandHarness.Outcome) -> [String] {
        outcome.text.components(separatedBy: "\n")
    }

    static func stages(_ outcome: CommandHarness.Outcome) -> [JSONValue] {
        outcome.reply?.data?["stages"]?.arrayValue ?? []
    }

    @Test func pilkada2024ScheduleInOrderWithTheCurrentStageMarked() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/jadwal pilkada2024", as: "u-heriansyah")
        #expect(outcome.ok)
        let lines = Self.lines(outcome)
        #expect(lines[0] == "Jadwal Pilkada 2024 — Pemilihan Serentak 2024")
        #expect(lines[1] == "Dasar: PKPU 2/2024 · hari ini Rabu, 20 November 2024 (WITA)")
        let campaign = "▶ Pelaksanaan kampanye — 25 September – 23 November 2024 (sedang berlangsung, s.d. H-3)"
        let quiet = "• Masa tenang — 24–26 November 2024 (H-4)"
        let voting = "• Pemungutan suara — Rabu, 27 November 2024 (H-7)"
        let first = "• Perencanaan program dan anggaran — s.d. 26 Januari 2024 (sudah lewat)"
        for line in [campaign, quiet, voting, first] { #expect(lines.contains(line), "\(line)") }
        let position = { (line: String) in lines.firstIndex(of: line) ?? -1 }
        #expect(position(first) < position(campaign))
        #expect(position(campaign) < position(quiet))
        #expect(position(quiet) < position(voting))
        #expect(lines.filter { $0.hasPrefix("▶ ") && $0.contains(" — ") } == [campaign])
        #expect(lines.contains("▶ = sedang berlangsung hari ini."))
        // The one stage with its own source gets a footnote number.
        #expect(lines.contains("• Coklit data pemilih — 24 Juni – 24 Juli 2024 (sudah lewat) [3]"))
        #expect(lines.contains("Sumber jadwal:"))
        #expect(lines.contains { $0.hasPrefix("[1] https://") })
        #expect(lines.contains("[3] https://rumahpemilu.org/coklit-pilkada-akan-dimulai-24-juni-hingga-24-juli-2024/"))
        #expect(lines.contains { $0.hasPrefix("• Laporan penggunaan dan pengembalian sisa hibah — ") })
        #expect(outcome.dispatch.effects.inquiries == ["pilkada2024"])
        #expect(outcome.dispatch.mutates == false)
    }

    @Test func dataCarriesEveryStageWithDatesAndSources() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/jadwal pilkada2024", as: "u-heriansyah")
        let data = try #require(outcome.reply?.data)
        #expect(data["calendar"] == "pilkada2024")
        #expect(data["regulation"] == "PKPU 2/2024")
        #expect(data["today"] == "2024-11-20")
        let calendar = try #require(harness.calendars.calendar(named: "pilkada2024"))
        let stages = Self.stages(outcome)
        #expect(stages.compactMap { $0["id"]?.stringValue } == calendar.chronological.map(\.id))
        let voting = try #require(stages.first { $0["id"] == "pemungutan-suara" })
        #expect(voting["start"] == "2024-11-27")
        #expect(voting["end"] == "2024-11-27")
        #expect(voting["countdown_days"] == 7)
        #expect(voting["status"] == "upcoming")
        #expect(voting["current"] == false)
        #expect(voting["sources"]?.arrayValue?.isEmpty == false)
        let planning = try #require(stages.first { $0["id"] == "perencanaan-program-anggaran" })
        #expect(planning["start"] == .null)
        #expect(planning["status"] == "past")
        #expect(stages.filter { $0["current"] == true }.compactMap { $0["id"]?.stringValue } == ["kampanye"])
        #expect(data["rules"]?.arrayValue?.count == 4)
    }

    @Test func pastElectionIsAllPast() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/jadwal pemilu2024", as: "u-heriansyah")
        let stageLines = Self.lines(outcome).filter { $0.hasPrefix("• ") || $0.hasPrefix("▶ ") }
        let calendar = try #require(harness.calendars.calendar(named: "pemilu2024"))
        #expect(stageLines.count == calendar.stages.count)
        #expect(stageLines.allSatisfy { $0.hasPrefix("• ") && $0.contains("(sudah lewat)") })
        #expect(stageLines.contains("• Pemungutan suara — Rabu, 14 Februari 2024 (sudah lewat)"))
        #expect(!outcome.text.contains("▶"))
        #expect(Self.stages(outcome).allSatisfy { $0["status"] == "past" })
    }

    @Test func englishNamesAndSpacedElectionName() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/schedule Pilkada 2024", as: "u-heriansyah")
        #expect(outcome.dispatch.lang == .en)
        let lines = Self.lines(outcome)
        #expect(lines[0] == "Schedule: Pilkada 2024 — 2024 Simultaneous Regional Elections")
        #expect(lines.contains("▶ Campaign period — 25 September – 23 November 2024 (in progress, ends in 3 days)"))
        #expect(lines.contains("• Voting day — Wednesday, 27 November 2024 (H-7, in 7 days)"))
        #expect(lines.contains("Schedule sources:"))
    }

    @Test func countdownFollowsTheSendersZone() throws {
        // 2024-11-26 15:30 UTC: still the 26th in WIB, already the 27th in WIT.
        let harness = try CommandHarness(now: "2024-11-26T15:30:00Z")
        let maluku = try harness.run("/jadwal pilkada2024", as: "u-grace", lang: .id)
        let babel = try harness.run("/jadwal pilkada2024", as: "u-fikri")
        #expect(Self.lines(maluku).contains("▶ Pemungutan suara — Rabu, 27 November 2024 (H-0, hari ini)"))
        #expect(Self.lines(babel).contains("• Pemungutan suara — Rabu, 27 November 2024 (H-1, besok)"))
        #expect(Self.lines(babel).contains("▶ Masa tenang — 24–26 November 2024 (hari terakhir, H-0)"))
        #expect(maluku.reply?.data?["zone"] == "WIT")
        #expect(babel.reply?.data?["today"] == "2024-11-26")
    }

    @Test func rescheduledStagesSayWhatTheyWere() throws {
        let harness = try CommandHarness()
        let pilkada2020 = try harness.run("/jadwal pilkada2020", as: "u-heriansyah")
        #expect(pilkada2020.text.contains(
            "• Pemungutan suara — Rabu, 9 Desember 2020 (sudah lewat) · dijadwalkan ulang (semula Rabu, 23 September 2020)"))

        let day = try #require(LocalDate(iso: "2024-12-04"))
        try harness.calendars.apply(StageReschedule(calendarID: "pilkada2024", stageID: "pemungutan-suara", date: day,
                                                    reason: "bencana alam", source: "https://kpu.go.id/keputusan/1"))
        let moved = try harness.run("/jadwal pilkada2024", as: "u-heriansyah")
        #expect(Self.lines(moved).contains {
            $0.hasPrefix("• Pemungutan suara — Rabu, 4 Desember 2024 (H-14) · dijadwalkan ulang (semula Rabu, 27 November 2024) [")
        })
        #expect(moved.text.contains("https://kpu.go.id/keputusan/1"))
        let voting = try #require(Self.stages(moved).first { $0["id"] == "pemungutan-suara" })
        #expect(voting["rescheduled"]?[0]?["previous_end"] == "2024-11-27")
        #expect(voting["rescheduled"]?[0]?["reason"] == "bencana alam")
    }

    @Test func unknownElectionIsNotFoundListingTheKnownOnes() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/jadwal pemilu2099", as: "u-heriansyah")
        #expect(outcome.code == .notFound)
        #expect(outcome.text == "Pemilihan \"pemilu2099\" tidak dikenal. Maksud Anda pemilu2024? Yang ada: pemilu2024, pilkada2020, pilkada2024.")
        #expect(outcome.dispatch.effects.inquiries.isEmpty)
        let english = try harness.run("/schedule mars", as: "u-heriansyah")
        #expect(english.text == "Unknown election \"mars\". Known: pemilu2024, pilkada2020, pilkada2024.")
    }

    @Test func missingElectionIsBadArgumentsListingTheKnownOnes() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/jadwal", as: "u-heriansyah")
        #expect(outcome.code == .badArguments)
        #expect(outcome.text == "Sebutkan pemilihannya: pemilu2024, pilkada2020, pilkada2024.\nFormat: /jadwal <pemilihan>")
    }

    @Test func publishedElectionIsKnown() throws {
        let harness = try CommandHarness()
        let day = try #require(LocalDate(iso: "2029-02-14"))
        harness.calendars.publish(ElectionCalendar(
            id: "pemilu2029", name: Localized(id: "Pemilu 2029", en: "Pemilu 2029"), kind: .pemilu, year: 2029,
            regulation: "PKPU 1/2027", sources: ["https://kpu.go.id/pemilu2029"],
            stages: [Tahapan(id: "pemungutan-suara", name: Localized(id: "Pemungutan suara", en: "Voting day"),
                             dates: DateSpan(day: day), sources: ["https://kpu.go.id/pemilu2029"])]))
        let outcome = try harness.run("/jadwal pemilu2029", as: "u-heriansyah")
        #expect(outcome.ok)
        #expect(Self.lines(outcome).contains("• Pemungutan suara — Rabu, 14 Februari 2029 (H-1547)"))
        let unknown = try harness.run("/jadwal pemilu2099", as: "u-heriansyah")
        #expect(unknown.text.hasSuffix("Yang ada: pemilu2024, pilkada2020, pilkada2024, pemilu2029."))
    }
}

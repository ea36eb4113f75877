import Foundation
import RakorCommands
import RakorCore
import RakorStore
import Testing

/// `/tenggat` at the harness's default now, 2024-11-20 09:00 WITA, a week
/// before Pilkada 2024's voting day.
@Suite("/tenggat (/deadline)")
struct TenggatTests {
    static func day(_ iso: String) throws -> LocalDate {
        try #require(LocalDate(iso: iso))
    }

    static func lines(_ outcome: CommandHarness.Outcome) -> [String] {
        outcome.text.components(separatedBy: "\n")
    }

    static func hits(_ outcome: CommandHarness.Outcome) -> [JSONValue] {
        outcome.reply?.data?["hits"]?.arrayValue ?? []
    }

    @discardableResult
    static func task(_ harness: CommandHarness, _ title: String, for org: String, due: String,
                     status: TugasStatus = .terbuka) throws -> Tugas {
        let due = try day(due)
        let at = harness.now
        return try harness.store.writeSync { session in
            try session.tugas.insert(judul: title, untukOrg: org, olehUser: "u-heriansyah", olehOrg: "kesbangpol-kalsel",
                                     tenggat: due, status: status, dibuatPada: at)
        }
    }

    // MARK: Keyword search

    @Test func votingDayOfPilkada2024() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/tenggat pemungutan suara pilkada 2024", as: "u-heriansyah")
        #expect(outcome.ok)
        let lines = Self.lines(outcome)
        #expect(lines.first == "Tahapan yang cocok dengan \"pemungutan suara pilkada 2024\":")
        #expect(lines.contains("• Pemungutan suara · Pilkada 2024 — Rabu, 27 November 2024 (H-7)"))
        #expect(lines.contains("Jadwal lengkap dan sumber: /jadwal pilkada2024"))
        #expect(lines.last == "Hari ini: Rabu, 20 November 2024 (WITA).")

        let first = try #require(Self.hits(outcome).first)
        #expect(first["calendar"] == "pilkada2024")
        #expect(first["stage"] == "pemungutan-suara")
        #expect(first["name"] == "Pemungutan suara")
        #expect(first["start"] == "2024-11-27")
        #expect(first["end"] == "2024-11-27")
        #expect(first["countdown_days"] == 7)
        #expect(first["status"] == "upcoming")
        #expect(first["source"]?.stringValue?.hasPrefix("https://") == true)
        #expect(outcome.reply?.data?["query"]?["kind"] == "search")
        #expect(outcome.reply?.data?["today"] == "2024-11-20")
        #expect(outcome.reply?.data?["zone"] == "WITA")
        // A search has no date range, so no task section.
        #expect(outcome.reply?.data?["tasks"] == nil)
        #expect(!outcome.text.contains("tugas"))
        #expect(outcome.dispatch.effects.inquiries == ["pilkada2024"])
        #expect(outcome.dispatch.effects.audit.isEmpty)
        #expect(outcome.dispatch.mutates == false)
    }

    @Test func englishAliasAnswersInEnglish() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/deadline voting day", as: "u-heriansyah")
        #expect(outcome.dispatch.lang == .en)
        let lines = Self.lines(outcome)
        #expect(lines.first == "Stages matching \"voting day\":")
        // Nearest to today first.
        #expect(lines[1] == "• Voting day · Pilkada 2024 — Wednesday, 27 November 2024 (H-7, in 7 days)")
        #expect(lines.contains("• Voting day · Pemilu 2024 — Wednesday, 14 February 2024 (past)"))
        #expect(lines.last == "Today: Wednesday, 20 November 2024 (WITA).")
        #expect(Self.hits(outcome).first?["name"] == "Voting day")
        #expect(Set(outcome.dispatch.effects.inquiries) == ["pilkada2024", "pemilu2024", "pilkada2020"])
    }

    @Test func typoIsTolerated() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/tenggat pemungutan suwara", as: "u-heriansyah")
        #expect(outcome.ok)
        #expect(Self.lines(outcome)[1] == "• Pemungutan suara · Pilkada 2024 — Rabu, 27 November 2024 (H-7)")
        #expect(outcome.text.contains("Pemungutan suara · Pemilu 2024 — Rabu, 14 Februari 2024 (sudah lewat)"))
    }

    @Test func campaignOfPilkada() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/tenggat kampanye pilkada", as: "u-heriansyah")
        #expect(outcome.text.contains(
            "• Pelaksanaan kampanye · Pilkada 2024 — 25 September – 23 November 2024 (sedang berlangsung, s.d. H-3)"))
        let kampanye = try #require(Self.hits(outcome).first { $0["calendar"] == "pilkada2024" })
        #expect(kampanye["start"] == "2024-09-25")
        #expect(kampanye["end"] == "2024-11-23")
        #expect(kampanye["status"] == "in_progress")
        // "pilkada" narrows the search: no Pemilu stage.
        #expect(!Self.hits(outcome).contains { $0["calendar"] == "pemilu2024" })
    }

    @Test func nothingMatchingIsAFriendlyOK() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/tenggat xyzzy", as: "u-heriansyah")
        #expect(outcome.ok)
        #expect(Self.lines(outcome)[0] == "Tidak ada tahapan yang cocok dengan \"xyzzy\".")
        #expect(Self.lines(outcome)[1].hasPrefix("Coba kata lain"))
        #expect(outcome.reply?.data?["total_hits"] == 0)
        #expect(outcome.dispatch.effects.inquiries.isEmpty)

        let english = try harness.run("/deadline xyzzy", as: "u-heriansyah")
        #expect(english.text.hasPrefix("No stage matches \"xyzzy\".\nTry other words"))
    }

    @Test func unparsableQueriesAreBadArguments() throws {
        let harness = try CommandHarness()
        #expect(try harness.run("/tenggat 2024-02-30", as: "u-heriansyah").code == .badArguments)
        #expect(try harness.run("/tenggat 0 hari", as: "u-heriansyah").code == .badArguments)
        #expect(try harness.run("/tenggat 2024-12-01 s.d. 2024-11-01", as: "u-heriansyah").code == .badArguments)
        let tooLong = "/tenggat " + String(repeating: "kata ", count: 60)
        #expect(try harness.run(tooLong, as: "u-heriansyah").code == .badArguments)
    }

    // MARK: Dates and windows

    @Test func votingDayByDate() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/tenggat 2024-11-27", as: "u-mutallib")
        let lines = Self.lines(outcome)
        #expect(lines[0] == "Tahapan pemilihan pada Rabu, 27 November 2024 (H-7):")
        #expect(lines[1] == "• Pemungutan suara · Pilkada 2024 — Rabu, 27 November 2024 (H-7)")
        #expect(lines[2] == "• Penghitungan dan rekapitulasi suara · Pilkada 2024 — 27 November – 16 Desember 2024 (H-7)")
        #expect(outcome.reply?.data?["query"] == ["kind": "date", "text": "2024-11-27", "from": "2024-11-27", "to": "2024-11-27"])
        // Other date spellings mean the same day.
        let dashed = try harness.run("/tenggat 27-11-2024", as: "u-mutallib")
        #expect(Self.hits(dashed) == Self.hits(outcome))
    }

    @Test func pastDateSaysSoAndEnglishDateHeading() throws {
        let harness = try CommandHarness()
        let past = try harness.run("/tenggat 2024-02-14", as: "u-heriansyah")
        #expect(past.text.contains("• Pemungutan suara · Pemilu 2024 — Rabu, 14 Februari 2024 (sudah lewat)"))
        #expect(Self.lines(past)[0] == "Tahapan pemilihan pada Rabu, 14 Februari 2024 (sudah lewat):")
        let english = try harness.run("/deadline 2024-11-27", as: "u-heriansyah")
        #expect(Self.lines(english)[0] == "Election stages on Wednesday, 27 November 2024 (H-7, in 7 days):")
    }

    @Test func sevenDayWindow() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/tenggat 7 hari", as: "u-heriansyah")
        let lines = Self.lines(outcome)
        #expect(lines[0] == "Tahapan pemilihan 7 hari ke depan (20–27 November 2024):")
        #expect(Self.hits(outcome).compactMap { $0["stage"]?.stringValue }
                == ["kampanye", "masa-tenang", "pemungutan-suara", "penghitungan-rekapitulasi"])
        #expect(lines.contains("• Masa tenang · Pilkada 2024 — 24–26 November 2024 (H-4)"))
        #expect(lines.contains("• Pemungutan suara · Pilkada 2024 — Rabu, 27 November 2024 (H-7)"))
        #expect(outcome.reply?.data?["query"]?["to"] == "2024-11-27")
        // Not in the week: the tally ends 16 December, Pemilu 2024 is over.
        #expect(!outcome.text.contains("Pemilu 2024"))
        #expect(outcome.dispatch.effects.inquiries == ["pilkada2024"])
    }

    @Test func defaultIsThirtyDays() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/tenggat", as: "u-heriansyah")
        #expect(Self.lines(outcome)[0] == "Tahapan pemilihan 30 hari ke depan (20 November – 20 Desember 2024):")
        #expect(outcome.reply?.data?["query"]?["kind"] == "upcoming")
        #expect(outcome.reply?.data?["query"]?["to"] == "2024-12-20")
    }

    @Test func emptyWindowIsFriendlyWithHint() throws {
        let harness = try CommandHarness()
        harness.now = try #require(ISO8601DateFormatter().date(from: "2025-06-01T01:00:00Z"))
        let outcome = try harness.run("/tenggat 7 hari", as: "u-mutallib")
        #expect(outcome.ok)
        let lines = Self.lines(outcome)
        #expect(lines[0] == "Tidak ada tahapan pemilihan 7 hari ke depan (1–8 Juni 2025).")
        #expect(lines.contains("Tidak ada tugas terbuka KPU Kab. Banjar yang jatuh tempo 7 hari ke depan (1–8 Juni 2025)."))
        #expect(lines.contains { $0.hasPrefix("Coba rentang yang lebih panjang") })
        #expect(outcome.reply?.data?["tasks"] == [])
        #expect(outcome.reply?.data?["total_tasks"] == 0)
    }

    @Test func longListsAreCappedWithACount() throws {
        let harness = try CommandHarness()
        // Early 2023: most Pemilu 2024 stages overlap the next year.
        harness.now = try #require(ISO8601DateFormatter().date(from: "2023-01-01T01:00:00Z"))
        let outcome = try harness.run("/tenggat 366 hari", as: "u-heriansyah")
        let total = try #require(outcome.reply?.data?["total_hits"]?.intValue)
        #expect(total > 15)
        #expect(Self.hits(outcome).count == 15)
        let stageLines = Self.lines(outcome).filter { $0.hasPrefix("• ") && $0.contains(" · Pemilu 2024") }
        #expect(stageLines.count == 15)
        #expect(outcome.text.contains("… dan \(total - 15) lainnya. Persempit, mis. /tenggat 7 hari"))
    }

    // MARK: Time zones

    @Test func todayIsTheSendersLocalDate() throws {
        // 2024-11-26 15:30 UTC: 22:30 WIB on the 26th, already 00:30 WIT on the 27th.
        let harness = try CommandHarness(now: "2024-11-26T15:30:00Z")
        let maluku = try harness.run("/tenggat pemungutan suara pilkada 2024", as: "u-grace", lang: .id)
        let babel = try harness.run("/tenggat pemungutan suara pilkada 2024", as: "u-fikri")
        #expect(maluku.text.contains("• Pemungutan suara · Pilkada 2024 — Rabu, 27 November 2024 (H-0, hari ini)"))
        #expect(babel.text.contains("• Pemungutan suara · Pilkada 2024 — Rabu, 27 November 2024 (H-1, besok)"))
        #expect(Self.hits(maluku).first?["countdown_days"] == 0)
        #expect(Self.hits(babel).first?["countdown_days"] == 1)
        #expect(maluku.text.hasSuffix("Hari ini: Rabu, 27 November 2024 (WIT)."))
        #expect(babel.text.hasSuffix("Hari ini: Selasa, 26 November 2024 (WIB)."))
        // u-grace reads English by default.
        let english = try harness.run("/tenggat pemungutan suara pilkada 2024", as: "u-grace")
        #expect(english.text.contains("Voting day · Pilkada 2024 — Wednesday, 27 November 2024 (H-0, today)"))
    }

    // MARK: Tasks

    @Test func memberSeesOwnOrganisationsOpenTasksInTheWindow() throws {
        let harness = try CommandHarness()
        let own = try Self.task(harness, "Laporan kesiapan logistik TPS", for: "kpu-banjar", due: "2024-11-22")
        try Self.task(harness, "Peta rawan konflik", for: "kesbangpol-banjar", due: "2024-11-25")
        try Self.task(harness, "Rekap DPT", for: "kpu-banjar", due: "2025-01-10")          // outside the week
        try Self.task(harness, "Sudah beres", for: "kpu-banjar", due: "2024-11-21", status: .selesai)

        let outcome = try harness.run("/tenggat 7 hari", as: "u-mutallib")
        let lines = Self.lines(outcome)
        #expect(lines.contains("Tugas terbuka KPU Kab. Banjar yang jatuh tempo 7 hari ke depan (20–27 November 2024):"))
        #expect(lines.contains("• \(own.id) Laporan kesiapan logistik TPS — Jumat, 22 November 2024 (H-2)"))
        #expect(!outcome.text.contains("Peta rawan konflik"))
        #expect(!outcome.text.contains("Rekap DPT"))
        #expect(!outcome.text.contains("Sudah beres"))
        let tasks = try #require(outcome.reply?.data?["tasks"]?.arrayValue)
        #expect(tasks.count == 1)
        #expect(tasks.first?["id"] == .string(own.id.description))
        #expect(tasks.first?["due"] == "2024-11-22")
        #expect(tasks.first?["countdown_days"] == 2)
        #expect(tasks.first?["org"] == "kpu-banjar")
        #expect(outcome.reply?.data?["tasks_scope"] == "organisation")
    }

    @Test func coordinatorSeesTheJurisdictionsTasks() throws {
        let harness = try CommandHarness()
        try Self.task(harness, "Laporan kesiapan logistik TPS", for: "kpu-banjar", due: "2024-11-22")
        try Self.task(harness, "Peta rawan konflik", for: "kesbangpol-banjar", due: "2024-11-25")
        try Self.task(harness, "Laporan Kaltim", for: "kesbangpol-kaltim", due: "2024-11-23")   // another province

        let outcome = try harness.run("/tenggat 7 hari", as: "u-heriansyah")
        let lines = Self.lines(outcome)
        #expect(lines.contains("Tugas terbuka di wilayah Anda yang jatuh tempo 7 hari ke depan (20–27 November 2024):"))
        #expect(lines.contains { $0.hasSuffix("Laporan kesiapan logistik TPS — KPU Kab. Banjar — Jumat, 22 November 2024 (H-2)") })
        #expect(lines.contains { $0.hasSuffix("Peta rawan konflik — Kesbangpol Kab. Banjar — Senin, 25 November 2024 (H-5)") })
        #expect(!outcome.text.contains("Laporan Kaltim"))
        #expect(outcome.reply?.data?["total_tasks"] == 2)
        #expect(outcome.reply?.data?["tasks_scope"] == "jurisdiction")

        // A national supervisor reads every province.
        let pusat = try harness.run("/tenggat 7 hari", as: "u-yasoaro")
        #expect(pusat.reply?.data?["total_tasks"] == 3)
        #expect(pusat.text.contains("Laporan Kaltim — Kesbangpol Kaltim"))
    }

    @Test func tasksOnADateAndOverdueOnes() throws {
        let harness = try CommandHarness()
        try Self.task(harness, "Serah terima kotak suara", for: "kpu-banjar", due: "2024-11-27")
        try Self.task(harness, "Laporan terlambat", for: "kpu-banjar", due: "2024-11-18")
        let onDay = try harness.run("/tenggat 2024-11-27", as: "u-mutallib")
        #expect(onDay.text.contains("Serah terima kotak suara — Rabu, 27 November 2024 (H-7)"))
        #expect(!onDay.text.contains("Laporan terlambat"))
        let past = try harness.run("/tenggat 2024-11-18", as: "u-mutallib")
        #expect(past.text.contains("Laporan terlambat — Senin, 18 November 2024 (terlambat 2 hari)"))
        let english = try harness.run("/deadline 2024-11-18", as: "u-mutallib")
        #expect(english.text.contains("Laporan terlambat — Monday, 18 November 2024 (2 days overdue)"))
        #expect(english.text.contains("Open tasks of KPU Kab. Banjar falling due on Monday, 18 November 2024"))
    }

    @Test func manyTasksAreCapped() throws {
        let harness = try CommandHarness()
        for index in 1...14 {
            try Self.task(harness, "Tugas \(index)", for: "kpu-banjar", due: "2024-11-2\(index % 8)")
        }
        let outcome = try harness.run("/tenggat 7 hari", as: "u-mutallib")
        let taskLines = Self.lines(outcome).filter { $0.hasPrefix("• T-") }
        #expect(taskLines.count == 10)
        #expect(outcome.text.contains("… dan 4 lainnya. Lihat semua: /tugas daftar"))
        #expect(outcome.reply?.data?["tasks"]?.arrayValue?.count == 10)
        #expect(outcome.reply?.data?["total_tasks"] == 14)
        #expect(outcome.reply?.data?["tasks_truncated"] == false)
        // Soonest due first.
        let dues = outcome.reply?.data?["tasks"]?.arrayValue?.compactMap { $0["due"]?.stringValue } ?? []
        #expect(dues == dues.sorted())
    }
}

import Foundation
import RakorCommands
import RakorCore
import RakorStore
import Testing

@Suite("/tugas")
struct TugasCommandTests {
    /// A harness with meeting R-1 (Kalsel) and task T-1 for Kesbangpol Kab. Banjar due 2024-11-27.
    func seeded() throws -> CommandHarness {
        let h = try CommandHarness()
        let rakor = try h.run(#"/rakor baru "Rakor Pilkada" tanggal 2024-11-18"#, as: "u-heriansyah")
        try #require(rakor.ok, "\(rakor.text)")
        let task = try h.run(#"/tugas baru @kesbangpol-banjar "Peta rawan konflik" tenggat 2024-11-27 rakor R-1"#,
                             as: "u-heriansyah")
        try #require(task.ok, "\(task.text)")
        return h
    }

    func task(_ h: CommandHarness, _ number: Int64) throws -> Tugas? {
        try h.store.readSync { try $0.tugas.find(ItemID(.tugas, number)) }
    }

    // MARK: baru

    @Test func assignsATaskWithMeetingCountdownAuditAndNotice() throws {
        let h = try seeded()
        let stored = try #require(try task(h, 1))
        #expect(stored.untukOrg == "kesbangpol-banjar")
        #expect(stored.olehOrg == "kesbangpol-kalsel")
        #expect(stored.rakor == ItemID(.rakor, 1))
        #expect(stored.tenggat == LocalDate(iso: "2024-11-27"))
        #expect(stored.status == .terbuka)
        #expect(stored.pengulangan == nil)
        let history = try h.store.readSync { try $0.tugas.history(of: ItemID(.tugas, 1)) }
        #expect(history.map(\.aksi) == ["dibuat"])

        let out = try h.run(#"/tugas baru @kpu-banjar "Data pemilih" tenggat 2024-11-21"#, as: "u-heriansyah")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("Tugas T-2 dicatat untuk KPU Kab. Banjar (@kpu-banjar)"))
        #expect(out.text.contains("Kamis, 21 November 2024 (H-1, besok)"))
        #expect(out.reply?.data?["id"] == "T-2")
        #expect(out.reply?.data?["tenggat"] == "2024-11-21")
        #expect(out.reply?.data?["untuk_org"] == "kpu-banjar")
        #expect(out.dispatch.effects.audit.map(\.type) == ["rakor.task.assigned"])
        #expect(out.dispatch.effects.audit.first?.subject == "task/T-2")
        let notice = try #require(out.dispatch.effects.notices.first)
        #expect(notice.chat == "wa:group-kpu-banjar")
        #expect(notice.text.contains("Tugas baru T-2"))
        #expect(notice.text.contains("H-1"))
    }

    @Test func englishKeywordsAndDueToday() throws {
        let h = try seeded()
        let out = try h.run(#"/task new @kpu-banjar "Voter data" due 2024-11-20 meeting R-1"#, as: "u-heriansyah")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("Task T-2 assigned"))
        #expect(out.text.contains("H-0, today"))
        #expect(out.reply?.data?["rakor"] == "R-1")
    }

    @Test func aRegencyCoordinatorAssignsWithinTheRegencyOnly() throws {
        let h = try CommandHarness()
        #expect(try h.run(#"/tugas baru @kpu-banjar "Data" tenggat 2024-12-01"#, as: "u-fauzi").ok)
        let other = try h.run(#"/tugas baru @kpu-tanahbumbu "Data" tenggat 2024-12-01"#, as: "u-fauzi")
        #expect(other.code == .forbidden)
        let up = try h.run(#"/tugas baru @kesbangpol-kalsel "Data" tenggat 2024-12-01"#, as: "u-fauzi")
        #expect(up.code == .forbidden)
        #expect(up.text.contains("wilayah"), "\(up.text)")
    }

    @Test func refusals() throws {
        let h = try seeded()
        let unknownOrg = try h.run(#"/tugas baru @kpu-atlantis "X" tenggat 2024-12-01"#, as: "u-heriansyah")
        #expect(unknownOrg.code == .notFound)
        #expect(unknownOrg.text.contains("@kpu-atlantis"))
        let unknownMeeting = try h.run(#"/tugas baru @kpu-banjar "X" tenggat 2024-12-01 rakor R-9"#, as: "u-heriansyah")
        #expect(unknownMeeting.code == .notFound)
        #expect(unknownMeeting.text.contains("R-9"))
        let past = try h.run(#"/tugas baru @kpu-banjar "X" tenggat 2024-11-19"#, as: "u-heriansyah")
        #expect(past.code == .badArguments)
        #expect(past.text.contains("sudah lewat"))
        #expect(past.text.contains("Rabu, 20 November 2024"))
        let farAway = try h.run(#"/tugas baru @kpu-banjar "X" tenggat 2204-11-19"#, as: "u-heriansyah")
        #expect(farAway.code == .badArguments)
        let noDue = try h.run(#"/tugas baru @kpu-banjar "X""#, as: "u-heriansyah")
        #expect(noDue.code == .badArguments)
        let noOrg = try h.run(#"/tugas baru "X" tenggat 2024-12-01"#, as: "u-heriansyah")
        #expect(noOrg.code == .badArguments)
        let badRepeat = try h.run(#"/tugas baru @kpu-banjar "X" tenggat 2024-12-01 ulang mingguan"#, as: "u-heriansyah")
        #expect(badRepeat.code == .badArguments)
        let kaltim = try h.run(#"/tugas baru @kpu-banjar "X" tenggat 2024-12-01"#, as: "u-sufian")
        #expect(kaltim.code == .forbidden)
        // A Kaltim coordinator cannot hang a task on a Kalsel meeting either.
        let foreignMeeting = try h.run(#"/tugas baru @kesbangpol-berau "X" tenggat 2024-12-01 rakor R-1"#, as: "u-sufian")
        #expect(foreignMeeting.code == .forbidden)
        #expect(try h.store.readSync { try $0.tugas.count(TugasFilter()) } == 1)
    }

    @Test func aNationalMeetingCanBeReferredToByTheRegionsItCovers() throws {
        let h = try CommandHarness()
        #expect(try h.run(#"/rakor baru "Rakor Kemendagri" tanggal 2024-11-18"#, as: "u-bahtiar").ok)
        let pangkalpinang = try h.run(#"/tugas baru @sekda-pangkalpinang "Tindak lanjut" tenggat 2024-12-01 rakor R-1"#,
                                      as: "u-radmida")
        #expect(pangkalpinang.ok, "\(pangkalpinang.text)")
        #expect(pangkalpinang.reply?.data?["rakor"] == "R-1")
        // A regional meeting stays out of reach of another region.
        #expect(try h.run(#"/rakor baru "Rakor Babel" tanggal 2024-11-18"#, as: "u-fikri").ok)
        let kalsel = try h.run(#"/tugas baru @kpu-banjar "X" tenggat 2024-12-01 rakor R-2"#, as: "u-heriansyah")
        #expect(kalsel.code == .forbidden)
    }

    @Test func tomorrowInWITIsStillTodayElsewhere() throws {
        // 2024-11-20 15:30 UTC is 00:30 on the 21st in Maluku (WIT) but 23:30 on the 20th in WITA.
        let h = try CommandHarness(now: "2024-11-20T15:30:00Z")
        let maluku = try h.run(#"/tugas baru @kesbangpol-maluku "X" tenggat 2024-11-20"#, as: "u-latumahina")
        #expect(maluku.code == .badArguments, "\(maluku.text)")
        let kalsel = try h.run(#"/tugas baru @kpu-banjar "X" tenggat 2024-11-20"#, as: "u-heriansyah")
        #expect(kalsel.ok, "\(kalsel.text)")
    }

    // MARK: recurring

    @Test func completingARecurringTaskCreatesTheNextPeriod() throws {
        let h = try CommandHarness()
        let out = try h.run(#"/tugas baru @kesbangpol-banjar "Peta konflik triwulanan" tenggat 2024-12-31 ulang triwulanan"#,
                            as: "u-heriansyah")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("Berulang triwulanan"))
        #expect(out.reply?.data?["pengulangan"] == "triwulanan")
        #expect(out.reply?.data?["seri"] == "T-1")

        let done = try h.run("/tugas selesai T-1", as: "u-aminah")
        #expect(done.ok, "\(done.text)")
        #expect(done.text.contains("periode berikutnya T-2"))
        #expect(done.text.contains("31 Maret 2025"))
        #expect(done.dispatch.effects.audit.map(\.type) == ["rakor.task.completed", "rakor.task.assigned"])
        #expect(done.dispatch.effects.audit.last?.subject == "task/T-2")
        let next = try #require(try task(h, 2))
        #expect(next.tenggat == LocalDate(iso: "2025-03-31"))
        #expect(next.seri == ItemID(.tugas, 1))
        #expect(next.pengulangan == .triwulanan)
        #expect(next.untukOrg == "kesbangpol-banjar")
        #expect(next.status == .terbuka)

        let english = try h.run("/task new @kpu-banjar \"Monthly report\" due 2024-11-30 repeat monthly", as: "u-heriansyah")
        #expect(english.reply?.data?["pengulangan"] == "bulanan", "\(english.text)")
    }

    @Test func cancellingARecurringTaskStopsTheSeries() throws {
        let h = try CommandHarness()
        #expect(try h.run(#"/tugas baru @kesbangpol-banjar "Peta" tenggat 2024-12-31 ulang bulanan"#, as: "u-heriansyah").ok)
        let out = try h.run("/tugas batal T-1 diganti laporan tahunan", as: "u-heriansyah")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("tidak ada periode berikutnya"))
        #expect(try task(h, 2) == nil)
    }

    // MARK: saya / daftar

    @Test func mineListsOnlyTheSendersOrganisationsOpenTasks() throws {
        let h = try seeded()
        #expect(try h.run(#"/tugas baru @kpu-banjar "Untuk KPU" tenggat 2024-12-01"#, as: "u-heriansyah").ok)
        let out = try h.run("/tugas saya", as: "u-aminah")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("Tugas terbuka Kesbangpol Kab. Banjar"))
        #expect(out.text.contains("T-1 Peta rawan konflik [terbuka]"))
        #expect(out.text.contains("Rabu, 27 November 2024 (H-7)"))
        #expect(!out.text.contains("Untuk KPU"))
        #expect(out.reply?.data?["tasks"]?.arrayValue?.count == 1)
        let kpu = try h.run("/task mine", as: "u-mutallib")
        #expect(kpu.text.contains("Untuk KPU"))
        #expect(kpu.dispatch.lang == .en)
    }

    @Test func listsArePagedTenAtATime() throws {
        let h = try CommandHarness()
        for day in 1...12 {
            let due = "2024-12-\(day < 10 ? "0" : "")\(day)"
            #expect(try h.run(#"/tugas baru @kesbangpol-banjar "Tugas \#(day)" tenggat \#(due)"#, as: "u-heriansyah").ok)
        }
        let first = try h.run("/tugas saya", as: "u-aminah")
        #expect(first.text.contains("Halaman 1/2 (12 tugas)"), "\(first.text)")
        #expect(first.text.contains("Berikutnya: /tugas saya halaman 2"))
        #expect(first.reply?.data?["tasks"]?.arrayValue?.count == 10)
        #expect(first.reply?.data?["paging"]?["pages"] == .int(2))
        let second = try h.run("/tugas saya halaman 2", as: "u-aminah")
        #expect(second.text.contains("Halaman 2/2"))
        #expect(second.text.contains("T-12"))
        #expect(!second.text.contains("Berikutnya"))
        #expect(second.reply?.data?["tasks"]?.arrayValue?.count == 2)
        let beyond = try h.run("/tugas saya halaman 3", as: "u-aminah")
        #expect(beyond.code == .badArguments)
        #expect(beyond.text.contains("hanya ada 2 halaman"))
        let english = try h.run("/task list @kesbangpol-banjar page 2", as: "u-heriansyah")
        #expect(english.text.contains("Page 2/2"), "\(english.text)")
        let badPage = try h.run("/tugas daftar halaman nol", as: "u-heriansyah")
        #expect(badPage.code == .badArguments)
    }

    @Test func listShowsWhatTheSenderMaySee() throws {
        let h = try seeded()
        #expect(try h.run(#"/tugas baru @kesbangpol-berau "Tugas Berau" tenggat 2024-12-01"#, as: "u-sufian").ok)
        #expect(try h.run("/tugas selesai T-1", as: "u-aminah").ok)

        let iqbal = try h.run("/tugas daftar", as: "u-iqbal")
        #expect(iqbal.ok, "\(iqbal.text)")
        #expect(iqbal.text.contains("T-1"))
        #expect(!iqbal.text.contains("Tugas Berau"))
        let national = try h.run("/tugas daftar", as: "u-yasoaro")
        #expect(national.text.contains("Tugas Berau"))
        #expect(national.text.contains("T-1"))

        let open = try h.run("/tugas daftar terbuka", as: "u-yasoaro")
        #expect(!open.text.contains("T-1 "), "\(open.text)")
        #expect(open.text.contains("Tugas Berau"))
        let done = try h.run("/tugas daftar @kesbangpol-banjar selesai", as: "u-iqbal")
        #expect(done.text.contains("T-1 Peta rawan konflik [selesai]"), "\(done.text)")
        #expect(done.reply?.data?["status"] == ["selesai"])
        let byMeeting = try h.run("/tugas daftar rakor R-1", as: "u-heriansyah")
        #expect(byMeeting.reply?.data?["tasks"]?.arrayValue?.count == 1)

        let foreign = try h.run("/tugas daftar @kesbangpol-berau", as: "u-iqbal")
        #expect(foreign.code == .forbidden)
        let unknown = try h.run("/tugas daftar @nowhere", as: "u-iqbal")
        #expect(unknown.code == .notFound)
        let junk = try h.run("/tugas daftar kemarin", as: "u-iqbal")
        #expect(junk.code == .badArguments)
        let empty = try h.run("/tugas daftar batal", as: "u-iqbal")
        #expect(empty.ok)
        #expect(empty.text.contains("tidak ada tugas"))
    }

    @Test func overdueOpenTasksSayHowLate() throws {
        let h = try seeded()
        h.now = try #require(ISO8601DateFormatter().date(from: "2024-11-30T01:00:00Z"))
        let out = try h.run("/tugas saya", as: "u-aminah")
        #expect(out.text.contains("terlambat 3 hari"), "\(out.text)")
        let done = try h.run("/tugas selesai T-1", as: "u-aminah")
        #expect(done.text.contains("3 hari setelah tenggat"))
        #expect(done.reply?.data?["terlambat_hari"] == .int(3))
    }

    // MARK: lihat

    @Test func showsOneTaskWithItsHistory() throws {
        let h = try seeded()
        #expect(try h.run("/tugas alihkan T-1 @kpu-banjar", as: "u-heriansyah").ok)
        let out = try h.run("/tugas lihat t-1", as: "u-fauzi")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("T-1 · Peta rawan konflik"))
        #expect(out.text.contains("Untuk: KPU Kab. Banjar (@kpu-banjar)"))
        #expect(out.text.contains("Dari: Drs. H. Heriansyah, M.Si, Kesbangpol Kalsel"))
        #expect(out.text.contains("Rakor: R-1 Rakor Pilkada"))
        #expect(out.text.contains("20 Nov 2024 09:00 WITA"))
        #expect(out.text.contains("dibuat"))
        #expect(out.text.contains("dialihkan: @kesbangpol-banjar → @kpu-banjar"))
        #expect(out.reply?.data?["riwayat"]?.arrayValue?.count == 2)

        #expect(try h.run("/tugas lihat T-1", as: "u-sufian").code == .forbidden)
        #expect(try h.run("/tugas lihat T-9", as: "u-heriansyah").code == .notFound)
        #expect(try h.run("/tugas lihat K-1", as: "u-heriansyah").code == .badArguments)
        #expect(try h.run("/task show T-1", as: "u-heriansyah").text.contains("History:"))
    }

    // MARK: selesai

    @Test func completionRulesAndAudit() throws {
        let h = try seeded()
        let outsider = try h.run("/tugas selesai T-1", as: "u-mutallib")
        #expect(outsider.code == .forbidden)
        let supervisor = try h.run("/tugas selesai T-1", as: "u-iqbal")
        #expect(supervisor.code == .forbidden)
        let unknown = try h.run("/tugas selesai T-42", as: "u-aminah")
        #expect(unknown.code == .notFound)

        let done = try h.run("/tugas selesai T-1 sudah dikirim lewat surat", as: "u-aminah")
        #expect(done.ok, "\(done.text)")
        #expect(done.text.contains("Tugas T-1 selesai"))
        #expect(done.reply?.data?["status"] == "selesai")
        #expect(done.reply?.data?["catatan"] == "sudah dikirim lewat surat")
        #expect(done.dispatch.effects.audit.first?.subject == "task/T-1")
        // The assigning province hears about it.
        #expect(done.dispatch.effects.notices.map(\.chat).contains("wa:group-kesbangpol-kalsel"))
        let stored = try #require(try task(h, 1))
        #expect(stored.status == .selesai)
        #expect(stored.ditutupPada == h.now)

        let again = try h.run("/tugas selesai T-1", as: "u-aminah")
        #expect(again.code == .conflict)
        #expect(again.text.contains("sudah selesai"))
        // A coordinator over the assignee may complete too.
        #expect(try h.run(#"/tugas baru @kesbangpol-banjar "Lagi" tenggat 2024-12-01"#, as: "u-heriansyah").ok)
        #expect(try h.run("/task done T-2", as: "u-fauzi").ok)
    }

    // MARK: alihkan

    @Test func reassignmentChecksBothOrganisations() throws {
        let h = try seeded()
        let out = try h.run("/tugas alihkan T-1 @kpu-banjar", as: "u-heriansyah")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("dari Kesbangpol Kab. Banjar kepada KPU Kab. Banjar"))
        #expect(out.dispatch.effects.audit.map(\.type) == ["rakor.task.reassigned"])
        #expect(out.reply?.data?["dari_org"] == "kesbangpol-banjar")
        #expect(out.reply?.data?["untuk_org"] == "kpu-banjar")
        #expect(Set(out.dispatch.effects.notices.map(\.chat)) == ["wa:group-kpu-banjar", "wa:group-kesbangpol-banjar"])
        #expect(try task(h, 1)?.untukOrg == "kpu-banjar")

        let same = try h.run("/tugas alihkan T-1 @kpu-banjar", as: "u-heriansyah")
        #expect(same.code == .conflict)
        // Banjar's coordinator may not send it out of the regency.
        let out2 = try h.run("/tugas alihkan T-1 @kpu-tanahbumbu", as: "u-fauzi")
        #expect(out2.code == .forbidden)
        let foreign = try h.run("/tugas alihkan T-1 @kesbangpol-berau", as: "u-heriansyah")
        #expect(foreign.code == .forbidden)
        let member = try h.run("/tugas alihkan T-1 @kesbangpol-banjar", as: "u-mutallib")
        #expect(member.code == .forbidden)
        let unknown = try h.run("/tugas alihkan T-1 @nowhere", as: "u-heriansyah")
        #expect(unknown.code == .notFound)
        let missing = try h.run("/tugas alihkan T-1", as: "u-heriansyah")
        #expect(missing.code == .badArguments)

        #expect(try h.run("/tugas selesai T-1", as: "u-mutallib").ok)
        let closed = try h.run("/task reassign T-1 @kesbangpol-banjar", as: "u-heriansyah")
        #expect(closed.code == .conflict)
    }

    // MARK: batal

    @Test func cancellation() throws {
        let h = try seeded()
        #expect(try h.run("/tugas batal T-1", as: "u-aminah").code == .forbidden)
        #expect(try h.run("/tugas batal T-1", as: "u-sufian").code == .forbidden)
        let out = try h.run("/tugas batal T-1 digabung dengan T-2", as: "u-fauzi")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("Alasan: digabung dengan T-2"))
        #expect(out.dispatch.effects.audit.map(\.type) == ["rakor.task.cancelled"])
        #expect(out.reply?.data?["alasan"] == "digabung dengan T-2")
        #expect(try task(h, 1)?.status == .batal)
        let again = try h.run("/task cancel T-1", as: "u-heriansyah")
        #expect(again.code == .conflict)
        #expect(try h.run("/tugas selesai T-1", as: "u-aminah").code == .conflict)
    }
}

/// The shared list helpers, directly.
@Suite("ItemFormat and Paging")
struct ListHelperTests {
    let today = LocalDate(year: 2024, month: 11, day: 20)!

    @Test func countdownsForOpenAndClosedItems() throws {
        let due = try #require(LocalDate(iso: "2024-11-25"))
        #expect(ItemFormat.due(due, today: today, open: true, lang: .id) == "Senin, 25 November 2024 (H-5)")
        #expect(ItemFormat.due(due, today: today, open: true, lang: .en) == "Monday, 25 November 2024 (H-5, in 5 days)")
        #expect(ItemFormat.due(due, today: today, open: false, lang: .id) == "Senin, 25 November 2024")
        let late = try #require(LocalDate(iso: "2024-11-18"))
        #expect(ItemFormat.countdown(to: late, today: today, open: true, lang: .id) == "terlambat 2 hari")
        #expect(ItemFormat.countdown(to: late, today: today, open: true, lang: .en) == "2 days overdue")
        #expect(ItemFormat.countdown(to: late, today: today, open: false, lang: .id) == "sudah lewat")
        #expect(ItemFormat.countdown(to: today, today: today, open: true, lang: .id) == "H-0, hari ini")
    }

    @Test func textAndDataHelpers() {
        #expect(ItemFormat.clip("abcdef", 4) == "abc…")
        #expect(ItemFormat.clip("abc", 4) == "abc")
        #expect(ItemFormat.sentence("berulang bulanan") == "Berulang bulanan")
        #expect(ItemFormat.sum([Rupiah(1), Rupiah(2)]) == Rupiah(3))
        #expect(ItemFormat.sum([Rupiah(Int64.max), Rupiah(1)]) == nil)
        #expect(ItemFormat.with(["a": 1], "b", 2) == ["a": 1, "b": 2])
        #expect(ItemFormat.with("x", "b", 2) == "x")
        #expect(ItemFormat.historyAction("dialihkan", lang: .en) == "reassigned")
        #expect(ItemFormat.historyAction("lainnya", lang: .en) == "lainnya")
    }

    func arguments(_ text: String) -> CommandArguments {
        let tokens = Tokenizer.tokenize(text)
        return CommandArguments(text: text, tokens: tokens[...], usage: Localized("/x"))
    }

    @Test func pageArguments() throws {
        var args = arguments("halaman 3 sisa")
        #expect(try Paging.take(&args) == 3)
        #expect(args.peek()?.text == "sisa")
        var english = arguments("page 2")
        #expect(try Paging.take(&english) == 2)
        var none = arguments("terbuka")
        #expect(try Paging.take(&none) == nil)
        #expect(none.count == 1)
        for bad in ["halaman", "halaman 0", "halaman dua", "page 100001"] {
            var args = arguments(bad)
            #expect(throws: CommandFailure.self) { try Paging.take(&args) }
        }
    }

    @Test func pageTexts() throws {
        let page = Page(items: [1, 2], total: 12, request: Paging.request(2))
        #expect(Paging.header(page, noun: Localized(id: "tugas", en: "tasks"), lang: .id) == "Halaman 2/2 (12 tugas)")
        #expect(Paging.nextHint(page, command: Localized(id: "/tugas saya", en: "/task mine"), lang: .id) == nil)
        let first = Page(items: Array(1...10), total: 12, request: Paging.request(1))
        #expect(Paging.nextHint(first, command: Localized(id: "/tugas saya", en: "/task mine"), lang: .en)
                == "Next: /task mine page 2")
        #expect(Paging.data(first) == ["page": 1, "pages": 2, "total": 12, "page_size": 10])
        try Paging.requireExists(first)
        let beyond = Page<Int>(items: [], total: 12, request: Paging.request(3))
        #expect(throws: CommandFailure.self) { try Paging.requireExists(beyond) }
        try Paging.requireExists(Page<Int>(items: [], total: 0, request: Paging.request(1)))
    }
}

import Foundation
import RakorCommands
import RakorCore
import RakorStore
import Testing

@Suite("/rakor")
struct RakorCommandTests {
    @Test func recordsAMeetingWithPlace() throws {
        let h = try CommandHarness()
        let out = try h.run(#"/rakor baru "Sosialisasi SK cost sharing Pilkada 2024" tanggal 2024-11-18 tempat "Banjarbaru""#,
                            as: "u-heriansyah")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("Rakor R-1 dicatat"))
        #expect(out.text.contains("Senin, 18 November 2024"))
        #expect(out.text.contains("Banjarbaru"))
        #expect(out.text.contains("Kesbangpol Kalsel"))
        let data = try #require(out.reply?.data)
        #expect(data["id"] == "R-1")
        #expect(data["tanggal"] == "2024-11-18")
        #expect(data["tempat"] == "Banjarbaru")
        #expect(data["penyelenggara"] == "kesbangpol-kalsel")

        let audit = out.dispatch.effects.audit
        #expect(audit.count == 1)
        #expect(audit.first?.type == "rakor.meeting.recorded")
        #expect(audit.first?.subject == "meeting/R-1")

        let stored = try h.store.readSync { try $0.rakor.find(ItemID(.rakor, 1)) }
        #expect(stored?.judul == "Sosialisasi SK cost sharing Pilkada 2024")
        #expect(stored?.penyelenggara == "kesbangpol-kalsel")
        #expect(stored?.dibuatOleh == "u-heriansyah")
    }

    @Test func englishAliasAndKeywordsAnswerInEnglish() throws {
        let h = try CommandHarness()
        let out = try h.run(#"/meeting new "Kesbangpol se-Kaltim" date 2022-03-23 place "Berau""#, as: "u-sufian")
        #expect(out.ok, "\(out.text)")
        #expect(out.dispatch.lang == .en)
        #expect(out.text.contains("Meeting R-1 recorded"))
        #expect(out.text.contains("Wednesday, 23 March 2022"))
        #expect(out.reply?.data?["tempat"] == "Berau")
    }

    @Test func placeIsOptionalAndKeywordsMix() throws {
        let h = try CommandHarness()
        let out = try h.run(#"/rakor baru "Rakor KPU" date 2024-09-10"#, as: "u-sarmuji")
        #expect(out.ok, "\(out.text)")
        #expect(out.reply?.data?["tempat"] == JSONValue.null)
        #expect(out.reply?.data?["penyelenggara"] == "kpu-kalsel")
    }

    @Test(arguments: [
        #"/rakor baru "Rakor""#,                                  // no date
        #"/rakor baru "Rakor" tanggal"#,                          // keyword without date
        #"/rakor baru "Rakor" tanggal 2024-02-30"#,               // impossible date
        #"/rakor baru tanggal 2024-11-18"#,                       // no title: "tanggal" read as title, then no date
        #"/rakor baru "Rakor" tanggal 2024-11-18 tempat"#,        // place keyword without place
        #"/rakor baru "Rakor" tanggal 2024-11-18 ekstra"#,        // leftovers
        #"/rakor baru"#,
    ])
    func malformedLinesAreBadArguments(line: String) throws {
        let h = try CommandHarness()
        let out = try h.run(line, as: "u-heriansyah")
        #expect(out.code == .badArguments, "\(out.text)")
        #expect(out.text.contains("Format: /rakor baru"))
        let count = try h.store.readSync { try $0.rakor.list().total }
        #expect(count == 0)
    }

    @Test(arguments: ["u-aminah", "u-iqbal", "u-yasoaro"])
    func onlyCoordinatorsRecordMeetings(user: String) throws {
        let h = try CommandHarness()
        let out = try h.run(#"/rakor baru "Rakor" tanggal 2024-11-18"#, as: user)
        #expect(out.code == .forbidden, "\(out.text)")
        #expect(out.dispatch.effects.audit.isEmpty)
    }
}

/// The story the bot exists for, end to end through the dispatcher.
@Suite("Kalsel coordination scenario")
struct KalselScenarioTests {
    @Test func rakorAgreementTaskBudgetLifecycle() throws {
        let h = try CommandHarness()

        // The province's coordinator records the meeting …
        let rakor = try h.run(#"/rakor baru "Rakor cost sharing Pilkada 2024" tanggal 2024-11-18 tempat "Banjarbaru""#,
                              as: "u-heriansyah")
        #expect(rakor.reply?.data?["id"] == "R-1", "\(rakor.text)")

        // … an agreement binding Kab. Banjar's Kesbangpol …
        let agreement = try h.run(#"/kesepakatan baru R-1 "Kesbangpol kab/kota melaporkan peta rawan konflik sosial setiap triwulan" pihak @kesbangpol-banjar tenggat 2024-12-31"#,
                                  as: "u-heriansyah")
        #expect(agreement.ok, "\(agreement.text)")
        #expect(agreement.reply?.data?["id"] == "K-1")
        #expect(agreement.reply?.data?["status"] == "diusulkan")

        // … and a task for it.
        let task = try h.run(#"/tugas baru @kesbangpol-banjar "Kirim peta rawan konflik sosial" tenggat 2024-11-27 rakor R-1"#,
                             as: "u-heriansyah")
        #expect(task.ok, "\(task.text)")
        #expect(task.text.contains("Rabu, 27 November 2024 (H-7)"))
        #expect(task.dispatch.effects.notices.map(\.chat) == ["wa:group-kesbangpol-banjar"])

        // Banjar's member sees it among their open tasks and completes it.
        let mine = try h.run("/tugas saya", as: "u-aminah")
        #expect(mine.ok, "\(mine.text)")
        #expect(mine.text.contains("T-1 Kirim peta rawan konflik sosial"))
        #expect(mine.text.contains("H-7"))
        let done = try h.run("/tugas selesai T-1 peta terlampir", as: "u-aminah")
        #expect(done.ok, "\(done.text)")
        #expect(done.dispatch.effects.audit.map(\.type) == ["rakor.task.completed"])
        let after = try h.run("/tugas saya", as: "u-aminah")
        #expect(after.text.contains("Tidak ada tugas terbuka"), "\(after.text)")

        // The agreement walks its whole life; a step back is a conflict.
        for status in ["disepakati", "berjalan", "terealisasi"] {
            let moved = try h.run("/kesepakatan status K-1 \(status)", as: "u-heriansyah")
            #expect(moved.ok, "\(moved.text)")
            #expect(moved.reply?.data?["ke"] == .string(status))
        }
        let back = try h.run("/kesepakatan status K-1 berjalan", as: "u-heriansyah")
        #expect(back.code == .conflict)
        #expect(back.text.contains("terealisasi"))

        // Cost sharing: one level per component and regency.
        #expect(try h.run(#"/anggaran item baru KPU-03 "Honor badan ad hoc""#, as: "u-heriansyah").ok)
        let first = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar provinsi Rp 1.250.000.000", as: "u-heriansyah")
        #expect(first.ok, "\(first.text)")
        let second = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar kabkota Rp 300.000.000", as: "u-heriansyah")
        #expect(second.code == .conflict)
        #expect(second.text.contains("APBD provinsi"))
        #expect(second.text.contains("Rp 1.250.000.000"))
        let update = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar provinsi Rp 1.300.000.000", as: "u-heriansyah")
        #expect(update.ok, "\(update.text)")
        #expect(update.reply?.data?["jumlah_lama"] == .int(1_250_000_000))
        let history = try h.store.readSync { try $0.anggaran.history(kode: "KPU-03", kabkota: "kpu-banjar") }
        #expect(history.map(\.jumlahBaru.amount) == [1_250_000_000, 1_300_000_000])
        #expect(history.map { $0.jumlahLama?.amount } == [nil, 1_250_000_000])

        // Another province's official is refused on a Kalsel regency.
        let kaltim = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar provinsi Rp 1", as: "u-sufian")
        #expect(kaltim.code == .forbidden)
        let kaltimTask = try h.run(#"/tugas baru @kesbangpol-banjar "Tugas" tenggat 2024-12-01"#, as: "u-sufian")
        #expect(kaltimTask.code == .forbidden)

        // A supervisor reads but changes nothing.
        let listed = try h.run("/tugas daftar", as: "u-iqbal")
        #expect(listed.ok, "\(listed.text)")
        #expect(listed.text.contains("T-1"))
        let assign = try h.run(#"/tugas baru @kesbangpol-banjar "Tugas" tenggat 2024-12-01"#, as: "u-iqbal")
        #expect(assign.code == .forbidden)
    }
}

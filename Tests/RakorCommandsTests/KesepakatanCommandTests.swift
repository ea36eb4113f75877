import Foundation
import RakorCommands
import RakorCore
import RakorStore
import Testing

@Suite("/kesepakatan")
struct KesepakatanCommandTests {
    /// Meeting R-1 and agreement K-1 binding Kesbangpol and KPU Kab. Banjar, due 2024-12-31.
    func seeded() throws -> CommandHarness {
        let h = try CommandHarness()
        try #require(try h.run(#"/rakor baru "Rakor Kesbangpol se-Kalsel" tanggal 2024-11-18"#, as: "u-heriansyah").ok)
        let out = try h.run(#"/kesepakatan baru R-1 "Peta rawan konflik dilaporkan tiap triwulan" pihak @kesbangpol-banjar @kpu-banjar tenggat 2024-12-31"#,
                            as: "u-heriansyah")
        try #require(out.ok, "\(out.text)")
        return h
    }

    func agreement(_ h: CommandHarness, _ number: Int64) throws -> Kesepakatan? {
        try h.store.readSync { try $0.kesepakatan.find(ItemID(.kesepakatan, number)) }
    }

    // MARK: baru

    @Test func recordsAnAgreementWithPartiesAndDueDate() throws {
        let h = try CommandHarness()
        #expect(try h.run(#"/rakor baru "Rakor" tanggal 2024-11-18"#, as: "u-heriansyah").ok)
        let out = try h.run(#"/kesepakatan baru R-1 "Peta rawan konflik dilaporkan tiap triwulan" pihak @kesbangpol-banjar @kpu-banjar tenggat 2024-12-31"#,
                            as: "u-heriansyah")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("Kesepakatan K-1 dicatat (diusulkan)"))
        #expect(out.text.contains("Pihak: Kesbangpol Kab. Banjar, KPU Kab. Banjar"))
        #expect(out.text.contains("Selasa, 31 Desember 2024 (H-41)"))
        #expect(out.text.contains("/kesepakatan status K-1 disepakati"))
        let data = try #require(out.reply?.data)
        #expect(data["id"] == "K-1")
        #expect(data["rakor"] == "R-1")
        #expect(data["pihak"] == ["kesbangpol-banjar", "kpu-banjar"])
        #expect(data["tenggat"] == "2024-12-31")
        #expect(data["status"] == "diusulkan")
        #expect(out.dispatch.effects.audit.map(\.type) == ["rakor.agreement.recorded"])
        #expect(out.dispatch.effects.audit.first?.subject == "agreement/K-1")
        #expect(Set(out.dispatch.effects.notices.map(\.chat)) == ["wa:group-kesbangpol-banjar", "wa:group-kpu-banjar"])

        let stored = try #require(try agreement(h, 1))
        #expect(stored.pihak == ["kesbangpol-banjar", "kpu-banjar"])
        #expect(stored.status == .diusulkan)
        #expect(stored.dibuatOlehOrg == "kesbangpol-kalsel")
    }

    @Test func withoutPartiesItBindsTheRecordingOrganisation() throws {
        let h = try CommandHarness()
        let out = try h.run(#"/agreement new "Coordinate the quiet period" due 2024-11-24"#, as: "u-sufian")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("Agreement K-1 recorded (proposed)"))
        #expect(out.reply?.data?["pihak"] == ["kesbangpol-kaltim"])
        #expect(out.reply?.data?["rakor"] == JSONValue.null)
        #expect(out.dispatch.effects.notices.isEmpty)
    }

    @Test func optionalPartsInAnyOrder() throws {
        let h = try seeded()
        let out = try h.run(#"/kesepakatan baru "Posko bersama" tenggat 2024-12-01 rakor R-1 pihak @bawaslu-banjar"#,
                            as: "u-heriansyah")
        #expect(out.ok, "\(out.text)")
        #expect(out.reply?.data?["rakor"] == "R-1")
        #expect(out.reply?.data?["pihak"] == ["bawaslu-banjar"])
    }

    @Test func refusals() throws {
        let h = try seeded()
        let foreignParty = try h.run(#"/kesepakatan baru "X" pihak @kesbangpol-banjar @kesbangpol-berau"#, as: "u-heriansyah")
        #expect(foreignParty.code == .forbidden)
        #expect(foreignParty.text.contains("Kesbangpol Kab. Berau"), "\(foreignParty.text)")
        let unknownParty = try h.run(#"/kesepakatan baru "X" pihak @nowhere"#, as: "u-heriansyah")
        #expect(unknownParty.code == .notFound)
        let unknownMeeting = try h.run(#"/kesepakatan baru R-7 "X""#, as: "u-heriansyah")
        #expect(unknownMeeting.code == .notFound)
        let past = try h.run(#"/kesepakatan baru "X" tenggat 2024-01-01"#, as: "u-heriansyah")
        #expect(past.code == .badArguments)
        let emptyParties = try h.run(#"/kesepakatan baru "X" pihak"#, as: "u-heriansyah")
        #expect(emptyParties.code == .badArguments)
        let noText = try h.run("/kesepakatan baru R-1", as: "u-heriansyah")
        #expect(noText.code == .badArguments)
        let member = try h.run(#"/kesepakatan baru "X""#, as: "u-aminah")
        #expect(member.code == .forbidden)
        let supervisor = try h.run(#"/kesepakatan baru "X""#, as: "u-iqbal")
        #expect(supervisor.code == .forbidden)
        #expect(try h.store.readSync { try $0.kesepakatan.count(KesepakatanFilter()) } == 1)
    }

    // MARK: status

    @Test func walksTheLifecycleAndRefusesIllegalMoves() throws {
        let h = try seeded()
        let agreed = try h.run("/kesepakatan status K-1 disepakati rapat pleno 20/11", as: "u-heriansyah")
        #expect(agreed.ok, "\(agreed.text)")
        #expect(agreed.text.contains("diusulkan → disepakati"))
        #expect(agreed.text.contains("/kesepakatan status K-1 berjalan"))
        #expect(agreed.reply?.data?["dari"] == "diusulkan")
        #expect(agreed.reply?.data?["ke"] == "disepakati")
        #expect(agreed.reply?.data?["catatan"] == "rapat pleno 20/11")
        #expect(agreed.dispatch.effects.audit.map(\.type) == ["rakor.agreement.status_changed"])
        #expect(agreed.dispatch.effects.audit.first?.subject == "agreement/K-1")

        let skip = try h.run("/kesepakatan status K-1 terealisasi", as: "u-heriansyah")
        #expect(skip.code == .conflict)
        #expect(skip.text.contains("berjalan, batal"), "\(skip.text)")
        #expect(try agreement(h, 1)?.status == .disepakati)

        let english = try h.run("/agreement status K-1 in-progress", as: "u-heriansyah")
        #expect(english.ok, "\(english.text)")
        #expect(english.text.contains("agreed → in progress"))
        #expect(english.text.contains("/agreement status K-1 realised"))
    }

    @Test func aRegencyCoordinatorMovesOnlyAgreementsWhosePartiesItCovers() throws {
        let h = try seeded()
        // Both parties are in Kab. Banjar: Banjar's coordinator may move it.
        #expect(try h.run("/kesepakatan status K-1 disepakati", as: "u-fauzi").ok)
        #expect(try h.run(#"/kesepakatan baru "Lintas kab" pihak @kesbangpol-banjar @kesbangpol-tanahbumbu"#, as: "u-heriansyah").ok)
        let crossing = try h.run("/kesepakatan status K-2 disepakati", as: "u-fauzi")
        #expect(crossing.code == .forbidden)
        #expect(crossing.text.contains("Tanah Bumbu"), "\(crossing.text)")
        let kaltim = try h.run("/kesepakatan status K-1 berjalan", as: "u-sufian")
        #expect(kaltim.code == .forbidden)
    }

    @Test func finalStatusesAreFinal() throws {
        let h = try seeded()
        for status in ["disepakati", "berjalan", "terealisasi"] {
            #expect(try h.run("/kesepakatan status K-1 \(status)", as: "u-heriansyah").ok)
        }
        let back = try h.run("/kesepakatan status K-1 berjalan", as: "u-heriansyah")
        #expect(back.code == .conflict)
        #expect(back.text.contains("status akhir"))
        let cancel = try h.run("/kesepakatan status K-1 batal", as: "u-heriansyah")
        #expect(cancel.code == .conflict)

        #expect(try h.run(#"/kesepakatan baru "Dibatalkan" pihak @kesbangpol-banjar"#, as: "u-heriansyah").ok)
        #expect(try h.run("/kesepakatan status K-2 batal anggaran tidak tersedia", as: "u-heriansyah").ok)
        #expect(try h.run("/kesepakatan status K-2 diusulkan", as: "u-heriansyah").code == .conflict)
        #expect(try agreement(h, 2)?.status == .batal)
    }

    @Test func statusArgumentErrors() throws {
        let h = try seeded()
        #expect(try h.run("/kesepakatan status K-1", as: "u-heriansyah").code == .badArguments)
        let unknown = try h.run("/kesepakatan status K-1 selesai-lah", as: "u-heriansyah")
        #expect(unknown.code == .badArguments)
        #expect(unknown.text.contains("bukan status kesepakatan"))
        #expect(try h.run("/kesepakatan status K-9 disepakati", as: "u-heriansyah").code == .notFound)
        #expect(try h.run("/kesepakatan status K-1 disepakati", as: "u-iqbal").code == .forbidden)
        #expect(try h.run("/kesepakatan status K-1 disepakati", as: "u-aminah").code == .forbidden)
    }

    // MARK: lihat

    @Test func showsHistoryAndGrantDisbursements() throws {
        let h = try seeded()
        #expect(try h.run("/kesepakatan status K-1 disepakati", as: "u-heriansyah").ok)
        let tanggal = try #require(LocalDate(iso: "2024-11-15"))
        let recorded = try h.store.writeSync { session in
            [try session.hibah.record(PencairanHibah(eventID: "evt-1", kesepakatan: ItemID(.kesepakatan, 1),
                                                    kabkota: "kpu-banjar", tahap: 1, persen: 40,
                                                    jumlah: Rupiah(5_000_000_000), tanggal: tanggal,
                                                    sumber: "keuangan.kalselprov.go.id/hibah")),
             try session.hibah.record(PencairanHibah(eventID: "evt-2", kesepakatan: ItemID(.kesepakatan, 1),
                                                    kabkota: "kpu-banjar", tahap: 2, persen: 60,
                                                    jumlah: Rupiah(7_500_000_000), tanggal: tanggal,
                                                    sumber: "keuangan.kalselprov.go.id/hibah"))]
        }
        #expect(recorded == [.recorded, .recorded])
        let out = try h.run("/kesepakatan lihat K-1", as: "u-zainal")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("K-1 · Peta rawan konflik dilaporkan tiap triwulan"))
        #expect(out.text.contains("Status: disepakati"))
        #expect(out.text.contains("Pihak: Kesbangpol Kab. Banjar (@kesbangpol-banjar), KPU Kab. Banjar (@kpu-banjar)"))
        #expect(out.text.contains("Rakor: R-1 Rakor Kesbangpol se-Kalsel"))
        #expect(out.text.contains("Tahap 1 (40%) · KPU Kab. Banjar · Rp 5.000.000.000 · 15 Nov 2024"))
        #expect(out.text.contains("Tahap 2 (60%)"))
        #expect(out.text.contains("Jumlah dicairkan: Rp 12.500.000.000"))
        #expect(out.text.contains("status diubah: diusulkan → disepakati"))
        #expect(out.text.contains("Langkah berikutnya: /kesepakatan status K-1 berjalan"))
        let data = try #require(out.reply?.data)
        #expect(data["hibah"]?.arrayValue?.count == 2)
        #expect(data["hibah"]?[0]?["jumlah"] == .int(5_000_000_000))
        #expect(data["hibah_total"] == .int(12_500_000_000))
        #expect(data["riwayat"]?.arrayValue?.count == 2)

        let english = try h.run("/agreement show K-1", as: "u-heriansyah")
        #expect(english.text.contains("Stage 1 (40%)"), "\(english.text)")
        #expect(english.text.contains("Grant disbursements:"))

        #expect(try h.run("/kesepakatan lihat K-1", as: "u-sufian").code == .forbidden)
        #expect(try h.run("/kesepakatan lihat K-5", as: "u-heriansyah").code == .notFound)
    }

    // MARK: daftar

    @Test func listFiltersByMeetingOrganisationAndStatus() throws {
        let h = try seeded()
        #expect(try h.run(#"/kesepakatan baru "Tanpa rakor" pihak @kesbangpol-tanahbumbu"#, as: "u-heriansyah").ok)
        #expect(try h.run(#"/kesepakatan baru "Kaltim" pihak @kesbangpol-berau"#, as: "u-sufian").ok)
        #expect(try h.run("/kesepakatan status K-2 disepakati", as: "u-heriansyah").ok)

        let all = try h.run("/kesepakatan daftar", as: "u-heriansyah")
        #expect(all.ok, "\(all.text)")
        #expect(all.text.contains("K-1 [diusulkan] Peta rawan konflik"))
        #expect(all.text.contains("K-2 [disepakati] Tanpa rakor"))
        #expect(all.text.contains("(H-41)"))
        #expect(!all.text.contains("K-3"))
        #expect(all.reply?.data?["agreements"]?.arrayValue?.count == 2)

        let meeting = try h.run("/kesepakatan daftar R-1", as: "u-heriansyah")
        #expect(meeting.reply?.data?["agreements"]?.arrayValue?.count == 1)
        let org = try h.run("/kesepakatan daftar @kesbangpol-tanahbumbu", as: "u-heriansyah")
        #expect(org.reply?.data?["agreements"]?[0]?["id"] == "K-2")
        let status = try h.run("/kesepakatan daftar disepakati", as: "u-heriansyah")
        #expect(status.reply?.data?["agreements"]?.arrayValue?.count == 1)
        #expect(status.text.contains("Kesepakatan — disepakati"))
        let national = try h.run("/agreement list", as: "u-yasoaro")
        #expect(national.reply?.data?["agreements"]?.arrayValue?.count == 3)
        let banjar = try h.run("/kesepakatan daftar", as: "u-zainal")
        #expect(banjar.reply?.data?["agreements"]?.arrayValue?.count == 1)

        #expect(try h.run("/kesepakatan daftar @kesbangpol-berau", as: "u-heriansyah").code == .forbidden)
        #expect(try h.run("/kesepakatan daftar R-8", as: "u-heriansyah").code == .notFound)
        #expect(try h.run("/kesepakatan daftar entah", as: "u-heriansyah").code == .badArguments)
        let none = try h.run("/kesepakatan daftar batal", as: "u-heriansyah")
        #expect(none.text.contains("tidak ada kesepakatan"))
    }

    @Test func listIsPaged() throws {
        let h = try CommandHarness()
        for number in 1...11 {
            #expect(try h.run(#"/kesepakatan baru "Kesepakatan \#(number)" pihak @kpu-banjar"#, as: "u-heriansyah").ok)
        }
        let first = try h.run("/kesepakatan daftar @kpu-banjar", as: "u-heriansyah")
        #expect(first.text.contains("Halaman 1/2 (11 kesepakatan)"), "\(first.text)")
        #expect(first.text.contains("Berikutnya: /kesepakatan daftar @kpu-banjar halaman 2"))
        let second = try h.run("/kesepakatan daftar @kpu-banjar halaman 2", as: "u-heriansyah")
        #expect(second.reply?.data?["agreements"]?.arrayValue?.count == 1)
        #expect(second.reply?.data?["agreements"]?[0]?["id"] == "K-11")
    }
}

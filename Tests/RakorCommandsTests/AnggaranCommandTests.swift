import Foundation
import RakorCommands
import RakorCore
import RakorStore
import Testing

@Suite("/anggaran")
struct AnggaranCommandTests {
    /// Components KPU-03 and BWS-01 in Kalsel's decree.
    func seeded() throws -> CommandHarness {
        let h = try CommandHarness()
        try #require(try h.run(#"/anggaran item baru KPU-03 "Honor badan ad hoc""#, as: "u-heriansyah").ok)
        try #require(try h.run(#"/anggaran item baru BWS-01 "Pengawasan TPS""#, as: "u-heriansyah").ok)
        return h
    }

    func allocation(_ h: CommandHarness, _ kode: String, _ kabkota: String) throws -> Alokasi? {
        try h.store.readSync { try $0.anggaran.allocation(kode: kode, kabkota: kabkota) }
    }

    // MARK: item baru

    @Test func addsAComponentToTheSendersProvince() throws {
        let h = try CommandHarness()
        let out = try h.run(#"/anggaran item baru kpu-03 "Honor badan ad hoc""#, as: "u-heriansyah")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("Komponen KPU-03 dicatat di SK cost sharing provinsi 63"))
        #expect(out.reply?.data?["kode"] == "KPU-03")
        #expect(out.reply?.data?["provinsi"] == "63")
        #expect(out.dispatch.effects.audit.map(\.type) == ["rakor.budget.item_created"])
        #expect(out.dispatch.effects.audit.first?.subject == "budget/KPU-03")
        let item = try h.store.readSync { try $0.anggaran.item(provinsi: "63", kode: "KPU-03") }
        #expect(item?.uraian == "Honor badan ad hoc")
        #expect(item?.dibuatOleh == "u-heriansyah")

        // The same code in another province's decree is another component.
        #expect(try h.run(#"/budget item new KPU-03 "Ad hoc fees""#, as: "u-sufian").ok)
    }

    @Test func itemRefusals() throws {
        let h = try seeded()
        let duplicate = try h.run(#"/anggaran item baru KPU-03 "Lagi""#, as: "u-sarmuji")
        #expect(duplicate.code == .conflict)
        #expect(duplicate.text.contains("Honor badan ad hoc"))
        let regency = try h.run(#"/anggaran item baru X-1 "X""#, as: "u-fauzi")
        #expect(regency.code == .forbidden)
        let member = try h.run(#"/anggaran item baru X-1 "X""#, as: "u-wahyuni")
        #expect(member.code == .forbidden)
        let foreign = try h.run(#"/anggaran item baru X-1 "X" @kesbangpol-kalsel"#, as: "u-sufian")
        #expect(foreign.code == .forbidden)
        let badCode = try h.run(#"/anggaran item baru "KPU 03" "X""#, as: "u-heriansyah")
        #expect(badCode.code == .badArguments)
        let noText = try h.run("/anggaran item baru KPU-04", as: "u-heriansyah")
        #expect(noText.code == .badArguments)
        let national = try h.run(#"/anggaran item baru KPU-09 "Logistik""#, as: "u-bahtiar")
        #expect(national.code == .badArguments)
        #expect(national.text.contains("@kesbangpol-kalsel"))
        let named = try h.run(#"/anggaran item baru KPU-09 "Logistik" @kesbangpol-kalsel"#, as: "u-bahtiar")
        #expect(named.ok, "\(named.text)")
        #expect(named.reply?.data?["provinsi"] == "63")
    }

    // MARK: tetapkan

    @Test(arguments: ["Rp 1.250.000.000", "Rp1.250.000.000", "1250000000", "Rp. 1.250.000.000", "rp 1.250.000.000,-",
                      "1.250.000.000,00"])
    func acceptsTheWaysOfficialsWriteMoney(amount: String) throws {
        let h = try seeded()
        let out = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar provinsi \(amount)", as: "u-heriansyah")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("APBD provinsi Rp 1.250.000.000"))
        #expect(out.reply?.data?["jumlah_baru"] == .int(1_250_000_000))
        #expect(try allocation(h, "KPU-03", "kpu-banjar")?.jumlah == Rupiah(1_250_000_000))
    }

    @Test(arguments: ["Rp", "Rp 1,5 juta", "Rp 12.50.000", "Rp -5", "Rp 0", "Rp 99999999999999999999"])
    func refusesMalformedAmounts(amount: String) throws {
        let h = try seeded()
        let out = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar provinsi \(amount)", as: "u-heriansyah")
        #expect(out.code == .badArguments, "\(out.text)")
        #expect(try allocation(h, "KPU-03", "kpu-banjar") == nil)
    }

    @Test func oneLevelPerComponentAndRegencyWithHistory() throws {
        let h = try seeded()
        let first = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar provinsi Rp 1.250.000.000", as: "u-heriansyah")
        #expect(first.ok, "\(first.text)")
        #expect(first.text.contains("Ditetapkan: KPU-03 (Honor badan ad hoc) untuk KPU Kab. Banjar"))
        let audit = try #require(first.dispatch.effects.audit.first)
        #expect(audit.type == "rakor.budget.assigned")
        #expect(audit.subject == "budget/KPU-03/kpu-banjar")
        #expect(audit.data["jumlah_lama"] == JSONValue.null)
        #expect(audit.data["jumlah_baru"] == .int(1_250_000_000))
        #expect(audit.data["tingkat"] == "provinsi")

        let other = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar kabkota Rp 300.000.000", as: "u-heriansyah")
        #expect(other.code == .conflict)
        #expect(other.text.contains("sudah didanai APBD provinsi sebesar Rp 1.250.000.000"), "\(other.text)")
        let english = try h.run("/budget assign KPU-03 @kpu-banjar regency 300000000", as: "u-heriansyah")
        #expect(english.code == .conflict)
        #expect(english.text.contains("provincial APBD"), "\(english.text)")

        let update = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar provinsi Rp 1.400.000.000", as: "u-heriansyah")
        #expect(update.ok, "\(update.text)")
        #expect(update.text.contains("Sebelumnya Rp 1.250.000.000"))
        #expect(update.text.contains("2 perubahan"))
        #expect(update.dispatch.effects.audit.first?.data["jumlah_lama"] == .int(1_250_000_000))
        #expect(try allocation(h, "KPU-03", "kpu-banjar")?.jumlah == Rupiah(1_400_000_000))
        #expect(try allocation(h, "KPU-03", "kpu-banjar")?.tingkat == .provinsi)

        let unchanged = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar provinsi Rp 1.400.000.000", as: "u-heriansyah")
        #expect(unchanged.ok)
        #expect(unchanged.text.contains("Tidak ada perubahan"))
        #expect(unchanged.dispatch.effects.audit.isEmpty)
        #expect(unchanged.reply?.data?["changed"] == false)
        let history = try h.store.readSync { try $0.anggaran.history(kode: "KPU-03", kabkota: "kpu-banjar") }
        #expect(history.count == 2)

        // Another regency is free to choose its own level.
        #expect(try h.run("/anggaran tetapkan KPU-03 @kpu-tanahbumbu kabkota Rp 900.000.000", as: "u-heriansyah").ok)
    }

    @Test func aComponentIsFundedOncePerRegencyWhicheverOrganisationIsNamed() throws {
        let h = try seeded()
        #expect(try h.run("/anggaran tetapkan KPU-03 @kpu-banjar provinsi Rp 1.000.000", as: "u-heriansyah").ok)
        let twice = try h.run("/anggaran tetapkan KPU-03 @bpkad-banjar provinsi Rp 1.000.000", as: "u-heriansyah")
        #expect(twice.code == .conflict)
        #expect(twice.text.contains("@kpu-banjar"), "\(twice.text)")
    }

    @Test func assignRefusals() throws {
        let h = try seeded()
        let province = try h.run("/anggaran tetapkan KPU-03 @kpu-kalsel provinsi Rp 1", as: "u-heriansyah")
        #expect(province.code == .badArguments)
        #expect(province.text.contains("bukan organisasi kabupaten/kota"))
        let unknownItem = try h.run("/anggaran tetapkan KPU-99 @kpu-banjar provinsi Rp 1", as: "u-heriansyah")
        #expect(unknownItem.code == .notFound)
        let unknownOrg = try h.run("/anggaran tetapkan KPU-03 @kpu-nowhere provinsi Rp 1", as: "u-heriansyah")
        #expect(unknownOrg.code == .notFound)
        let badLevel = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar pusat Rp 1", as: "u-heriansyah")
        #expect(badLevel.code == .badArguments)
        let kaltim = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar provinsi Rp 1", as: "u-sufian")
        #expect(kaltim.code == .forbidden)
        let regency = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar kabkota Rp 1", as: "u-fauzi")
        #expect(regency.code == .forbidden)
        let supervisor = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar kabkota Rp 1", as: "u-iqbal")
        #expect(supervisor.code == .forbidden)
        // Kaltim's own regency: the component is not in Kaltim's decree.
        let notInDecree = try h.run("/anggaran tetapkan KPU-03 @kesbangpol-berau provinsi Rp 1", as: "u-sufian")
        #expect(notInDecree.code == .notFound)
        #expect(try allocation(h, "KPU-03", "kpu-banjar") == nil)
    }

    // MARK: rekap

    func funded() throws -> CommandHarness {
        let h = try seeded()
        for line in ["/anggaran tetapkan KPU-03 @kpu-banjar provinsi Rp 1.250.000.000",
                     "/anggaran tetapkan BWS-01 @bawaslu-banjar kabkota Rp 300.000.000",
                     "/anggaran tetapkan KPU-03 @kpu-tanahbumbu kabkota Rp 900.000.000"] {
            try #require(try h.run(line, as: "u-heriansyah").ok)
        }
        try #require(try h.run(#"/kesepakatan baru "NPHD KPU Banjar" pihak @kpu-banjar"#, as: "u-heriansyah").ok)
        let tanggal = try #require(LocalDate(iso: "2024-11-15"))
        let recorded = try h.store.writeSync { session in
            try session.hibah.record(PencairanHibah(eventID: "evt-1", kesepakatan: ItemID(.kesepakatan, 1),
                                                    kabkota: "kpu-banjar", tahap: 1, persen: 40,
                                                    jumlah: Rupiah(500_000_000), tanggal: tanggal, sumber: "bpkad"))
        }
        try #require(recorded == .recorded)
        return h
    }

    @Test func provinceSummaryPerRecipientAndLevel() throws {
        let h = try funded()
        let out = try h.run("/anggaran rekap", as: "u-heriansyah")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("Rekap anggaran provinsi 63"))
        #expect(out.text.contains("KPU Kab. Banjar (@kpu-banjar)"))
        #expect(out.text.contains("APBD provinsi Rp 1.250.000.000 · APBD kab/kota Rp 0"))
        #expect(out.text.contains("hibah dicairkan Rp 500.000.000 (1 tahap)"))
        #expect(out.text.contains("Total APBD provinsi: Rp 1.250.000.000"))
        #expect(out.text.contains("Total APBD kab/kota: Rp 1.200.000.000"))
        #expect(out.text.contains("Total seluruhnya: Rp 2.450.000.000"))
        #expect(out.text.contains("Total hibah dicairkan: Rp 500.000.000"))
        let data = try #require(out.reply?.data)
        #expect(data["total_provinsi"] == .int(1_250_000_000))
        #expect(data["total_kabkota"] == .int(1_200_000_000))
        #expect(data["total"] == .int(2_450_000_000))
        #expect(data["hibah_total"] == .int(500_000_000))
        #expect(data["rows"]?.arrayValue?.map { $0["kabkota"] } == ["bawaslu-banjar", "kpu-banjar", "kpu-tanahbumbu"])
    }

    @Test func regencySummaryListsComponents() throws {
        let h = try funded()
        let out = try h.run("/anggaran rekap @kpu-banjar", as: "u-iqbal")
        #expect(out.ok, "\(out.text)")
        #expect(out.text.contains("Rekap anggaran kab/kota 63.03"))
        #expect(out.text.contains("KPU-03 Honor badan ad hoc: APBD provinsi Rp 1.250.000.000"))
        #expect(out.text.contains("BWS-01 Pengawasan TPS: APBD kab/kota Rp 300.000.000"))
        #expect(!out.text.contains("Tanah Bumbu"))
        #expect(out.reply?.data?["total"] == .int(1_550_000_000))

        // A regency member sees its own regency by default, in English if asked.
        let member = try h.run("/budget summary", as: "u-mutallib", lang: .en)
        #expect(member.text.contains("Budget summary for regency 63.03"), "\(member.text)")
        #expect(member.text.contains("Grand total: Rp 1.550.000.000"))
        #expect(!member.text.contains("kpu-tanahbumbu"))
    }

    @Test func summaryRefusalsAndEmptyState() throws {
        let h = try funded()
        #expect(try h.run("/anggaran rekap @kpu-banjar", as: "u-sufian").code == .forbidden)
        #expect(try h.run("/anggaran rekap @kpu-tanahbumbu", as: "u-zainal").code == .forbidden)
        #expect(try h.run("/anggaran rekap @nowhere", as: "u-heriansyah").code == .notFound)
        #expect(try h.run("/anggaran rekap @kemendagri-polpum", as: "u-yasoaro").code == .badArguments)
        let kaltim = try h.run("/anggaran rekap", as: "u-sufian")
        #expect(kaltim.ok)
        #expect(kaltim.text.contains("Belum ada pendanaan"))
        let national = try h.run("/anggaran rekap", as: "u-yasoaro")
        #expect(national.text.contains("semua provinsi"))
        #expect(national.reply?.data?["total"] == .int(2_450_000_000))
    }
}

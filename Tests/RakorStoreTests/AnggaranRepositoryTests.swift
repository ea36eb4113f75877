import Foundation
import RakorCore
import Testing
@testable import RakorStore

@Suite struct AnggaranRepositoryTests {
    private func item(_ kode: String, provinsi: String = "63") -> AnggaranItem {
        AnggaranItem(kode: kode, uraian: "Honor badan ad hoc \(kode)", provinsi: provinsi, dibuatOleh: "u-bpkad",
                     dibuatPada: t0)
    }

    private func alokasi(_ kode: String, _ kabkota: String, _ tingkat: TingkatAPBD, _ amount: Int64,
                         at offset: TimeInterval = 0) -> Alokasi {
        Alokasi(kode: kode, kabkota: kabkota, tingkat: tingkat, jumlah: Rupiah(amount), olehUser: "u-bpkad",
                pada: at(offset))
    }

    @Test func itemsAreUniquePerProvinceAndCode() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            #expect(try session.anggaran.insertItem(item("KPU-03")))
            #expect(try session.anggaran.insertItem(item("KPU-03")) == false)
            // The same code in another province's decree is another item.
            #expect(try session.anggaran.insertItem(item("KPU-03", provinsi: "64")))
            #expect(try session.anggaran.insertItem(item("KPU-01")))
            #expect(try session.anggaran.item(provinsi: "63", kode: "KPU-03") == item("KPU-03"))
            #expect(try session.anggaran.item(provinsi: "65", kode: "KPU-03") == nil)
            #expect(try session.anggaran.items(provinsi: "63").map(\.kode) == ["KPU-01", "KPU-03"])
        }
    }

    @Test func assigningRecordsHistoryAndRefusesTheOtherLevel() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            try session.anggaran.insertItem(item("KPU-03"))
            #expect(try session.anggaran.assign(alokasi("KPU-03", "kab-6371", .provinsi, 1_000_000), provinsi: "63") == nil)
            #expect(try session.anggaran.assign(alokasi("KPU-03", "kab-6371", .provinsi, 1_250_000, at: 60), provinsi: "63")
                    == Rupiah(1_000_000))
            #expect(try session.anggaran.allocation(kode: "KPU-03", kabkota: "kab-6371")
                    == alokasi("KPU-03", "kab-6371", .provinsi, 1_250_000, at: 60))
            let refused = alokasi("KPU-03", "kab-6371", .kabkota, 5)
            #expect(throws: StoreError.allocationLevelConflict(existing: alokasi("KPU-03", "kab-6371", .provinsi, 1_250_000, at: 60))) {
                try session.anggaran.assign(refused, provinsi: "63")
            }
            #expect(try session.anggaran.history(kode: "KPU-03", kabkota: "kab-6371") == [
                AlokasiPerubahan(kode: "KPU-03", kabkota: "kab-6371", tingkat: .provinsi, jumlahLama: nil,
                                 jumlahBaru: Rupiah(1_000_000), olehUser: "u-bpkad", pada: t0),
                AlokasiPerubahan(kode: "KPU-03", kabkota: "kab-6371", tingkat: .provinsi, jumlahLama: Rupiah(1_000_000),
                                 jumlahBaru: Rupiah(1_250_000), olehUser: "u-bpkad", pada: at(60)),
            ])
            // An unknown component is refused by the foreign key.
            #expect(throws: StoreError.self) {
                try session.anggaran.assign(alokasi("KPU-99", "kab-6371", .provinsi, 1), provinsi: "63")
            }
            #expect(throws: StoreError.self) {
                try session.anggaran.assign(alokasi("KPU-03", "kab-6371", .provinsi, -1), provinsi: "63")
            }
        }
    }

    @Test func summarySumsPerRegencyAndLevel() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            for kode in ["KPU-01", "KPU-02", "BWS-01"] { try session.anggaran.insertItem(item(kode)) }
            try session.anggaran.insertItem(item("KPU-01", provinsi: "64"))
            try session.anggaran.assign(alokasi("KPU-01", "kab-6371", .provinsi, 1_250_000_000), provinsi: "63")
            try session.anggaran.assign(alokasi("KPU-02", "kab-6371", .provinsi, 750_000_000), provinsi: "63")
            try session.anggaran.assign(alokasi("BWS-01", "kab-6371", .kabkota, 500_000_000), provinsi: "63")
            try session.anggaran.assign(alokasi("KPU-01", "kab-6372", .kabkota, 300_000_000), provinsi: "63")
            try session.anggaran.assign(alokasi("KPU-01", "kab-6471", .provinsi, 999), provinsi: "64")
        }
        try store.readSync { session throws in
            let province = try session.anggaran.summary(provinsi: "63")
            #expect(province.baris == [
                AnggaranRekapBaris(kabkota: "kab-6371", apbdProvinsi: Rupiah(2_000_000_000), apbdKabkota: Rupiah(500_000_000),
                                   total: Rupiah(2_500_000_000), komponen: 3),
                AnggaranRekapBaris(kabkota: "kab-6372", apbdProvinsi: .zero, apbdKabkota: Rupiah(300_000_000),
                                   total: Rupiah(300_000_000), komponen: 1),
            ])
            #expect(province.totalProvinsi == Rupiah(2_000_000_000))
            #expect(province.totalProvinsi.description == "Rp 2.000.000.000")
            #expect(province.total(.kabkota) == Rupiah(800_000_000))
            #expect(province.total == Rupiah(2_800_000_000))

            let regency = try session.anggaran.summary(kabkota: "kab-6371")
            #expect(regency.baris.count == 1)
            #expect(regency.totalProvinsi == Rupiah(2_000_000_000))
            #expect(regency.totalKabkota == Rupiah(500_000_000))
            #expect(regency.total == Rupiah(2_500_000_000))

            let empty = try session.anggaran.summary(kabkota: "kab-0000")
            #expect(empty.baris.isEmpty)
            #expect(empty.total == .zero)
            #expect(try session.anggaran.allocations(kabkota: "kab-6371").map(\.kode) == ["BWS-01", "KPU-01", "KPU-02"])
        }
    }

    @Test func sumsThatOverflowAreErrorsNotWrappedTotals() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            try session.anggaran.insertItem(item("A"))
            try session.anggaran.insertItem(item("B"))
            try session.anggaran.assign(alokasi("A", "kab-1", .provinsi, Int64.max), provinsi: "63")
            try session.anggaran.assign(alokasi("B", "kab-1", .provinsi, 1), provinsi: "63")
            #expect(throws: StoreError.overflow("integer overflow")) { try session.anggaran.summary(provinsi: "63") }
        }
    }
}

import Foundation
import RakorCore
import Testing
@testable import RakorStore

@Suite struct HibahRepositoryTests {
    private func pencairan(_ event: String, _ agreement: ItemID, _ kabkota: String, tahap: Int,
                           _ amount: Int64) -> PencairanHibah {
        PencairanHibah(eventID: event, kesepakatan: agreement, kabkota: kabkota, tahap: tahap, persen: 40,
                       jumlah: Rupiah(amount), tanggal: day("2024-06-1\(tahap)"), sumber: "bpkad-63")
    }

    @Test func disbursementsAreRecordedOncePerEventAndStage() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            let agreement = try session.kesepakatan.insert(rakor: nil, isi: "NPHD", pihak: ["kpu-6371"], tenggat: nil,
                                                           dibuatOleh: "u", dibuatOlehOrg: "o", dibuatPada: t0)
            let first = pencairan("evt-1", agreement.id, "kab-6371", tahap: 1, 4_000_000_000)
            #expect(try session.hibah.record(first) == .recorded)
            #expect(try session.hibah.record(first) == .duplicateEvent)
            let sameStage = pencairan("evt-2", agreement.id, "kab-6371", tahap: 1, 1)
            #expect(try session.hibah.record(sameStage) == .stageAlreadyPaid(first))
            let second = pencairan("evt-3", agreement.id, "kab-6371", tahap: 2, 6_000_000_000)
            #expect(try session.hibah.record(second) == .recorded)
            #expect(try session.hibah.list(kesepakatan: agreement.id) == [first, second])
            #expect(try session.hibah.find(eventID: "evt-3") == second)
            #expect(try session.hibah.find(eventID: "evt-2") == nil)
            // The agreement must exist.
            #expect(throws: StoreError.self) {
                try session.hibah.record(pencairan("evt-9", ItemID(.kesepakatan, 42), "kab-6371", tahap: 1, 1))
            }
        }
    }

    @Test func totalsPerRegencyAreSummedExactly() throws {
        let store = try RakorStore.inMemory()
        let totals = try store.writeSync { session throws -> ([HibahTotal], [HibahTotal]) in
            let k1 = try session.kesepakatan.insert(rakor: nil, isi: "a", pihak: [], tenggat: nil, dibuatOleh: "u",
                                                    dibuatOlehOrg: "o", dibuatPada: t0)
            let k2 = try session.kesepakatan.insert(rakor: nil, isi: "b", pihak: [], tenggat: nil, dibuatOleh: "u",
                                                    dibuatOlehOrg: "o", dibuatPada: t0)
            _ = try session.hibah.record(pencairan("e1", k1.id, "kab-6371", tahap: 1, 1_250_000_000))
            _ = try session.hibah.record(pencairan("e2", k2.id, "kab-6371", tahap: 1, 750_000_000))
            _ = try session.hibah.record(pencairan("e3", k1.id, "kab-6372", tahap: 1, 300_000_000))
            return (try session.hibah.totals(), try session.hibah.totals(kabkota: .one("kab-6372")))
        }
        #expect(totals.0 == [HibahTotal(kabkota: "kab-6371", jumlah: Rupiah(2_000_000_000), count: 2),
                             HibahTotal(kabkota: "kab-6372", jumlah: Rupiah(300_000_000), count: 1)])
        #expect(totals.1 == [HibahTotal(kabkota: "kab-6372", jumlah: Rupiah(300_000_000), count: 1)])
    }
}

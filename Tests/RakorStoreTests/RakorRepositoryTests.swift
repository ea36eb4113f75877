import Foundation
import RakorCore
import Testing
@testable import RakorStore

@Suite struct RakorRepositoryTests {
    @Test func insertAssignsSequentialNumbersAndFindReturnsEveryField() throws {
        let store = try RakorStore.inMemory()
        let (first, second) = try store.writeSync { session throws in
            (try seedRakor(session, judul: "Rakor Pilkada Kalsel"),
             try session.rakor.insert(judul: "Rakor anggaran", tanggal: day("2024-08-01"), tempat: nil,
                                      penyelenggara: "bpkad-63", dibuatOleh: "u-sekda", dibuatPada: at(60)))
        }
        #expect(first.id == ItemID(.rakor, 1))
        #expect(second.id == ItemID(.rakor, 2))
        try store.readSync { session throws in
            #expect(try session.rakor.find(first.id) == first)
            #expect(try session.rakor.find(second.id) == second)
            #expect(try session.rakor.find(second.id)?.tempat == nil)
            #expect(try session.rakor.find(ItemID(.rakor, 3)) == nil)
            #expect(try session.rakor.find(ItemID(.tugas, 1)) == nil)
        }
    }

    @Test func listFiltersByOrganiserNewestFirstWithTotals() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            for (index, org) in ["kesbangpol-63", "kpu-63", "kesbangpol-63", "bawaslu-63", "kesbangpol-63"].enumerated() {
                _ = try session.rakor.insert(judul: "R\(index + 1)", tanggal: day("2024-0\(index + 1)-15"), tempat: nil,
                                             penyelenggara: org, dibuatOleh: "u", dibuatPada: t0)
            }
        }
        try store.readSync { session throws in
            let all = try session.rakor.list(page: PageRequest(limit: 2))
            #expect(all.total == 5)
            #expect(all.items.map(\.judul) == ["R5", "R4"])
            #expect(all.pageCount == 3)
            let kesbangpol = try session.rakor.list(penyelenggara: .one("kesbangpol-63"), page: .page(2, size: 2))
            #expect(kesbangpol.total == 3)
            #expect(kesbangpol.items.map(\.judul) == ["R1"])
            #expect(kesbangpol.number == 2)
            let two = try session.rakor.list(penyelenggara: .anyOf(["kpu-63", "bawaslu-63"]))
            #expect(two.items.map(\.judul) == ["R4", "R2"])
            #expect(try session.rakor.list(penyelenggara: .anyOf([])).total == 0)
        }
    }
}

import Foundation
import RakorCore
import Testing
@testable import RakorStore

@Suite struct KesepakatanRepositoryTests {
    @Test func insertKeepsPartiesInOrderOnceAndFindReturnsEverything() throws {
        let store = try RakorStore.inMemory()
        let agreement = try store.writeSync { session throws in
            let rakor = try seedRakor(session)
            return try session.kesepakatan.insert(
                rakor: rakor.id, isi: "Kesbangpol kab/kota melaporkan peta konflik sosial tiap triwulan",
                pihak: ["kesbangpol-6371", "kesbangpol-6372", "kesbangpol-6371", "kesbangpol-63"],
                tenggat: day("2024-12-31"), dibuatOleh: "u-heriansyah", dibuatOlehOrg: "kesbangpol-63", dibuatPada: t0)
        }
        #expect(agreement.id == ItemID(.kesepakatan, 1))
        #expect(agreement.pihak == ["kesbangpol-6371", "kesbangpol-6372", "kesbangpol-63"])
        #expect(agreement.status == .diusulkan)
        try store.readSync { session throws in
            #expect(try session.kesepakatan.find(agreement.id) == agreement)
            #expect(try session.kesepakatan.find(ItemID(.kesepakatan, 2)) == nil)
            #expect(try session.kesepakatan.find(ItemID(.tugas, 1)) == nil)
        }
    }

    @Test func agreementWithoutMeetingOrPartiesOrDueDate() throws {
        let store = try RakorStore.inMemory()
        let agreement = try store.writeSync { session throws in
            try session.kesepakatan.insert(rakor: nil, isi: "isi", pihak: [], tenggat: nil, dibuatOleh: "u",
                                           dibuatOlehOrg: "o", dibuatPada: t0)
        }
        #expect(try store.readSync { try $0.kesepakatan.find(agreement.id) } == agreement)
    }

    @Test func statusAndHistory() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            let agreement = try session.kesepakatan.insert(rakor: nil, isi: "isi", pihak: ["a"], tenggat: nil,
                                                           dibuatOleh: "u", dibuatOlehOrg: "o", dibuatPada: t0)
            #expect(try session.kesepakatan.updateStatus(agreement.id, to: .disepakati))
            #expect(try session.kesepakatan.find(agreement.id)?.status == .disepakati)
            #expect(try session.kesepakatan.updateStatus(ItemID(.kesepakatan, 9), to: .batal) == false)
            let lines = [Riwayat(pada: t0, oleh: "u", aksi: "dibuat"),
                         Riwayat(pada: at(5), oleh: "u", aksi: "status", keterangan: "diusulkan → disepakati")]
            for line in lines { try session.kesepakatan.appendHistory(agreement.id, line) }
            #expect(try session.kesepakatan.history(of: agreement.id) == lines)
            #expect(try session.kesepakatan.history(of: ItemID(.tugas, 1)).isEmpty)
        }
    }

    @Test func listByMeetingPartyAndStatusWithCounts() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            let r1 = try seedRakor(session, judul: "R1")
            let r2 = try seedRakor(session, judul: "R2")
            let specs: [(ItemID?, [String], KesepakatanStatus)] = [
                (r1.id, ["a", "b"], .diusulkan),   // K-1
                (r1.id, ["b"], .disepakati),       // K-2
                (r2.id, ["c"], .berjalan),         // K-3
                (nil, ["a", "c"], .batal),         // K-4
                (r2.id, ["a"], .disepakati),       // K-5
            ]
            for (rakor, pihak, status) in specs {
                _ = try session.kesepakatan.insert(rakor: rakor, isi: "isi", pihak: pihak, tenggat: nil, status: status,
                                                   dibuatOleh: "u", dibuatOlehOrg: "o", dibuatPada: t0)
            }
        }
        try store.readSync { session throws in
            func ids(_ filter: KesepakatanFilter, _ page: PageRequest = PageRequest()) throws -> [Int64] {
                try session.kesepakatan.list(filter, page: page).items.map(\.id.number)
            }
            #expect(try ids(KesepakatanFilter()) == [1, 2, 3, 4, 5])
            #expect(try ids(KesepakatanFilter(rakor: ItemID(.rakor, 1))) == [1, 2])
            #expect(try ids(KesepakatanFilter(pihak: .one("a"))) == [1, 4, 5])
            #expect(try ids(KesepakatanFilter(pihak: .anyOf(["b", "c"]))) == [1, 2, 3, 4])
            #expect(try ids(KesepakatanFilter(status: [.disepakati])) == [2, 5])
            #expect(try ids(KesepakatanFilter(rakor: ItemID(.rakor, 2), pihak: .one("a"), status: [.disepakati])) == [5])
            #expect(try ids(KesepakatanFilter(pihak: .anyOf([]))) == [])
            #expect(try ids(KesepakatanFilter(status: [])) == [])
            let page = try session.kesepakatan.list(KesepakatanFilter(pihak: .one("a")), page: .page(2, size: 2))
            #expect(page.items.map(\.id.number) == [5])
            #expect(page.items.first?.pihak == ["a"])
            #expect(page.total == 3)
            #expect(page.pageCount == 2)
            #expect(try session.kesepakatan.count(KesepakatanFilter(pihak: .one("c"))) == 2)
            #expect(try session.kesepakatan.count(KesepakatanFilter(status: [.batal, .berjalan])) == 2)
            let listed = try session.kesepakatan.list(KesepakatanFilter(rakor: ItemID(.rakor, 1)))
            #expect(listed.items.map(\.pihak) == [["a", "b"], ["b"]])
        }
    }
}

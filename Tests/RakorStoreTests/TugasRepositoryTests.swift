import Foundation
import RakorCore
import Testing
@testable import RakorStore

@Suite struct TugasRepositoryTests {
    @Test func numbersAreSequentialAndEveryFieldRoundTrips() throws {
        let store = try RakorStore.inMemory()
        let tasks = try store.writeSync { session throws -> [Tugas] in
            let rakor = try seedRakor(session)
            return [
                try seedTugas(session, "Peta konflik", org: "kesbangpol-6371", due: "2024-12-31", rakor: rakor.id),
                try session.tugas.insert(judul: "Laporan", untukOrg: "kpu-6372", olehUser: "u-a", olehOrg: "kesbangpol-63",
                                         tenggat: day("2025-01-15"), status: .selesai, dibuatPada: at(1),
                                         ditutupPada: at(2), catatan: "sudah"),
                try seedTugas(session, "Ketiga", org: "kpu-6372", due: "2025-02-01"),
            ]
        }
        #expect(tasks.map(\.id.description) == ["T-1", "T-2", "T-3"])
        try store.readSync { session throws in
            for task in tasks {
                #expect(try session.tugas.find(task.id) == task)
            }
            #expect(try session.tugas.find(tasks[0].id)?.rakor == ItemID(.rakor, 1))
            #expect(try session.tugas.find(ItemID(.tugas, 4)) == nil)
            #expect(try session.tugas.find(ItemID(.kesepakatan, 1)) == nil)
        }
    }

    @Test func wrongKindReferencesAreInvalidArguments() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            _ = #expect(throws: StoreError.invalidArgument("rakor must be a R-n id, got T-1")) {
                try seedTugas(session, "x", org: "a", due: "2024-12-01", rakor: ItemID(.tugas, 1))
            }
        }
    }

    @Test func statusAssigneeNoteAndClosingAreUpdated() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            let task = try seedTugas(session, "Peta", org: "kesbangpol-6371", due: "2024-12-31")
            #expect(try session.tugas.reassign(task.id, to: "kesbangpol-6372"))
            #expect(try session.tugas.setStatus(task.id, .selesai, ditutupPada: at(3600), catatan: "terkirim"))
            var found = try #require(try session.tugas.find(task.id))
            #expect(found.untukOrg == "kesbangpol-6372")
            #expect(found.status == .selesai)
            #expect(found.ditutupPada == at(3600))
            #expect(found.catatan == "terkirim")
            // A nil note keeps the note.
            #expect(try session.tugas.setStatus(task.id, .batal, ditutupPada: at(7200)))
            #expect(try session.tugas.find(task.id)?.catatan == "terkirim")
            // update writes the mutable fields.
            found.judul = "Peta konflik sosial"
            found.tenggat = day("2025-01-31")
            found.status = .terbuka
            found.ditutupPada = nil
            found.catatan = nil
            #expect(try session.tugas.update(found))
            #expect(try session.tugas.find(task.id) == found)
            // Unknown tasks report false.
            #expect(try session.tugas.reassign(ItemID(.tugas, 99), to: "x") == false)
            #expect(try session.tugas.setStatus(ItemID(.tugas, 99), .selesai, ditutupPada: t0) == false)
            var ghost = found
            ghost.id = ItemID(.tugas, 99)
            #expect(try session.tugas.update(ghost) == false)
        }
    }

    @Test func historyIsAppendedAndReadInOrder() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            let task = try seedTugas(session, "Peta", org: "a", due: "2024-12-31")
            let other = try seedTugas(session, "Lain", org: "a", due: "2024-12-31")
            let lines = [
                Riwayat(pada: t0, oleh: "u-heriansyah", aksi: "dibuat"),
                Riwayat(pada: at(60), oleh: "u-heriansyah", aksi: "dialihkan", keterangan: "a → b"),
                Riwayat(pada: at(120), oleh: "u-b", aksi: "selesai", keterangan: "terkirim"),
            ]
            for line in lines { try session.tugas.appendHistory(task.id, line) }
            try session.tugas.appendHistory(other.id, Riwayat(pada: t0, oleh: "u", aksi: "dibuat"))
            #expect(try session.tugas.history(of: task.id) == lines)
            #expect(try session.tugas.history(of: other.id).count == 1)
            #expect(try session.tugas.history(of: ItemID(.tugas, 50)).isEmpty)
            #expect(throws: StoreError.self) {
                try session.tugas.appendHistory(ItemID(.tugas, 50), lines[0])
            }
        }
    }

    /// 12 tasks over 3 orgs and 3 statuses, due on distinct days.
    private func seededStore() throws -> RakorStore {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            let rakor = try seedRakor(session)
            let orgs = ["kesbangpol-6371", "kesbangpol-6372", "kpu-63"]
            let statuses: [TugasStatus] = [.terbuka, .terbuka, .selesai, .batal]
            for index in 0..<12 {
                // Due dates descend, so number order and due order differ.
                let due = day("2024-12-31").adding(days: -index)
                _ = try session.tugas.insert(judul: "t\(index + 1)", untukOrg: orgs[index % 3], olehUser: "u",
                                             olehOrg: "kesbangpol-63", tenggat: due,
                                             rakor: index < 4 ? rakor.id : nil, status: statuses[index % 4],
                                             dibuatPada: t0)
            }
        }
        return store
    }

    @Test func listFiltersOrdersByDueDateAndPagesWithCounts() throws {
        let store = try seededStore()
        try store.readSync { session throws in
            let all = try session.tugas.list(TugasFilter(), page: PageRequest(limit: 5))
            #expect(all.total == 12)
            #expect(all.items.map(\.judul) == ["t12", "t11", "t10", "t9", "t8"])
            #expect(all.pageCount == 3)
            #expect(all.hasNext)
            let last = try session.tugas.list(TugasFilter(), page: .page(3, size: 5))
            #expect(last.items.map(\.judul) == ["t2", "t1"])
            #expect(last.number == 3)
            #expect(last.hasNext == false)
            let beyond = try session.tugas.list(TugasFilter(), page: .page(9, size: 5))
            #expect(beyond.items.isEmpty)
            #expect(beyond.total == 12)

            // One org: t1, t4, t7, t10.
            let one = try session.tugas.list(TugasFilter(org: .one("kesbangpol-6371")))
            #expect(one.items.map(\.judul) == ["t10", "t7", "t4", "t1"])
            // Open tasks (index % 4 in 0, 1): t1 t2 t5 t6 t9 t10.
            let open = try session.tugas.list(.open(.all))
            #expect(open.items.map(\.judul) == ["t10", "t9", "t6", "t5", "t2", "t1"])
            // Org set and status set together.
            let mixed = TugasFilter(org: .anyOf(["kesbangpol-6371", "kpu-63"]), status: [.terbuka, .batal])
            #expect(try session.tugas.list(mixed).items.map(\.judul) == ["t12", "t10", "t9", "t6", "t4", "t1"])
            #expect(try session.tugas.count(mixed) == 6)
            let openOfTwo = TugasFilter(org: .anyOf(["kesbangpol-6371", "kpu-63"]), status: [.terbuka])
            #expect(try session.tugas.list(openOfTwo).items.map(\.judul) == ["t10", "t9", "t6", "t1"])
            #expect(try session.tugas.count(openOfTwo) == 4)
            // A set of one behaves like one.
            #expect(try session.tugas.count(TugasFilter(org: .anyOf(["kpu-63"]))) == 4)
            // All statuses is no filter.
            #expect(try session.tugas.count(TugasFilter(status: Set(TugasStatus.allCases))) == 12)
            // Empty sets match nothing.
            #expect(try session.tugas.count(TugasFilter(org: .anyOf([]))) == 0)
            #expect(try session.tugas.list(TugasFilter(status: [])).items.isEmpty)
            // Tasks of a meeting.
            #expect(try session.tugas.list(TugasFilter(rakor: ItemID(.rakor, 1))).items.map(\.judul)
                    == ["t4", "t3", "t2", "t1"])
            #expect(try session.tugas.count(TugasFilter(org: .one("kpu-63"), status: [.selesai])) == 1)
        }
    }

    @Test func orgIDsWithQuotesAndBackslashesAreMatchedExactly() throws {
        let store = try RakorStore.inMemory()
        let odd = ["org \"quoted\"", "back\\slash", "tab\there", "ünï"]
        try store.writeSync { session throws in
            for (index, org) in odd.enumerated() {
                _ = try seedTugas(session, "t\(index)", org: org, due: "2024-12-0\(index + 1)")
            }
        }
        let found = try store.readSync { session throws in
            try session.tugas.list(TugasFilter(org: .anyOf(Set(odd + ["other"])))).items.map(\.untukOrg)
        }
        #expect(found == odd)
    }

    @Test func openTasksOfAnOrgAndOpenTasksDueInARange() throws {
        let store = try seededStore()
        try store.readSync { session throws in
            // kesbangpol-6371 has t1 (open), t4 (batal), t7 (selesai), t10 (open).
            #expect(try session.tugas.openTasks(of: "kesbangpol-6371").items.map(\.judul) == ["t10", "t1"])
            // Due 2024-12-22 … 2024-12-28 is t4…t10; the open ones are t5, t6, t9, t10.
            let due = try session.tugas.openTasksDue(from: day("2024-12-22"), through: day("2024-12-28"))
            #expect(due.map(\.judul) == ["t10", "t9", "t6", "t5"])
            // Keyset paging through the same range.
            let firstTwo = try session.tugas.openTasksDue(from: day("2024-12-22"), through: day("2024-12-28"), limit: 2)
            let lastOne = try #require(firstTwo.last)
            let rest = try session.tugas.openTasksDue(from: day("2024-12-22"), through: day("2024-12-28"),
                                                      after: lastOne, limit: 2)
            #expect(firstTwo.map(\.judul) == ["t10", "t9"])
            #expect(rest.map(\.judul) == ["t6", "t5"])
            #expect(throws: StoreError.self) {
                try session.tugas.openTasksDue(from: day("2024-12-22"), through: day("2024-12-28"), limit: 0)
            }
        }
    }

    @Test func keysetPagingBreaksTiesOnSameDueDateByNumber() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            for index in 1...5 { _ = try seedTugas(session, "same\(index)", org: "a", due: "2024-12-01") }
        }
        try store.readSync { session throws in
            var seen: [String] = []
            var after: Tugas?
            repeat {
                let page = try session.tugas.openTasksDue(from: day("2024-12-01"), through: day("2024-12-01"),
                                                          after: after, limit: 2)
                seen += page.map(\.judul)
                after = page.count == 2 ? page.last : nil
            } while after != nil
            #expect(seen == ["same1", "same2", "same3", "same4", "same5"])
        }
    }
}

import Foundation
import RakorCore
import Testing
@testable import RakorStore

@Suite struct PagingTests {
    @Test func pageRequestsAreClampedAndNumbered() {
        #expect(PageRequest(limit: 0, offset: -5) == PageRequest(limit: 1, offset: 0))
        #expect(PageRequest(limit: 5000).limit == PageRequest.maxLimit)
        #expect(PageRequest.page(3, size: 10) == PageRequest(limit: 10, offset: 20))
        #expect(PageRequest.page(0, size: 10).offset == 0)
        #expect(PageRequest.page(Int.max, size: 1000).offset > 0)
    }

    @Test func pageArithmetic() {
        let page = Page(items: [1, 2], total: 12, request: .page(2, size: 5))
        #expect(page.number == 2)
        #expect(page.pageCount == 3)
        #expect(page.hasNext)
        let empty = Page<Int>(items: [], total: 0, request: PageRequest())
        #expect(empty.pageCount == 1)
        #expect(empty.hasNext == false)
        let exact = Page(items: [1, 2, 3, 4, 5], total: 10, request: .page(2, size: 5))
        #expect(exact.pageCount == 2)
        #expect(exact.hasNext == false)
    }

    @Test func orgFilterNormalisation() {
        #expect(OrgFilter.anyOf(["a"]).normalized == .one("a"))
        #expect(OrgFilter.anyOf(["a", "b"]).normalized == .anyOf(["a", "b"]))
        #expect(OrgFilter.anyOf([]).matchesNothing)
        #expect(OrgFilter.all.matchesNothing == false)
    }
}

@Suite struct SQLListTests {
    @Test func chunksCoverEveryValueInBuckets() {
        let chunks = SQLList.chunks(count: 1103)
        #expect(chunks.map(\.range) == [0..<500, 500..<1000, 1000..<1103])
        #expect(chunks.map(\.bucket) == [500, 500, 500])
        #expect(SQLList.chunks(count: 3).map(\.bucket) == [8])
        #expect(SQLList.chunks(count: 0).isEmpty)
        #expect(SQLList.bucket(for: 1) == 1)
        #expect(SQLList.bucket(for: 8) == 8)
        #expect(SQLList.bucket(for: 65) == 500)
        #expect(SQLList.placeholders(3) == "?,?,?")
    }

    @Test func jsonArraysEscapeWhatJSONRequires() {
        #expect(SQLList.jsonArray(["a", "b\"c", "d\\e", "f\ng", "\u{1}"]) == #"["a","b\"c","d\\e","f\ng","\u0001"]"#)
        #expect(SQLList.jsonArray([String]()) == "[]")
    }
}

@Suite struct StoreErrorTests {
    @Test func descriptionsNameTheProblem() {
        #expect(StoreError.constraint("UNIQUE constraint failed: ledger.key").description.contains("ledger.key"))
        #expect(StoreError.schemaTooNew(unknownMigrations: ["v9"]).description.contains("v9"))
        let existing = Alokasi(kode: "KPU-03", kabkota: "kab-6371", tingkat: .provinsi, jumlah: Rupiah(1), olehUser: "u", pada: t0)
        #expect(StoreError.allocationLevelConflict(existing: existing).description.contains("provinsi"))
    }

    @Test func constraintFailuresAreMappedToTheirOwnCase() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            do {
                try session.tugas.appendHistory(ItemID(.tugas, 1), Riwayat(pada: t0, oleh: "u", aksi: "x"))
                Issue.record("a history line for a missing task must be refused")
            } catch StoreError.constraint(let message) {
                #expect(message.contains("FOREIGN KEY"))
            }
        }
    }

    @Test func anUndecodableStoredValueIsACorruptValueError() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            let task = try seedTugas(session, "x", org: "a", due: "2024-12-01")
            // Bypass the CHECK to simulate damage from outside.
            try session.db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try session.db.execute(sql: "UPDATE tugas SET status = 'hilang' WHERE id = 1")
            #expect(throws: StoreError.corruptValue(table: "tugas", column: "status", value: "hilang")) {
                try session.tugas.find(task.id)
            }
            try session.db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
        }
    }
}

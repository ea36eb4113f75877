import Foundation
import RakorCore
import Testing
@testable import RakorStore

@Suite struct TugasSeriTests {
    @Test func aRecurringTaskStartsItsOwnSeries() throws {
        let store = try RakorStore.inMemory()
        let task = try store.writeSync { session throws in
            _ = try seedTugas(session, "biasa", org: "a", due: "2024-12-01")
            return try seedTugas(session, "Peta konflik", org: "kesbangpol-6371", due: "2024-03-31", pengulangan: .triwulanan)
        }
        #expect(task.seri == task.id)
        #expect(try store.readSync { try $0.tugas.find(task.id)?.seri } == task.id)
        #expect(try store.readSync { try $0.tugas.find(ItemID(.tugas, 1))?.seri } == nil)
    }

    @Test func nextPeriodIsCreatedOnceCountedFromTheFirstDueDate() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            let first = try seedTugas(session, "Peta konflik", org: "kesbangpol-6371", due: "2024-01-31", pengulangan: .bulanan)
            let second = try #require(try session.tugas.nextPeriod(of: first, createdAt: at(10)))
            #expect(second.created)
            #expect(second.tugas.tenggat == day("2024-02-29"))
            #expect(second.tugas.seri == first.id)
            #expect(second.tugas.status == .terbuka)
            #expect(second.tugas.untukOrg == "kesbangpol-6371")
            #expect(second.tugas.dibuatPada == at(10))
            #expect(try session.tugas.find(second.tugas.id) == second.tugas)
            // Again: the existing period, nothing new.
            let again = try #require(try session.tugas.nextPeriod(of: first, createdAt: at(20)))
            #expect(again.created == false)
            #expect(again.tugas.id == second.tugas.id)
            // From February 29 the series goes back to the month's end (31 March), no drift.
            let third = try #require(try session.tugas.nextPeriod(of: second.tugas, createdAt: at(30)))
            #expect(third.tugas.tenggat == day("2024-03-31"))
            #expect(try session.tugas.latestInSeries(first.id)?.id == third.tugas.id)
            #expect(try session.tugas.findInSeries(first.id, tenggat: day("2024-02-29"))?.id == second.tugas.id)
            #expect(try session.tugas.count(TugasFilter()) == 3)
        }
    }

    @Test func aNonRecurringTaskHasNoNextPeriod() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            let task = try seedTugas(session, "sekali", org: "a", due: "2024-12-01")
            #expect(try session.tugas.nextPeriod(of: task, createdAt: t0) == nil)
        }
    }

    @Test func twoTasksOfOneSeriesCannotShareADueDate() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            let first = try seedTugas(session, "Peta", org: "a", due: "2024-03-31", pengulangan: .triwulanan)
            #expect(throws: StoreError.self) {
                try session.tugas.insert(judul: "dup", untukOrg: "a", olehUser: "u", olehOrg: "o",
                                         tenggat: day("2024-03-31"), pengulangan: .triwulanan, seri: first.id,
                                         dibuatPada: t0)
            }
        }
    }

    @Test(arguments: [
        ("2024-01-31", "2024-01-31", 1, "2024-02-29"),
        ("2024-01-31", "2024-02-29", 1, "2024-03-31"),
        ("2024-01-15", "2024-04-10", 3, "2024-04-15"),
        ("2024-01-15", "2024-04-20", 3, "2024-07-15"),
        ("2024-03-31", "2024-03-31", 3, "2024-06-30"),
        ("2024-03-31", "2024-06-30", 3, "2024-09-30"),
        ("2024-11-30", "2024-11-30", 3, "2025-02-28"),
    ])
    func nextDueDates(first: String, after: String, months: Int, expected: String) {
        #expect(TugasRepository.nextDue(first: day(first), after: day(after), months: months) == day(expected))
    }
}

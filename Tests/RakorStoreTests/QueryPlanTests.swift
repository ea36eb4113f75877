import Foundation
import RakorCore
import Testing
@testable import RakorStore

/// Every query the hot path and the list commands run must be served by an
/// index: no plan step may scan a whole table (SQLite says `SCAN <table>`
/// without `USING … INDEX`). Plans are checked on an empty database with
/// SQLite's default estimates, which is what a freshly migrated bot runs with.
@Suite struct QueryPlanTests {
    private func fullScans(_ store: RakorStore, _ sql: String, _ arguments: [any SQLBindable] = []) throws -> [String] {
        try store.queryPlan(sql, arguments).filter { detail in
            detail.hasPrefix("SCAN ") && !detail.contains("INDEX") && !detail.contains("json_each")
                && !detail.hasPrefix("SCAN CONSTANT ROW")
        }
    }

    @Test func hotPathQueriesUseIndexes() throws {
        let dir = try TemporaryDirectory()
        let store = try RakorStore(path: dir.databasePath)
        let queries: [(String, [any SQLBindable])] = [
            (LedgerRepository.lookupSQLs[500] ?? "", Array(repeating: "k", count: 500)),
            (LedgerRepository.lookupSQLs[1] ?? "", ["k"]),
            (OutboxRepository.pendingSQL, [0, 10]),
            (OutboxRepository.deleteSQLs[64] ?? "", Array(repeating: 1, count: 64)),
            (OutboxRepository.deleteUpToSQL, [5]),
            (AuditHeadRepository.getSQL, ["c"]),
            (ReminderRepository.findSQL, ["r"]),
            (SubscriptionRepository.chatsSQL, ["e"]),
            (SubscriptionRepository.electionsSQL, ["c"]),
            (SubscriptionRepository.inquiringChatsSQL, ["e", 0]),
            (CalendarChangeRepository.listSQL, [0]),
            (TugasRepository.findSQL, [1]),
            (TugasRepository.historySQL, [1]),
            (TugasRepository.openDueSQL, [1, 2, 10]),
            (TugasRepository.openDueAfterSQL, [1, 2, 1, 1, 10]),
            (TugasRepository.findInSeriesSQL, [1, 1]),
            (TugasRepository.latestInSeriesSQL, [1]),
            (KesepakatanRepository.findSQL, [1]),
            (KesepakatanRepository.pihakSQL, [1]),
            (KesepakatanRepository.historySQL, [1]),
            (HibahRepository.stageSQL, [1, "k", 1]),
            (HibahRepository.listSQL, [1]),
            (AnggaranRepository.findAlokasiSQL, ["k", "k"]),
            (AnggaranRepository.listAlokasiSQL, ["k"]),
            (AnggaranRepository.historySQL, ["k", "k"]),
            (AnggaranRepository.summaryByProvinsiSQL, ["63"]),
            (AnggaranRepository.totalsByProvinsiSQL, ["63"]),
            (AnggaranRepository.summaryByKabkotaSQL, ["k"]),
            (AnggaranRepository.listItemsSQL, ["63"]),
        ]
        for (sql, arguments) in queries {
            #expect(try fullScans(store, sql, arguments).isEmpty, "full scan in: \(sql)")
        }
        try store.close()
    }

    @Test func ledgerPruneReadsOnlyTheOldestRows() throws {
        let store = try RakorStore.inMemory()
        // The inner scan is in rowid order and stops at LIMIT: bounded work.
        let plan = try store.queryPlan(LedgerRepository.pruneSQL, [10, 0.0])
        #expect(plan.contains { $0.contains("INTEGER PRIMARY KEY") }, "plan: \(plan)")
        #expect(plan.filter { $0.hasPrefix("SCAN ledger") }.count <= 1, "plan: \(plan)")
        #expect(LedgerRepository.pruneSQL.contains("ORDER BY id LIMIT ?"))
    }

    @Test func taskListShapesUseIndexes() throws {
        let dir = try TemporaryDirectory()
        let store = try RakorStore(path: dir.databasePath)
        let orgs: [OrgFilter] = [.one("a"), .anyOf(["a", "b", "c"])]
        let statuses: [Set<TugasStatus>?] = [nil, [.terbuka], [.terbuka, .batal]]
        for org in orgs {
            for status in statuses {
                var sql = FilterSQL()
                sql.org("untuk_org", org)
                sql.oneOf("status", status, singleAsEquality: org == .one("a"))
                let query = "SELECT \(TugasRepository.columns) FROM tugas\(sql.whereSQL) ORDER BY tenggat, id LIMIT 10 OFFSET 0"
                #expect(try fullScans(store, query, sql.arguments).isEmpty, "full scan in: \(query)")
                let count = "SELECT count(*) FROM tugas\(sql.whereSQL)"
                #expect(try fullScans(store, count, sql.arguments).isEmpty, "full scan in: \(count)")
            }
        }
        // No org filter: statuses, or nothing at all (first page by due date from the index).
        var open = FilterSQL()
        open.oneOf("status", Set([TugasStatus.terbuka]))
        #expect(try fullScans(store, "SELECT id FROM tugas\(open.whereSQL) ORDER BY tenggat, id LIMIT 10",
                              open.arguments).isEmpty)
        let plain = try store.queryPlan("SELECT \(TugasRepository.columns) FROM tugas ORDER BY tenggat, id LIMIT 10 OFFSET 0")
        #expect(plain.contains { $0.contains("tugas_by_tenggat") }, "plan: \(plain)")
        // One org and one status ("tugas saya"), or one status: rows come in
        // due-date order from the index, no sort of all matches.
        var mine = FilterSQL()
        mine.org("untuk_org", .one("a"))
        mine.oneOf("status", Set([TugasStatus.terbuka]))
        // An org set with one status stays on the org index (reads only those
        // orgs' tasks) instead of walking every open task in due order.
        var visible = FilterSQL()
        visible.org("untuk_org", .anyOf(["a", "b"]))
        visible.oneOf("status", Set([TugasStatus.terbuka]), singleAsEquality: false)
        let visiblePlan = try store.queryPlan("SELECT * FROM tugas\(visible.whereSQL) ORDER BY tenggat, id LIMIT 10 OFFSET 20",
                                              visible.arguments)
        #expect(visiblePlan.contains { $0.contains("tugas_by_org") }, "plan: \(visiblePlan)")
        for sql in [mine, open] {
            let plan = try store.queryPlan("SELECT id FROM tugas\(sql.whereSQL) ORDER BY tenggat, id LIMIT 10", sql.arguments)
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "plan: \(plan)")
        }
        try store.close()
    }

    @Test func agreementListShapesUseIndexes() throws {
        let dir = try TemporaryDirectory()
        let store = try RakorStore(path: dir.databasePath)
        let filters = [KesepakatanFilter(rakor: ItemID(.rakor, 1)), KesepakatanFilter(pihak: .one("a")),
                       KesepakatanFilter(pihak: .anyOf(["a", "b"])), KesepakatanFilter(status: [.berjalan])]
        for filter in filters {
            var sql = FilterSQL()
            if let rakor = filter.rakor { sql.equal("rakor", rakor.number) }
            sql.oneOf("status", filter.status)
            switch filter.pihak {
            case .one(let org): sql.condition("id IN (SELECT kesepakatan FROM kesepakatan_pihak WHERE org = ?)", [org])
            case .anyOf(let orgs):
                sql.condition("id IN (SELECT kesepakatan FROM kesepakatan_pihak WHERE org IN (SELECT value FROM json_each(?)))",
                              [SQLList.jsonArray(orgs.sorted())])
            case .all: break
            }
            let query = "SELECT \(KesepakatanRepository.columns) FROM kesepakatan\(sql.whereSQL) ORDER BY id LIMIT 10 OFFSET 0"
            #expect(try fullScans(store, query, sql.arguments).isEmpty, "full scan in: \(query)")
        }
        try store.close()
    }
}

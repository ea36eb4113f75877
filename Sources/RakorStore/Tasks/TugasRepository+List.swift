import Foundation
import GRDB
import RakorCore

extension TugasRepository {
    /// Tasks matching `filter`, ordered by due date then number, one page of
    /// them with the total (for "halaman 2 dari 5").
    public func list(_ filter: TugasFilter, page: PageRequest = PageRequest()) throws(StoreError) -> Page<Tugas> {
        let sql = try whereSQL(filter)
        if sql.matchesNothing { return Page(items: [], total: 0, request: page) }
        let total = try db.integer("SELECT count(*) FROM tugas" + sql.whereSQL, array: sql.arguments)
        var items: [Tugas] = []
        if total > page.offset {
            items.reserveCapacity(page.limit)
            try db.eachRow("SELECT \(Self.columns) FROM tugas\(sql.whereSQL) ORDER BY tenggat, id LIMIT ? OFFSET ?",
                           array: sql.arguments(extra: [page.limit, page.offset])) { row throws(StoreError) in
                items.append(try Self.decode(row))
            }
        }
        return Page(items: items, total: Int(total), request: page)
    }

    /// How many tasks match `filter`.
    public func count(_ filter: TugasFilter) throws(StoreError) -> Int {
        let sql = try whereSQL(filter)
        if sql.matchesNothing { return 0 }
        return Int(try db.integer("SELECT count(*) FROM tugas" + sql.whereSQL, array: sql.arguments))
    }

    /// The open tasks of one organisation, soonest due first ("tugas saya").
    public func openTasks(of org: String, page: PageRequest = PageRequest()) throws(StoreError) -> Page<Tugas> {
        try list(.open(.one(org)), page: page)
    }

    static let openDueSQL = """
        SELECT \(columns) FROM tugas
        WHERE status = 'terbuka' AND tenggat BETWEEN ? AND ?
        ORDER BY tenggat, id LIMIT ?
        """
    static let openDueAfterSQL = """
        SELECT \(columns) FROM tugas
        WHERE status = 'terbuka' AND tenggat BETWEEN ? AND ? AND (tenggat, id) > (?, ?)
        ORDER BY tenggat, id LIMIT ?
        """

    /// Open tasks due between two dates (inclusive), by due date then number,
    /// at most `limit`. To read on, pass the last task returned as `after`
    /// (keyset paging: each call is an index range, however many came before).
    public func openTasksDue(from start: LocalDate, through end: LocalDate, after: Tugas? = nil,
                             limit: Int = 500) throws(StoreError) -> [Tugas] {
        guard limit > 0 else { throw .invalidArgument("limit must be positive") }
        var items: [Tugas] = []
        if let after {
            try db.eachRow(Self.openDueAfterSQL, Stored.day(start), Stored.day(end), Stored.day(after.tenggat),
                           after.id.number, limit) { row throws(StoreError) in items.append(try Self.decode(row)) }
        } else {
            try db.eachRow(Self.openDueSQL, Stored.day(start), Stored.day(end), limit) { row throws(StoreError) in
                items.append(try Self.decode(row))
            }
        }
        return items
    }

    private func whereSQL(_ filter: TugasFilter) throws(StoreError) -> FilterSQL {
        var sql = FilterSQL()
        sql.org("untuk_org", filter.org)
        var orgSet = false
        if case .anyOf = filter.org.normalized { orgSet = true }
        sql.oneOf("status", filter.status, singleAsEquality: !orgSet)
        if let rakor = filter.rakor {
            sql.equal("rakor", try Stored.number(rakor, .rakor, "rakor"))
        }
        return sql
    }
}

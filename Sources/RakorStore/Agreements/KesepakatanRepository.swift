import Foundation
import GRDB
import RakorCore

/// Agreements, `K-n`, with their parties (a join table, in the order named)
/// and history.
public struct KesepakatanRepository {
    let db: Database

    static let columns = "id, rakor, isi, tenggat, status, dibuat_oleh, dibuat_oleh_org, dibuat_pada"
    static let insertSQL = """
        INSERT INTO kesepakatan (rakor, isi, tenggat, status, dibuat_oleh, dibuat_oleh_org, dibuat_pada)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """
    static let insertPihakSQL = "INSERT INTO kesepakatan_pihak (kesepakatan, urutan, org) VALUES (?, ?, ?)"
    static let pihakSQL = "SELECT org FROM kesepakatan_pihak WHERE kesepakatan = ? ORDER BY urutan"
    static let findSQL = "SELECT \(columns) FROM kesepakatan WHERE id = ?"
    static let updateStatusSQL = "UPDATE kesepakatan SET status = ? WHERE id = ?"
    static let appendHistorySQL = """
        INSERT INTO kesepakatan_riwayat (kesepakatan, pada, oleh, aksi, keterangan) VALUES (?, ?, ?, ?, ?)
        """
    static let historySQL = """
        SELECT pada, oleh, aksi, keterangan FROM kesepakatan_riwayat WHERE kesepakatan = ? ORDER BY id
        """

    /// Records an agreement and returns it with its new number. Parties are
    /// kept in the order given, each once. `rakor` must exist.
    public func insert(rakor: ItemID?, isi: String, pihak: [String], tenggat: LocalDate?,
                       status: KesepakatanStatus = .diusulkan, dibuatOleh: String, dibuatOlehOrg: String,
                       dibuatPada: Date) throws(StoreError) -> Kesepakatan {
        let rakorNumber = try Stored.optionalNumber(rakor, .rakor, "rakor")
        var seen = Set<String>()
        let parties = pihak.filter { seen.insert($0).inserted }
        try db.execute(Self.insertSQL, rakorNumber, isi, Stored.day(tenggat), status.rawValue, dibuatOleh,
                       dibuatOlehOrg, Stored.date(dibuatPada))
        let number = db.insertedRowID
        for (index, org) in parties.enumerated() {
            try db.execute(Self.insertPihakSQL, number, index, org)
        }
        return Kesepakatan(id: ItemID(.kesepakatan, number), rakor: rakor, isi: isi, pihak: parties,
                           tenggat: tenggat, status: status, dibuatOleh: dibuatOleh,
                           dibuatOlehOrg: dibuatOlehOrg, dibuatPada: dibuatPada)
    }

    /// The agreement with its parties, or nil (also for an id that is not a `K-n`).
    public func find(_ id: ItemID) throws(StoreError) -> Kesepakatan? {
        guard id.kind == .kesepakatan else { return nil }
        guard var found = try db.firstRow(Self.findSQL, id.number, decode: Self.decode) else { return nil }
        found.pihak = try parties(of: id.number)
        return found
    }

    /// Moves the agreement to `status` (the caller checked the transition
    /// with `KesepakatanStatus.move`). False if it does not exist.
    @discardableResult
    public func updateStatus(_ id: ItemID, to status: KesepakatanStatus) throws(StoreError) -> Bool {
        let number = try Stored.number(id, .kesepakatan, "id")
        return try db.execute(Self.updateStatusSQL, status.rawValue, number) > 0
    }

    /// Adds a line to the agreement's history (the agreement must exist).
    public func appendHistory(_ id: ItemID, _ entry: Riwayat) throws(StoreError) {
        let number = try Stored.number(id, .kesepakatan, "id")
        try db.execute(Self.appendHistorySQL, number, Stored.date(entry.pada), entry.oleh, entry.aksi, entry.keterangan)
    }

    /// The agreement's history, oldest first.
    public func history(of id: ItemID) throws(StoreError) -> [Riwayat] {
        guard id.kind == .kesepakatan else { return [] }
        var lines: [Riwayat] = []
        try db.eachRow(Self.historySQL, id.number) { row throws(StoreError) in lines.append(try RiwayatRow.decode(row)) }
        return lines
    }

    /// Agreements matching `filter`, by number, one page with the total.
    public func list(_ filter: KesepakatanFilter, page: PageRequest = PageRequest()) throws(StoreError) -> Page<Kesepakatan> {
        let sql = try whereSQL(filter)
        if sql.matchesNothing { return Page(items: [], total: 0, request: page) }
        let total = try db.integer("SELECT count(*) FROM kesepakatan" + sql.whereSQL, array: sql.arguments)
        var items: [Kesepakatan] = []
        if total > page.offset {
            try db.eachRow("SELECT \(Self.columns) FROM kesepakatan\(sql.whereSQL) ORDER BY id LIMIT ? OFFSET ?",
                           array: sql.arguments(extra: [page.limit, page.offset])) { row throws(StoreError) in
                items.append(try Self.decode(row))
            }
            for index in items.indices {
                items[index].pihak = try parties(of: items[index].id.number)
            }
        }
        return Page(items: items, total: Int(total), request: page)
    }

    /// How many agreements match `filter`.
    public func count(_ filter: KesepakatanFilter) throws(StoreError) -> Int {
        let sql = try whereSQL(filter)
        if sql.matchesNothing { return 0 }
        return Int(try db.integer("SELECT count(*) FROM kesepakatan" + sql.whereSQL, array: sql.arguments))
    }

    private func parties(of number: Int64) throws(StoreError) -> [String] {
        var orgs: [String] = []
        try db.eachRow(Self.pihakSQL, number) { row throws(StoreError) in orgs.append(try row.text(0)) }
        return orgs
    }

    private func whereSQL(_ filter: KesepakatanFilter) throws(StoreError) -> FilterSQL {
        var sql = FilterSQL()
        if let rakor = filter.rakor {
            sql.equal("rakor", try Stored.number(rakor, .rakor, "rakor"))
        }
        sql.oneOf("status", filter.status)
        switch filter.pihak.normalized {
        case .all:
            break
        case .one(let org):
            sql.condition("id IN (SELECT kesepakatan FROM kesepakatan_pihak WHERE org = ?)", [org])
        case .anyOf(let orgs):
            if orgs.isEmpty { sql.matchNothing(); return sql }
            sql.condition("id IN (SELECT kesepakatan FROM kesepakatan_pihak WHERE org IN (SELECT value FROM json_each(?)))",
                          [SQLList.jsonArray(orgs.sorted())])
        }
        return sql
    }

    /// Decodes the agreement row; parties are read separately.
    static func decode(_ row: SQLRow) throws(StoreError) -> Kesepakatan {
        Kesepakatan(id: try row.id(0, .kesepakatan), rakor: row.optionalID(1, .rakor), isi: try row.text(2),
                    pihak: [], tenggat: row.optionalDay(3), status: try row.enumeration(4, "kesepakatan", "status"),
                    dibuatOleh: try row.text(5), dibuatOlehOrg: try row.text(6), dibuatPada: try row.date(7))
    }
}

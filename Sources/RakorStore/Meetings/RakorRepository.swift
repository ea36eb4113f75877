import Foundation
import GRDB
import RakorCore

/// Coordination meetings, `R-n`. Numbers are assigned by the store, in order.
public struct RakorRepository {
    let db: Database

    static let columns = "id, judul, tanggal, tempat, penyelenggara, dibuat_oleh, dibuat_pada"
    static let insertSQL = """
        INSERT INTO rakor (judul, tanggal, tempat, penyelenggara, dibuat_oleh, dibuat_pada)
        VALUES (?, ?, ?, ?, ?, ?)
        """
    static let findSQL = "SELECT \(columns) FROM rakor WHERE id = ?"

    /// Records a meeting and returns it with its new number.
    public func insert(judul: String, tanggal: LocalDate, tempat: String?, penyelenggara: String,
                       dibuatOleh: String, dibuatPada: Date) throws(StoreError) -> Rakor {
        try db.execute(Self.insertSQL, judul, Stored.day(tanggal), tempat, penyelenggara, dibuatOleh,
                       Stored.date(dibuatPada))
        return Rakor(id: ItemID(.rakor, db.insertedRowID), judul: judul, tanggal: tanggal, tempat: tempat,
                     penyelenggara: penyelenggara, dibuatOleh: dibuatOleh, dibuatPada: dibuatPada)
    }

    /// The meeting, or nil (also for an id that is not an `R-n`).
    public func find(_ id: ItemID) throws(StoreError) -> Rakor? {
        guard id.kind == .rakor else { return nil }
        return try db.firstRow(Self.findSQL, id.number, decode: Self.decode)
    }

    /// Meetings convened by the given organisations, newest first
    /// (meeting date, then number, descending), with the total for paging.
    public func list(penyelenggara: OrgFilter = .all, page: PageRequest = PageRequest()) throws(StoreError) -> Page<Rakor> {
        var filter = FilterSQL()
        filter.org("penyelenggara", penyelenggara)
        if filter.matchesNothing { return Page(items: [], total: 0, request: page) }
        let total = try db.integer("SELECT count(*) FROM rakor" + filter.whereSQL, array: filter.arguments)
        var items: [Rakor] = []
        if total > page.offset {
            try db.eachRow("SELECT \(Self.columns) FROM rakor\(filter.whereSQL) ORDER BY tanggal DESC, id DESC LIMIT ? OFFSET ?",
                           array: filter.arguments(extra: [page.limit, page.offset])) { row throws(StoreError) in
                items.append(try Self.decode(row))
            }
        }
        return Page(items: items, total: Int(total), request: page)
    }

    static func decode(_ row: SQLRow) throws(StoreError) -> Rakor {
        Rakor(id: try row.id(0, .rakor), judul: try row.text(1), tanggal: try row.day(2), tempat: row.optionalText(3),
              penyelenggara: try row.text(4), dibuatOleh: try row.text(5), dibuatPada: try row.date(6))
    }
}

import Foundation
import GRDB
import RakorCore

/// Tasks, `T-n`: insert, find and update. Lists are in TugasRepository+List,
/// history in +Riwayat, recurring series in +Seri.
public struct TugasRepository {
    let db: Database

    static let columns = """
        id, judul, untuk_org, oleh_user, oleh_org, tenggat, rakor, status, pengulangan, seri, \
        dibuat_pada, ditutup_pada, catatan
        """
    static let insertSQL = """
        INSERT INTO tugas (judul, untuk_org, oleh_user, oleh_org, tenggat, rakor, status, pengulangan, seri,
                           dibuat_pada, ditutup_pada, catatan)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let findSQL = "SELECT \(columns) FROM tugas WHERE id = ?"
    static let startSeriesSQL = "UPDATE tugas SET seri = id WHERE id = ?"
    static let updateSQL = """
        UPDATE tugas SET judul = ?, untuk_org = ?, tenggat = ?, status = ?, pengulangan = ?,
                         ditutup_pada = ?, catatan = ?
        WHERE id = ?
        """
    static let setStatusSQL = """
        UPDATE tugas SET status = ?, ditutup_pada = ?, catatan = coalesce(?, catatan) WHERE id = ?
        """
    static let reassignSQL = "UPDATE tugas SET untuk_org = ? WHERE id = ?"

    /// Records a task and returns it with its new number. A recurring task
    /// (`pengulangan` set) with no `seri` starts a series: its `seri` is itself.
    /// `rakor` must exist (a foreign key; check first for a friendly `not_found`).
    public func insert(judul: String, untukOrg: String, olehUser: String, olehOrg: String, tenggat: LocalDate,
                       rakor: ItemID? = nil, status: TugasStatus = .terbuka, pengulangan: Pengulangan? = nil,
                       seri: ItemID? = nil, dibuatPada: Date, ditutupPada: Date? = nil,
                       catatan: String? = nil) throws(StoreError) -> Tugas {
        let rakorNumber = try Stored.optionalNumber(rakor, .rakor, "rakor")
        let seriNumber = try Stored.optionalNumber(seri, .tugas, "seri")
        try db.execute(Self.insertSQL, judul, untukOrg, olehUser, olehOrg, Stored.day(tenggat), rakorNumber,
                       status.rawValue, pengulangan?.rawValue, seriNumber, Stored.date(dibuatPada),
                       Stored.date(ditutupPada), catatan)
        let id = ItemID(.tugas, db.insertedRowID)
        var series = seri
        if pengulangan != nil, seri == nil {
            try db.execute(Self.startSeriesSQL, id.number)
            series = id
        }
        return Tugas(id: id, judul: judul, untukOrg: untukOrg, olehUser: olehUser, olehOrg: olehOrg,
                     tenggat: tenggat, rakor: rakor, status: status, pengulangan: pengulangan, seri: series,
                     dibuatPada: dibuatPada, ditutupPada: ditutupPada, catatan: catatan)
    }

    /// The task, or nil (also for an id that is not a `T-n`).
    public func find(_ id: ItemID) throws(StoreError) -> Tugas? {
        guard id.kind == .tugas else { return nil }
        return try db.firstRow(Self.findSQL, id.number, decode: Self.decode)
    }

    /// Writes every mutable field of `tugas` (title, assignee, due date,
    /// status, recurrence, closing time, note); false if it does not exist.
    /// Its number, creator, meeting, series and creation time never change.
    @discardableResult
    public func update(_ tugas: Tugas) throws(StoreError) -> Bool {
        let number = try Stored.number(tugas.id, .tugas, "id")
        return try db.execute(Self.updateSQL, tugas.judul, tugas.untukOrg, Stored.day(tugas.tenggat),
                              tugas.status.rawValue, tugas.pengulangan?.rawValue, Stored.date(tugas.ditutupPada),
                              tugas.catatan, number) > 0
    }

    /// Sets the status and closing time (`/tugas selesai`, `/tugas batal`);
    /// a nil `catatan` keeps the current note. False if the task does not exist.
    @discardableResult
    public func setStatus(_ id: ItemID, _ status: TugasStatus, ditutupPada: Date?,
                          catatan: String? = nil) throws(StoreError) -> Bool {
        let number = try Stored.number(id, .tugas, "id")
        return try db.execute(Self.setStatusSQL, status.rawValue, Stored.date(ditutupPada), catatan, number) > 0
    }

    /// Hands the task to another organisation (`/tugas alihkan`). False if it does not exist.
    @discardableResult
    public func reassign(_ id: ItemID, to org: String) throws(StoreError) -> Bool {
        let number = try Stored.number(id, .tugas, "id")
        return try db.execute(Self.reassignSQL, org, number) > 0
    }

    static func decode(_ row: SQLRow) throws(StoreError) -> Tugas {
        Tugas(id: try row.id(0, .tugas), judul: try row.text(1), untukOrg: try row.text(2), olehUser: try row.text(3),
              olehOrg: try row.text(4), tenggat: try row.day(5), rakor: row.optionalID(6, .rakor),
              status: try row.enumeration(7, "tugas", "status"),
              pengulangan: try row.optionalEnumeration(8, "tugas", "pengulangan"),
              seri: row.optionalID(9, .tugas), dibuatPada: try row.date(10),
              ditutupPada: row.optionalDate(11), catatan: row.optionalText(12))
    }
}

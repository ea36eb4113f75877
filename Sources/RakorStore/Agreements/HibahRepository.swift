import Foundation
import GRDB
import RakorCore

/// What recording a disbursement did.
public enum PencairanOutcome: Sendable, Hashable {
    /// Recorded now.
    case recorded
    /// This event id was recorded before (a redelivered integrator event): nothing changed.
    case duplicateEvent
    /// Another event already paid this stage of this agreement for this
    /// regency: refused (it would be paid twice). Carries the existing record.
    case stageAlreadyPaid(PencairanHibah)
}

/// Grant money paid out for a regency, in one total.
public struct HibahTotal: Sendable, Hashable {
    public var kabkota: String
    public var jumlah: Rupiah
    /// How many disbursements make up the total.
    public var count: Int

    public init(kabkota: String, jumlah: Rupiah, count: Int) {
        self.kabkota = kabkota
        self.jumlah = jumlah
        self.count = count
    }
}

/// Grant disbursements (`rakor.hibah.disbursed`) per agreement, and totals per regency.
public struct HibahRepository {
    let db: Database

    static let columns = "event_id, kesepakatan, kabkota, tahap, persen, jumlah, tanggal, sumber"
    static let insertSQL = """
        INSERT INTO pencairan_hibah (event_id, kesepakatan, kabkota, tahap, persen, jumlah, tanggal, sumber)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let findSQL = "SELECT \(columns) FROM pencairan_hibah WHERE event_id = ?"
    static let stageSQL = "SELECT \(columns) FROM pencairan_hibah WHERE kesepakatan = ? AND kabkota = ? AND tahap = ?"
    static let listSQL = "SELECT \(columns) FROM pencairan_hibah WHERE kesepakatan = ? ORDER BY kabkota, tahap"

    /// Records a disbursement once: by event id (redeliveries are no-ops)
    /// and by stage (a stage is paid once per agreement and regency).
    /// The agreement must exist.
    public func record(_ pencairan: PencairanHibah) throws(StoreError) -> PencairanOutcome {
        let number = try Stored.number(pencairan.kesepakatan, .kesepakatan, "kesepakatan")
        guard pencairan.jumlah.amount >= 0 else { throw .invalidArgument("a disbursement cannot be negative") }
        if try db.firstRow(Self.findSQL, pencairan.eventID, decode: { _ throws(StoreError) in true }) != nil {
            return .duplicateEvent
        }
        if let paid = try db.firstRow(Self.stageSQL, number, pencairan.kabkota, pencairan.tahap, decode: Self.decode) {
            return .stageAlreadyPaid(paid)
        }
        try db.execute(Self.insertSQL, pencairan.eventID, number, pencairan.kabkota, pencairan.tahap,
                       pencairan.persen, pencairan.jumlah.amount, Stored.day(pencairan.tanggal), pencairan.sumber)
        return .recorded
    }

    /// The disbursement recorded for an integrator event id.
    public func find(eventID: String) throws(StoreError) -> PencairanHibah? {
        try db.firstRow(Self.findSQL, eventID, decode: Self.decode)
    }

    /// An agreement's disbursements by regency, then stage.
    public func list(kesepakatan: ItemID) throws(StoreError) -> [PencairanHibah] {
        guard kesepakatan.kind == .kesepakatan else { return [] }
        var items: [PencairanHibah] = []
        try db.eachRow(Self.listSQL, kesepakatan.number) { row throws(StoreError) in items.append(try Self.decode(row)) }
        return items
    }

    /// Money disbursed per regency (summed by SQLite as 64-bit integers; an
    /// overflow is an error, never a wrapped total), by regency id.
    public func totals(kabkota: OrgFilter = .all) throws(StoreError) -> [HibahTotal] {
        var sql = FilterSQL()
        sql.org("kabkota", kabkota)
        if sql.matchesNothing { return [] }
        var totals: [HibahTotal] = []
        try db.eachRow("""
            SELECT kabkota, sum(jumlah), count(*) FROM pencairan_hibah\(sql.whereSQL)
            GROUP BY kabkota ORDER BY kabkota
            """, array: sql.arguments) { row throws(StoreError) in
            totals.append(HibahTotal(kabkota: try row.text(0), jumlah: try row.rupiah(1), count: try row.int(2)))
        }
        return totals
    }

    static func decode(_ row: SQLRow) throws(StoreError) -> PencairanHibah {
        PencairanHibah(eventID: try row.text(0), kesepakatan: try row.id(1, .kesepakatan), kabkota: try row.text(2),
                       tahap: try row.int(3), persen: try row.int(4), jumlah: try row.rupiah(5),
                       tanggal: try row.day(6), sumber: try row.text(7))
    }
}

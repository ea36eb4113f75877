import Foundation
import GRDB
import RakorCore

/// Cost-sharing: cost components (unique per province and code), which level
/// funds each for each regency (unique per code and regency), every change
/// of an allocation, and summaries.
public struct AnggaranRepository {
    let db: Database

    static let insertItemSQL = """
        INSERT OR IGNORE INTO anggaran_item (provinsi, kode, uraian, dibuat_oleh, dibuat_pada) VALUES (?, ?, ?, ?, ?)
        """
    static let itemColumns = "kode, uraian, provinsi, dibuat_oleh, dibuat_pada"
    static let findItemSQL = "SELECT \(itemColumns) FROM anggaran_item WHERE provinsi = ? AND kode = ?"
    static let listItemsSQL = "SELECT \(itemColumns) FROM anggaran_item WHERE provinsi = ? ORDER BY kode"

    static let alokasiColumns = "kode, kabkota, tingkat, jumlah, oleh_user, pada"
    static let findAlokasiSQL = "SELECT \(alokasiColumns) FROM alokasi WHERE kode = ? AND kabkota = ?"
    static let listAlokasiSQL = "SELECT \(alokasiColumns) FROM alokasi WHERE kabkota = ? ORDER BY kode"
    static let upsertAlokasiSQL = """
        INSERT INTO alokasi (kode, kabkota, provinsi, tingkat, jumlah, oleh_user, pada) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (kode, kabkota) DO UPDATE SET jumlah = excluded.jumlah, oleh_user = excluded.oleh_user,
                                                 pada = excluded.pada
        """
    static let appendHistorySQL = """
        INSERT INTO alokasi_riwayat (kode, kabkota, tingkat, jumlah_lama, jumlah_baru, oleh_user, pada)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """
    static let historySQL = """
        SELECT kode, kabkota, tingkat, jumlah_lama, jumlah_baru, oleh_user, pada FROM alokasi_riwayat
        WHERE kode = ? AND kabkota = ? ORDER BY id
        """
    static let summaryByProvinsiSQL = """
        SELECT kabkota, tingkat, sum(jumlah), count(*) FROM alokasi WHERE provinsi = ?
        GROUP BY kabkota, tingkat ORDER BY kabkota
        """
    static let totalsByProvinsiSQL = """
        SELECT tingkat, sum(jumlah) FROM alokasi WHERE provinsi = ? GROUP BY tingkat
        """
    static let summaryByKabkotaSQL = """
        SELECT kabkota, tingkat, sum(jumlah), count(*) FROM alokasi WHERE kabkota = ? GROUP BY tingkat
        """

    // MARK: - Cost components

    /// Adds a cost component; false (nothing written) if the province already
    /// has one with this code.
    @discardableResult
    public func insertItem(_ item: AnggaranItem) throws(StoreError) -> Bool {
        try db.execute(Self.insertItemSQL, item.provinsi, item.kode, item.uraian, item.dibuatOleh,
                       Stored.date(item.dibuatPada)) > 0
    }

    public func item(provinsi: String, kode: String) throws(StoreError) -> AnggaranItem? {
        try db.firstRow(Self.findItemSQL, provinsi, kode, decode: Self.decodeItem)
    }

    /// A province's cost components by code.
    public func items(provinsi: String) throws(StoreError) -> [AnggaranItem] {
        var items: [AnggaranItem] = []
        try db.eachRow(Self.listItemsSQL, provinsi) { row throws(StoreError) in items.append(try Self.decodeItem(row)) }
        return items
    }

    // MARK: - Allocations

    /// Which level funds component `kode` for `kabkota`, and how much.
    public func allocation(kode: String, kabkota: String) throws(StoreError) -> Alokasi? {
        try db.firstRow(Self.findAlokasiSQL, kode, kabkota, decode: Self.decodeAlokasi)
    }

    /// A regency's allocations by code.
    public func allocations(kabkota: String) throws(StoreError) -> [Alokasi] {
        var items: [Alokasi] = []
        try db.eachRow(Self.listAlokasiSQL, kabkota) { row throws(StoreError) in items.append(try Self.decodeAlokasi(row)) }
        return items
    }

    /// Records an allocation (new, or a new amount at the same level) and a
    /// history line with the old and new amount; returns the previous amount
    /// (nil if new). The component must exist in `provinsi`'s decree.
    ///
    /// Throws `allocationLevelConflict` if the other level already funds it:
    /// handlers decide with `CostSharingRule` first; this is the safety net.
    @discardableResult
    public func assign(_ alokasi: Alokasi, provinsi: String) throws(StoreError) -> Rupiah? {
        guard alokasi.jumlah.amount >= 0 else { throw .invalidArgument("an allocation cannot be negative") }
        let existing = try allocation(kode: alokasi.kode, kabkota: alokasi.kabkota)
        if let existing, existing.tingkat != alokasi.tingkat {
            throw .allocationLevelConflict(existing: existing)
        }
        try db.execute(Self.upsertAlokasiSQL, alokasi.kode, alokasi.kabkota, provinsi, alokasi.tingkat.rawValue,
                       alokasi.jumlah.amount, alokasi.olehUser, Stored.date(alokasi.pada))
        try db.execute(Self.appendHistorySQL, alokasi.kode, alokasi.kabkota, alokasi.tingkat.rawValue,
                       existing?.jumlah.amount, alokasi.jumlah.amount, alokasi.olehUser, Stored.date(alokasi.pada))
        return existing?.jumlah
    }

    /// Every change of one allocation, oldest first.
    public func history(kode: String, kabkota: String) throws(StoreError) -> [AlokasiPerubahan] {
        var lines: [AlokasiPerubahan] = []
        try db.eachRow(Self.historySQL, kode, kabkota) { row throws(StoreError) in
            lines.append(AlokasiPerubahan(kode: try row.text(0), kabkota: try row.text(1),
                                          tingkat: try row.enumeration(2, "alokasi_riwayat", "tingkat"),
                                          jumlahLama: row.optionalInt64(3).map(Rupiah.init),
                                          jumlahBaru: try row.rupiah(4), olehUser: try row.text(5),
                                          pada: try row.date(6)))
        }
        return lines
    }

    // MARK: - Summaries

    /// Per regency and per level totals of a province's allocations.
    public func summary(provinsi: String) throws(StoreError) -> AnggaranRekap {
        var rekap = try summary(Self.summaryByProvinsiSQL, provinsi)
        // Level totals summed by SQLite too, so an overflow is its error.
        var levels: [TingkatAPBD: Rupiah] = [:]
        try db.eachRow(Self.totalsByProvinsiSQL, provinsi) { row throws(StoreError) in
            levels[try row.enumeration(0, "alokasi", "tingkat")] = try row.rupiah(1)
        }
        rekap.totalProvinsi = levels[.provinsi] ?? .zero
        rekap.totalKabkota = levels[.kabkota] ?? .zero
        rekap.total = try Self.add(rekap.totalProvinsi, rekap.totalKabkota)
        return rekap
    }

    /// Per level totals of one regency's allocations.
    public func summary(kabkota: String) throws(StoreError) -> AnggaranRekap {
        var rekap = try summary(Self.summaryByKabkotaSQL, kabkota)
        rekap.totalProvinsi = rekap.baris.first?.apbdProvinsi ?? .zero
        rekap.totalKabkota = rekap.baris.first?.apbdKabkota ?? .zero
        rekap.total = rekap.baris.first?.total ?? .zero
        return rekap
    }

    /// Folds `kabkota, tingkat, sum, count` rows (ordered by regency) into rows per regency.
    private func summary(_ sql: String, _ argument: String) throws(StoreError) -> AnggaranRekap {
        var rows: [AnggaranRekapBaris] = []
        try db.eachRow(sql, argument) { row throws(StoreError) in
            let kabkota = try row.text(0)
            let tingkat: TingkatAPBD = try row.enumeration(1, "alokasi", "tingkat")
            let sum = try row.rupiah(2)
            let count = try row.int(3)
            if rows.last?.kabkota != kabkota {
                rows.append(AnggaranRekapBaris(kabkota: kabkota, apbdProvinsi: .zero, apbdKabkota: .zero,
                                               total: .zero, komponen: 0))
            }
            let index = rows.count - 1
            switch tingkat {
            case .provinsi: rows[index].apbdProvinsi = sum
            case .kabkota: rows[index].apbdKabkota = sum
            }
            rows[index].komponen += count
            rows[index].total = try Self.add(rows[index].apbdProvinsi, rows[index].apbdKabkota)
        }
        return AnggaranRekap(baris: rows, totalProvinsi: .zero, totalKabkota: .zero, total: .zero)
    }

    /// Checked addition (`Rupiah.+` wraps; a budget total must not).
    static func add(_ a: Rupiah, _ b: Rupiah) throws(StoreError) -> Rupiah {
        let (sum, overflow) = a.amount.addingReportingOverflow(b.amount)
        guard !overflow else { throw .overflow("\(a) + \(b)") }
        return Rupiah(sum)
    }

    static func decodeItem(_ row: SQLRow) throws(StoreError) -> AnggaranItem {
        AnggaranItem(kode: try row.text(0), uraian: try row.text(1), provinsi: try row.text(2),
                     dibuatOleh: try row.text(3), dibuatPada: try row.date(4))
    }

    static func decodeAlokasi(_ row: SQLRow) throws(StoreError) -> Alokasi {
        Alokasi(kode: try row.text(0), kabkota: try row.text(1), tingkat: try row.enumeration(2, "alokasi", "tingkat"),
                jumlah: try row.rupiah(3), olehUser: try row.text(4), pada: try row.date(5))
    }
}

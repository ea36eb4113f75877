import Foundation
import GRDB
import RakorCore

extension TugasRepository {
    static let appendHistorySQL = "INSERT INTO tugas_riwayat (tugas, pada, oleh, aksi, keterangan) VALUES (?, ?, ?, ?, ?)"
    static let historySQL = "SELECT pada, oleh, aksi, keterangan FROM tugas_riwayat WHERE tugas = ? ORDER BY id"

    /// Adds a line to the task's history (the task must exist).
    public func appendHistory(_ id: ItemID, _ entry: Riwayat) throws(StoreError) {
        let number = try Stored.number(id, .tugas, "id")
        try db.execute(Self.appendHistorySQL, number, Stored.date(entry.pada), entry.oleh, entry.aksi, entry.keterangan)
    }

    /// The task's history, oldest first.
    public func history(of id: ItemID) throws(StoreError) -> [Riwayat] {
        guard id.kind == .tugas else { return [] }
        var lines: [Riwayat] = []
        try db.eachRow(Self.historySQL, id.number) { row throws(StoreError) in lines.append(try RiwayatRow.decode(row)) }
        return lines
    }
}

/// Decodes `pada, oleh, aksi, keterangan` (task and agreement history share the layout).
enum RiwayatRow {
    static func decode(_ row: SQLRow) throws(StoreError) -> Riwayat {
        Riwayat(pada: try row.date(0), oleh: try row.text(1), aksi: try row.text(2), keterangan: row.optionalText(3))
    }
}

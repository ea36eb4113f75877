import Foundation
import GRDB
import RakorCore

/// The next period of a recurring task, and whether this call created it.
public struct NextPeriod: Sendable, Hashable {
    public var tugas: Tugas
    /// False when the period already existed (a repeated completion, a
    /// redelivered event): nothing was written.
    public var created: Bool

    public init(tugas: Tugas, created: Bool) {
        self.tugas = tugas
        self.created = created
    }
}

extension TugasRepository {
    static let findInSeriesSQL = "SELECT \(columns) FROM tugas WHERE seri = ? AND tenggat = ?"
    static let latestInSeriesSQL = "SELECT \(columns) FROM tugas WHERE seri = ? ORDER BY tenggat DESC LIMIT 1"

    /// The task of series `seri` due on `tenggat`, if any.
    public func findInSeries(_ seri: ItemID, tenggat: LocalDate) throws(StoreError) -> Tugas? {
        guard seri.kind == .tugas else { return nil }
        return try db.firstRow(Self.findInSeriesSQL, seri.number, Stored.day(tenggat), decode: Self.decode)
    }

    /// The latest-due task of series `seri`.
    public func latestInSeries(_ seri: ItemID) throws(StoreError) -> Tugas? {
        guard seri.kind == .tugas else { return nil }
        return try db.firstRow(Self.latestInSeriesSQL, seri.number, decode: Self.decode)
    }

    /// The period after `tugas` in its recurring series, created (open, same
    /// title, assignee, assigner and meeting) unless it exists already; nil
    /// when `tugas` does not recur.
    ///
    /// Due dates are counted from the series' first due date (first + k
    /// periods), not from the previous one, so a series starting on the 31st
    /// stays at month ends instead of drifting to the 28th after February.
    public func nextPeriod(of tugas: Tugas, createdAt: Date) throws(StoreError) -> NextPeriod? {
        guard let pengulangan = tugas.pengulangan else { return nil }
        let seri = tugas.seri ?? tugas.id
        let first = seri == tugas.id ? tugas : (try find(seri) ?? tugas)
        let due = Self.nextDue(first: first.tenggat, after: tugas.tenggat, months: pengulangan.months)
        if let existing = try findInSeries(seri, tenggat: due) {
            return NextPeriod(tugas: existing, created: false)
        }
        let next = try insert(judul: tugas.judul, untukOrg: tugas.untukOrg, olehUser: tugas.olehUser,
                              olehOrg: tugas.olehOrg, tenggat: due, rakor: tugas.rakor, status: .terbuka,
                              pengulangan: pengulangan, seri: seri, dibuatPada: createdAt)
        return NextPeriod(tugas: next, created: true)
    }

    /// The first `first + k·months` (k ≥ 1) strictly after `after`.
    static func nextDue(first: LocalDate, after: LocalDate, months: Int) -> LocalDate {
        let step = max(months, 1)
        let elapsed = (after.year * 12 + after.month) - (first.year * 12 + first.month)
        var k = max(1, elapsed / step)
        var due = first.adding(months: step * k)
        while due <= after {
            k += 1
            due = first.adding(months: step * k)
        }
        return due
    }
}

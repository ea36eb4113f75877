import Foundation
import GRDB
import RakorCore
@testable import RakorStore

/// A fixed instant (2024-11-20 01:15:00.123 UTC), with a sub-second part so
/// that date round trips are really tested.
let t0 = Date(timeIntervalSince1970: 1_732_065_300.123)

func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

func day(_ iso: String) -> LocalDate {
    guard let date = LocalDate(iso: iso) else { fatalError("bad test date \(iso)") }
    return date
}

/// A directory that is removed when the value is deinitialised.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("rakorstore-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var databasePath: String { url.appendingPathComponent("rakor.sqlite").path }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

extension RakorStore {
    /// EXPLAIN QUERY PLAN details of a query, for the index tests.
    func queryPlan(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> [String] {
        try readSync { session throws in
            var details: [String] = []
            try session.db.eachRow("EXPLAIN QUERY PLAN " + sql, array: arguments) { row throws(StoreError) in
                details.append(try row.text(3))
            }
            return details
        }
    }
}

/// Seeds a meeting; most task and agreement tests need one.
func seedRakor(_ session: StoreSession, judul: String = "Rakor Pilkada", org: String = "kesbangpol-63") throws -> Rakor {
    try session.rakor.insert(judul: judul, tanggal: day("2024-11-20"), tempat: "Banjarbaru", penyelenggara: org,
                             dibuatOleh: "u-heriansyah", dibuatPada: t0)
}

func seedTugas(_ session: StoreSession, _ judul: String, org: String, due: String,
               status: TugasStatus = .terbuka, rakor: ItemID? = nil,
               pengulangan: Pengulangan? = nil) throws -> Tugas {
    try session.tugas.insert(judul: judul, untukOrg: org, olehUser: "u-heriansyah", olehOrg: "kesbangpol-63",
                             tenggat: day(due), rakor: rakor, status: status, pengulangan: pengulangan,
                             dibuatPada: t0)
}

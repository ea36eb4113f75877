import Foundation
import RakorCore
import RakorStore

/// Puts `count` open tasks straight into a store with SQL (through the
/// store's own repository, in large transactions), not through Kafka:
/// a million commands would take longer than every workload together.
///
/// The tasks go to the regencies of Kalimantan Selatan, assigned by the
/// provincial coordinator the workloads send as, so W3's integrator events
/// (from the province's document system) may complete them.
enum TaskSeeder {
    static let assignees = ["kesbangpol-banjar", "kpu-banjar", "bawaslu-banjar", "kesbangpol-tanahbumbu",
                            "kpu-tanahbumbu", "kesbangpol-kotabaru", "kesbangpol-banjarmasin", "kpu-banjarmasin"]

    /// Due from June 2025 on: beyond the scheduler's lookahead from the
    /// workloads' "today" (2024-11-20), so by default the seeded tasks add
    /// size, not a burst of reminders (`--seed-due-from` measures that burst).
    static let defaultFirstDue = LocalDate(year: 2025, month: 6, day: 1) ?? LocalDate(daysSinceEpoch: 20_240)

    /// Due dates spread over 400 days from `firstDue`. Returns the seconds it took.
    static func seed(path: String, count: Int, firstDue: LocalDate = defaultFirstDue,
                     transactionSize: Int = 100_000) async throws -> Double {
        let start = Monotonic.nanoseconds()
        let store = try RakorStore(path: path)
        let created = Date(timeIntervalSince1970: 1_730_000_000)
        let firstDay = firstDue.daysSinceEpoch
        var done = 0
        while done < count {
            let from = done, to = min(count, done + transactionSize)
            try await store.write { session in
                let tugas = session.tugas
                for index in from..<to {
                    _ = try tugas.insert(
                        judul: "Tugas benih \(index + 1)", untukOrg: assignees[index % assignees.count],
                        olehUser: CommandMix.sender, olehOrg: "kesbangpol-kalsel",
                        tenggat: LocalDate(daysSinceEpoch: firstDay + index % 400), dibuatPada: created)
                }
            }
            done = to
        }
        try store.close()
        return Monotonic.seconds(since: start)
    }
}

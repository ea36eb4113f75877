import Foundation
import RakorCore
import RakorStore

/// Completing a task, shared by `/tugas selesai` and the document system's
/// `rakor.task.completed` event so both follow the same rules: only an open
/// task can be completed (`conflict` otherwise), the history records who and
/// why, and a recurring task opens its next period.
public enum TugasCompletion {
    public struct Result: Sendable {
        public var tugas: Tugas
        /// The next period of a recurring task, created by this completion.
        public var next: Tugas?
    }

    public static func complete(_ task: Tugas, by actor: String, note: String?, at now: Date,
                                session: StoreSession) throws -> Result {
        try task.requireOpen(for: Localized(id: "diselesaikan", en: "be completed"))
        try session.tugas.setStatus(task.id, .selesai, ditutupPada: now, catatan: note)
        try session.tugas.appendHistory(task.id, Riwayat(pada: now, oleh: actor, aksi: "selesai", keterangan: note))
        var closed = task
        closed.status = .selesai
        closed.ditutupPada = now
        if let note { closed.catatan = note }
        var next: Tugas?
        if let period = try session.tugas.nextPeriod(of: task, createdAt: now), period.created {
            try session.tugas.appendHistory(period.tugas.id, Riwayat(
                pada: now, oleh: actor, aksi: "dibuat", keterangan: "periode berikutnya dari \(task.id)"))
            next = period.tugas
        }
        return Result(tugas: closed, next: next)
    }
}

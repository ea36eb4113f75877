import Foundation
import RakorCore
import RakorStore

/// Closing a task, shared by `/tugas selesai`, `/tugas batal` and the
/// document system's `rakor.task.completed` event so all follow the same
/// rules: only an open task can be closed (`conflict` otherwise), the
/// history records who and why, and completing a recurring task opens its
/// next period (cancelling one does not: the series stops there).
public enum TugasCompletion {
    public struct Result: Sendable {
        public var tugas: Tugas
        /// The next period of a recurring task: created by this completion,
        /// or opened earlier by the scheduler when this one ran late.
        public var next: Tugas?
        /// Whether `next` was created now (and so needs its own audit event).
        public var nextCreated: Bool
    }

    /// Marks an open task `status` (`selesai` or `batal`) with `note` and a
    /// history line; `action` phrases the refusal for a closed task.
    public static func close(_ task: Tugas, as status: TugasStatus, action: Localized, by actor: String,
                             note: String?, at now: Date, session: StoreSession) throws -> Tugas {
        try task.requireOpen(for: action)
        try session.tugas.setStatus(task.id, status, ditutupPada: now, catatan: note)
        try session.tugas.appendHistory(task.id, Riwayat(pada: now, oleh: actor, aksi: status.rawValue, keterangan: note))
        var closed = task
        closed.status = status
        closed.ditutupPada = now
        if let note { closed.catatan = note }
        return closed
    }

    public static func complete(_ task: Tugas, by actor: String, note: String?, at now: Date,
                                session: StoreSession,
                                action: Localized = Localized(id: "diselesaikan", en: "be completed")) throws -> Result {
        let closed = try close(task, as: .selesai, action: action, by: actor, note: note, at: now, session: session)
        guard let period = try session.tugas.nextPeriod(of: closed, createdAt: now) else {
            return Result(tugas: closed, next: nil, nextCreated: false)
        }
        if period.created {
            try session.tugas.appendHistory(period.tugas.id, Riwayat(
                pada: now, oleh: actor, aksi: "dibuat", keterangan: "periode berikutnya setelah \(task.id)"))
        }
        return Result(tugas: closed, next: period.tugas, nextCreated: period.created)
    }
}

import Foundation
import RakorCommands
import RakorCore
import RakorStore

/// What one tick did.
public struct TickReport: Sendable {
    /// The instant the tick planned for.
    public var now: Date
    /// The watermark it started from (nil: the first tick on this database).
    public var watermark: Date?
    /// The messages it sent, in planned order.
    public var sent: [ScheduledMessage] = []
    /// Messages that were due but already marked sent (another process sent
    /// them first, or a tick at the same instant ran twice): not sent again.
    public var alreadySent = 0
    /// Recurring-task periods it opened because the previous one passed its
    /// due date uncompleted.
    public var createdPeriods: [Tugas] = []
    /// When the next message or rollover is due, within the look-ahead.
    public var nextDue: Date?

    public init(now: Date, watermark: Date?) {
        self.now = now
        self.watermark = watermark
    }
}

/// The audit event types the scheduler writes.
public enum SchedulerAuditTypes {
    public static let reminderSent = "rakor.reminder.sent"
    public static let taskEscalated = "rakor.task.escalated"
    /// A recurring task's next period, opened by the scheduler (the same type
    /// `/tugas baru` and `/tugas selesai` write for a new period).
    public static let taskAssigned = "rakor.task.assigned"
}

/// One tick inside one store transaction: read the state, plan, mark each
/// due message sent (skipping those already marked), write it and its audit
/// event to the outbox, open overdue recurring periods, move the watermark.
/// All of it commits together or not at all, so a crash at any point leaves
/// either nothing (the next tick redoes it) or everything (the relay
/// publishes it; the marks stop a second send).
enum ReminderTick {
    /// The most periods a single tick opens for one series (after a very
    /// long downtime a monthly series may be many periods behind).
    static let maxCatchUpPeriods = 240

    static func run(_ effects: inout EffectWriter, planner: ReminderPlanner, actor: String) throws -> TickReport {
        let session = effects.session
        let now = effects.now
        let directory = effects.directory
        let watermark = try session.reminders.watermark()
        let window = planner.taskWindow(watermark: watermark, now: now)
        let state = ScheduleState(subscriptions: try session.subscriptions.all(), tasks: try openTasks(session, due: window),
                                  catalog: effects.calendars, directory: directory)
        // One set of tracks serves both questions: what is due, and when next.
        let book = ChatBook(directory: directory, subscriptions: state.subscriptions)
        var tracks = planner.stageTracks(state, stageDays: window, book: book)
            + planner.taskTracks(state.tasks, directory: directory, book: book)
        var tasks = state.tasks
        let plan = planner.due(now: now, floor: planner.effectiveWatermark(watermark, now: now), tracks: tracks,
                               tasks: tasks, directory: directory)
        var report = TickReport(now: now, watermark: watermark)

        for message in plan.messages {
            guard try session.reminders.markSent(id: message.id, at: now, late: message.late) else {
                report.alreadySent += 1
                continue
            }
            try effects.send(ReminderText.message(message, now: now, directory: directory))
            try effects.audit(type: message.kind == .escalation ? SchedulerAuditTypes.taskEscalated
                                                                : SchedulerAuditTypes.reminderSent,
                              subject: message.item.subject, actor: actor, correlationID: message.id,
                              data: ["id": .string(message.id), "kind": .string(message.kind.rawValue),
                                     "chat": .string(message.chat), "item": .string(message.item.key),
                                     "offset": .string(message.offset.description),
                                     "planned_at": .string(RFC3339.format(message.plannedAt)),
                                     "zone": .string(message.zone.rawValue), "late": .bool(message.late)])
            report.sent.append(message)
        }

        var pending = plan.rollovers.map(\.tugas)
        var opened = 0
        while !pending.isEmpty, opened < maxCatchUpPeriods {
            let overdue = pending.removeFirst()
            guard let next = try session.tugas.nextPeriod(of: overdue, createdAt: now), next.created else { continue }
            opened += 1
            try session.tugas.appendHistory(next.tugas.id, Riwayat(
                pada: now, oleh: "rakorbot", aksi: "dibuat",
                keterangan: "periode berikutnya; \(overdue.id) lewat tenggat tanpa diselesaikan"))
            try effects.audit(type: SchedulerAuditTypes.taskAssigned, subject: "task/\(next.tugas.id)", actor: actor,
                              correlationID: "rollover:task/\(overdue.id)@\(overdue.tenggat.iso)",
                              data: ItemFormat.with(ItemFormat.with(ItemFormat.taskData(next.tugas), "sebelumnya",
                                                                    .string("\(overdue.id)")),
                                                    "sebab", "lewat_tenggat"))
            report.createdPeriods.append(next.tugas)
            tasks.append(next.tugas)
            tracks += planner.taskTracks([next.tugas], directory: directory, book: book)
            // After a long downtime the new period may itself be past due already.
            if planner.rolloverInstant(of: next.tugas, directory: directory) <= now { pending.append(next.tugas) }
        }

        try session.reminders.setWatermark(now)
        report.nextDue = planner.nextDue(after: now, tracks: tracks, tasks: tasks, directory: directory)
        return report
    }

    /// The open tasks due within `window`, read by keyset pages.
    static func openTasks(_ session: StoreSession, due window: ClosedRange<LocalDate>) throws -> [Tugas] {
        var tasks: [Tugas] = []
        var last: Tugas?
        while true {
            let page = try session.tugas.openTasksDue(from: window.lowerBound, through: window.upperBound, after: last,
                                                      limit: 1000)
            tasks += page
            guard page.count == 1000, let tail = page.last else { return tasks }
            last = tail
        }
    }
}

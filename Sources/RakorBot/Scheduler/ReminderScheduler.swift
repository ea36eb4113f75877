import Foundation
import Logging
import RakorCore
import RakorStore
import Synchronization

/// The bot speaking first: stage reminders to subscribed chats, task
/// reminders to the assignee's chats, escalations of overdue tasks to the
/// assigner and the supervisors, all at 08:00 in each recipient's region,
/// each exactly once.
///
/// Durable by construction: the plan is a pure function of the store's
/// state and the clock (`ReminderPlanner`); what was sent is in the store
/// (`reminder_sent`, keyed by the reminder id), and a tick commits its
/// messages, their audit events, the sent marks and the new watermark in
/// one transaction through the pipeline's emit path (one audit chain, one
/// outbox, one relay). A restart, a crash, a second process or a clock jump
/// can therefore neither lose nor repeat a message.
///
/// `run()` ticks, then sleeps until the next planned instant (computed, not
/// polled), at most `maximumSleep` so a moved clock is noticed, and less
/// when `wake()` says the plan may have changed (a task was created, a stage
/// rescheduled). `tick(now:)` is the whole of one step, for tests and tools
/// that drive the clock themselves.
public final class ReminderScheduler: Sendable {
    public let planner: ReminderPlanner
    public var policy: ReminderPolicy { planner.policy }
    let emitter: any ScheduledEmitter
    let clock: any RakorClock
    let actor: String
    let logger: Logger
    let signal = WakeSignal()
    private let lastReport = Mutex<TickReport?>(nil)

    init(emitter: any ScheduledEmitter, clock: any RakorClock, instance: String, policy: ReminderPolicy = .standard,
         logger: Logger = Logger(label: "rakorbot.scheduler")) {
        self.planner = ReminderPlanner(policy: policy)
        self.emitter = emitter
        self.clock = clock
        self.actor = "rakorbot/\(instance)"
        self.logger = logger
    }

    /// A scheduler that commits to `store`'s outbox through `processor`
    /// (the same audit chain and rules as the pipeline) without Kafka: for
    /// simulations and tools. A bot started on the database later publishes
    /// what it left in the outbox.
    public convenience init(store: RakorStore, processor: BatchProcessor, clock: any RakorClock,
                            policy: ReminderPolicy = .standard,
                            logger: Logger = Logger(label: "rakorbot.scheduler")) {
        self.init(emitter: StoreEmitter(store: store, processor: processor), clock: clock,
                  instance: processor.settings.instance, policy: policy, logger: logger)
    }

    /// Sends what is due at `now` (default: the clock's now) and returns what
    /// it did, including when the next message is due.
    @discardableResult
    public func tick(now: Date? = nil) async throws -> TickReport {
        let instant = now ?? clock.now()
        let planner = self.planner, actor = self.actor
        let box = Mutex<TickReport?>(nil)
        _ = try await emitter.emit(now: instant) { effects in
            let report = try ReminderTick.run(&effects, planner: planner, actor: actor)
            box.withLock { $0 = report }
        }
        guard let report = box.withLock({ $0 }) else {
            throw SchedulerError.noReport
        }
        lastReport.withLock { $0 = report }
        if !report.sent.isEmpty || !report.createdPeriods.isEmpty {
            logger.info("scheduled messages sent", metadata: [
                "sent": "\(report.sent.count)", "late": "\(report.sent.filter(\.late).count)",
                "periods_opened": "\(report.createdPeriods.count)",
                "next_due": "\(report.nextDue.map(RFC3339.format) ?? "-")",
            ])
        }
        return report
    }

    /// The last tick's report (nil before the first).
    public var lastTick: TickReport? { lastReport.withLock { $0 } }

    /// Tells the loop the plan may have changed: it ticks again soon (at most
    /// once per `minimumTickInterval`) instead of at its computed wake-up.
    public func wake() {
        signal.signal()
    }

    /// Wakes the loop after a committed batch that may have changed the plan.
    func noteCommitted(_ tally: BatchTally) {
        let changed = tally.commands.keys.contains { $0.outcome == "ok" && Self.planChangingCommands.contains($0.command) }
            || tally.events.keys.contains { $0.outcome == "ok" && Self.planChangingEvents.contains($0.command) }
        if changed { wake() }
    }

    static let planChangingCommands: Set<String> = ["/tugas baru", "/tugas alihkan", "/tugas selesai", "/tugas batal",
                                                    "/langganan", "/berhenti"]
    static let planChangingEvents: Set<String> = ["rakor.stage.rescheduled", "rakor.calendar.published",
                                                  "rakor.task.completed"]

    /// Ticks until the calling task is cancelled. A failed tick (the store
    /// refused, the relay is gone) is logged and retried with backoff: it
    /// committed nothing, so the retry sends what it would have.
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            let started = ContinuousClock.now
            var wait = policy.maximumSleep
            do {
                let report = try await tick()
                failures = 0
                if let next = report.nextDue {
                    let seconds = max(0, next.timeIntervalSince(clock.now()))
                    wait = min(wait, .milliseconds(Int64((seconds * 1000).rounded(.up))))
                }
            } catch {
                if Task.isCancelled { break }
                failures += 1
                wait = min(wait, .milliseconds(Int64(100 * (1 << min(failures, 9)))))
                logger.error("scheduler tick failed; retrying", metadata: [
                    "attempt": "\(failures)", "retry_in": "\(wait)", "error": "\(error)",
                ])
            }
            let cost = ContinuousClock.now - started
            let woken = await signal.wait(timeout: wait)
            if woken {
                // A burst of changes costs one tick per interval, not one each.
                let since = ContinuousClock.now - started
                let interval = Self.tickInterval(lastTickCost: cost, policy: policy)
                if since < interval {
                    try? await Task.sleep(for: interval - since)
                }
            }
        }
    }

    /// The shortest time between two woken ticks. A tick re-plans every open
    /// task in its window inside the store's single write transaction, so on
    /// a store with tens of thousands of tasks due soon one tick takes
    /// hundreds of milliseconds of the writer the pipeline needs: measured
    /// (`rakorbench --workloads W2-1M --seed-due-from 2024-11-21`), ticking
    /// every 500 ms cut `/tugas` throughput from ~11k to ~2.3k commands/s.
    /// Spacing woken ticks by `busyFactor` times the last tick's cost keeps
    /// the scheduler's share of the writer under ~1/(busyFactor+1) while a
    /// burst of commands keeps waking it. The cost includes waiting for the
    /// writer, so a busy pipeline spaces ticks further, never beyond the
    /// loop's maximum sleep (60 s by default): messages are planned for 08:00
    /// local and only count as late after `lateTolerance` (30 min).
    static func tickInterval(lastTickCost cost: Duration, policy: ReminderPolicy) -> Duration {
        let ceiling = max(policy.minimumTickInterval, policy.maximumSleep)
        return min(max(policy.minimumTickInterval, cost * busyFactor), ceiling)
    }

    /// Ticks at most `busyFactor` × their cost apart while woken.
    static let busyFactor = 9
}

/// The scheduler's own failures.
public enum SchedulerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The emit path committed without running the tick (a bug).
    case noReport

    public var description: String {
        switch self {
        case .noReport: "the scheduler's transaction finished without a report"
        }
    }
}

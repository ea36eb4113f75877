import Foundation
import RakorCore
import RakorStore
import Testing
@testable import RakorBot

@Suite("Scheduler: the run loop and its wake-up")
struct SchedulerRunLoopTests {
    static let kalsel = "wa:group-kesbangpol-kalsel"
    static let votingH7 = "rem:stage/pilkada2024/pemungutan-suara@2024-11-27:H-7:wa:group-kesbangpol-kalsel"

    /// Polls `condition` until it holds or `timeout` passes (a failure bound, not a timing assertion).
    static func eventually(timeout: Duration = .seconds(15), _ condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return try condition()
    }

    /// A chat subscribed at 07:00 WITA on 20 November, a tick at that time.
    static func subscribedWorld(policy: ReminderPolicy) async throws -> SchedulerWorld {
        let world = try await SchedulerWorld(start: try SchedulerFixtures.instant("2024-11-19T23:00:00Z"), policy: policy)
        let reply = try await world.command("/langganan pilkada2024", as: "u-heriansyah", chat: kalsel)
        #expect(reply.ok)
        try await world.tick()
        return world
    }

    @Test func theLoopSleepsUntilTheNextInstantAndSendsWhenTheClockGetsThere() async throws {
        // A short cap stands in for real time passing on a manual clock.
        let world = try await Self.subscribedWorld(policy: ReminderPolicy(maximumSleep: .milliseconds(20)))
        let scheduler = world.scheduler
        let eight = try SchedulerFixtures.instant("2024-11-20T00:00:00Z")
        let quietH3 = try SchedulerFixtures.instant("2024-11-21T00:00:00Z")
        let loop = Task { await scheduler.run() }
        #expect(await Self.eventually { scheduler.lastTick?.nextDue == eight })
        #expect(try world.sentLedger().isEmpty)
        world.clock.set(eight)
        #expect(try await Self.eventually { try world.sentLedger()[Self.votingH7] != nil })
        // Masa tenang's H-3 (21 November 08:00 WITA) is next.
        #expect(await Self.eventually { scheduler.lastTick?.nextDue == quietH3 })
        loop.cancel()
        await loop.value
        let ledger = try world.sentLedger()
        #expect(Set(ledger.keys) == [Self.votingH7,
                                     "rem:stage/pilkada2024/penghitungan-rekapitulasi@2024-11-27:H-7:\(Self.kalsel)"])
        #expect(ledger[Self.votingH7] == SentReminder(sentAt: try SchedulerFixtures.instant("2024-11-20T00:00:00Z"), late: false))
    }

    @Test func wakeEndsALongSleepAndCancellationEndsTheLoop() async throws {
        // The cap is a minute: only `wake()` can make this loop tick in time.
        let world = try await Self.subscribedWorld(policy: ReminderPolicy(maximumSleep: .seconds(60)))
        let scheduler = world.scheduler
        let loop = Task { await scheduler.run() }
        #expect(await Self.eventually { scheduler.lastTick != nil })
        world.clock.set(try SchedulerFixtures.instant("2024-11-20T00:00:00Z"))
        scheduler.wake()
        #expect(try await Self.eventually { try world.sentLedger()[Self.votingH7] != nil })
        loop.cancel()
        await loop.value
    }

    @Test func onlyBatchesThatCanChangeThePlanWakeIt() async throws {
        let world = try await SchedulerWorld(start: try SchedulerFixtures.instant("2024-11-19T23:00:00Z"))
        let scheduler = world.scheduler
        func pending() async -> Bool { await scheduler.signal.wait(timeout: .zero) }

        var reads = BatchTally()
        reads.command("/tenggat", nil)
        reads.command("/tugas daftar", nil)
        scheduler.noteCommitted(reads)
        #expect(await pending() == false)

        var refused = BatchTally()
        refused.command("/tugas baru", CommandFailure(.forbidden, id: "x", en: "x"))
        scheduler.noteCommitted(refused)
        #expect(await pending() == false)

        for name in ["/tugas baru", "/tugas selesai", "/langganan", "/berhenti"] {
            var changed = BatchTally()
            changed.command(name, nil)
            scheduler.noteCommitted(changed)
            #expect(await pending(), "\(name) should wake the scheduler")
        }
        var rescheduled = BatchTally()
        rescheduled.event("rakor.stage.rescheduled", nil)
        scheduler.noteCommitted(rescheduled)
        #expect(await pending())
    }

    @Test func aFailedTickIsRetriedNotFatal() async throws {
        let world = try await Self.subscribedWorld(policy: ReminderPolicy(maximumSleep: .milliseconds(20)))
        let before = try #require(world.scheduler.lastTick)
        try world.store.close()
        let scheduler = world.scheduler
        let loop = Task { await scheduler.run() }
        // The closed store refuses every tick; the loop keeps trying until cancelled.
        try await Task.sleep(for: .milliseconds(300))
        loop.cancel()
        await loop.value
        #expect(scheduler.lastTick?.now == before.now)
        await #expect(throws: (any Error).self) { try await scheduler.tick() }
    }
}

@Suite("Scheduler: WakeSignal")
struct SchedulerWakeSignalTests {
    @Test func aSignalBeforeTheWaitIsKept() async {
        let signal = WakeSignal()
        signal.signal()
        #expect(await signal.wait(timeout: .seconds(30)))
        // Consumed: the next wait times out.
        #expect(await signal.wait(timeout: .milliseconds(10)) == false)
    }

    @Test func aSignalDuringTheWaitEndsIt() async {
        let signal = WakeSignal()
        let signaller = Task {
            try? await Task.sleep(for: .milliseconds(50))
            signal.signal()
        }
        #expect(await signal.wait(timeout: .seconds(30)))
        await signaller.value
    }

    @Test func aZeroTimeoutReturnsAtOnce() async {
        let signal = WakeSignal()
        for _ in 0..<50 { #expect(await signal.wait(timeout: .zero) == false) }
    }

    @Test func cancellationEndsTheWait() async {
        let signal = WakeSignal()
        let waiter = Task { await signal.wait(timeout: .seconds(60)) }
        try? await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        #expect(await waiter.value == false)
    }
}

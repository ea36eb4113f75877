import Testing
@testable import RakorBot

/// Woken ticks are spaced by their cost, so a large store's re-planning
/// cannot take the single writer away from the pipeline during a burst.
@Suite("Scheduler tick spacing")
struct SchedulerTickSpacingTests {
    let policy = ReminderPolicy(maximumSleep: .seconds(60), minimumTickInterval: .milliseconds(500))

    @Test func aCheapTickKeepsTheMinimumInterval() {
        #expect(ReminderScheduler.tickInterval(lastTickCost: .milliseconds(3), policy: policy) == .milliseconds(500))
        #expect(ReminderScheduler.tickInterval(lastTickCost: .zero, policy: policy) == .milliseconds(500))
    }

    @Test func anExpensiveTickIsFollowedByAProportionalPause() {
        let interval = ReminderScheduler.tickInterval(lastTickCost: .milliseconds(400), policy: policy)
        #expect(interval == .milliseconds(400) * ReminderScheduler.busyFactor)
        // The scheduler's share of the writer stays at or under 1/(factor+1).
        let share = Double(400) / (Double(400) + interval / .milliseconds(1))
        #expect(share <= 1.0 / Double(ReminderScheduler.busyFactor) + 1e-9)
    }

    @Test func theSpacingNeverExceedsTheLoopsMaximumSleep() {
        #expect(ReminderScheduler.tickInterval(lastTickCost: .seconds(30), policy: policy) == .seconds(60))
        let tight = ReminderPolicy(maximumSleep: .milliseconds(100), minimumTickInterval: .milliseconds(500))
        #expect(ReminderScheduler.tickInterval(lastTickCost: .seconds(1), policy: tight) == .milliseconds(500))
    }
}

import Foundation

/// When the bot speaks first. The defaults are issue 6's: reminders at H-7,
/// H-3, H-1 and H-0, an escalation at H+1, all at 08:00 in the recipient's
/// region.
public struct ReminderPolicy: Sendable, Hashable {
    /// Reminder days before day H (a stage's first day, a task's due date).
    public var reminderOffsets: [HOffset]
    /// When an open task past its due date is escalated.
    public var escalationOffset: HOffset
    /// Local wall-clock time every message is planned for.
    public var hour: Int
    public var minute: Int
    /// A message sent more than this after its planned instant is marked
    /// `late` and says so (the bot was down, or the clock jumped). Below it a
    /// message merely waited for a busy writer or the loop's wake-up.
    public var lateTolerance: TimeInterval
    /// The run loop sleeps at most this long, so a changed clock (an
    /// operator's `--now`, NTP) is noticed within it.
    public var maximumSleep: Duration
    /// The run loop ticks at most this often when woken (a burst of
    /// `/tugas baru` wakes it many times; one tick covers them all).
    public var minimumTickInterval: Duration
    /// How far ahead `nextDue` looks: beyond it, there is nothing to compute
    /// (the loop wakes every `maximumSleep` anyway).
    public var lookaheadDays: Int
    /// Whether a recurring task's next period is created when a period's due
    /// date passes uncompleted (at H+1 in the assignee's region), not only
    /// when it is completed.
    public var rollsOverOverduePeriods: Bool

    public init(reminderOffsets: [HOffset] = [.before(7), .before(3), .before(1), .before(0)],
                escalationOffset: HOffset = .after(1), hour: Int = 8, minute: Int = 0,
                lateTolerance: TimeInterval = 30 * 60, maximumSleep: Duration = .seconds(60),
                minimumTickInterval: Duration = .milliseconds(500), lookaheadDays: Int = 8,
                rollsOverOverduePeriods: Bool = true) {
        // Earliest first, without repeats: "the most recent offset" is the last one due.
        self.reminderOffsets = Array(Set(reminderOffsets)).sorted()
        self.escalationOffset = escalationOffset
        self.hour = min(max(hour, 0), 23)
        self.minute = min(max(minute, 0), 59)
        self.lateTolerance = max(lateTolerance, 0)
        self.maximumSleep = maximumSleep
        self.minimumTickInterval = minimumTickInterval
        self.lookaheadDays = max(lookaheadDays, 1)
        self.rollsOverOverduePeriods = rollsOverOverduePeriods
    }

    public static let standard = ReminderPolicy()

    /// Days before H of the earliest reminder (7) and after H of the latest
    /// message (1): how far a plan must look around a date window.
    var maxDaysBefore: Int { max(reminderOffsets.map(\.daysBefore).max() ?? 0, escalationOffset.daysBefore, 0) }
    var maxDaysAfter: Int { max(-(reminderOffsets.map(\.daysBefore).min() ?? 0), -escalationOffset.daysBefore, 0) }
}

import Foundation
import RakorCore
import RakorStore

/// The scheduler's core, a pure function: given `now`, the last run's
/// watermark and the state, which reminders, escalations and recurring-task
/// rollovers are due, and when the next one will be.
///
/// Each (item, recipient chat) is a *track* with planned instants, one per
/// offset, at 08:00 in the chat's region on that offset's day. At a tick:
///
/// 1. Only the track's **most recent** offset whose instant has come counts;
///    older ones are superseded. Normally that is the one that just came
///    due; after downtime it is the latest one missed, so a week down sends
///    one late `H-1`, not `H-7`, `H-3` and `H-1` together.
/// 2. It is due only if its instant lies after the watermark (the previous
///    tick's `now`): the scheduler never goes back for something planned
///    before it last looked. What was planned then was sent then, or was not
///    meant to be (the task did not exist yet, the stage had another date).
/// 3. It is due only if planned at or after the track began (the task was
///    created, the chat subscribed): subscribing never replays the past.
/// 4. A reminder expires when its day H ends in the chat's region: after
///    voting day, "H-0 voting day" is noise. An escalation does not expire
///    (the task is still open and someone must hear it), but like everything
///    else it is looked for only after the watermark.
/// 5. It is `late` when `now` is more than the tolerance past its instant.
///
/// Whether it was already sent is not the planner's business: the tick
/// marks each id in the store's `reminder_sent` table in the same
/// transaction and sends only what was not marked yet.
///
/// With no watermark (the first run on a database) the plan starts at `now`.
/// A watermark ahead of `now` (the clock went back) counts as `now`: the
/// `reminder_sent` table, not the clock, prevents repeats.
public struct ReminderPlanner: Sendable {
    public let policy: ReminderPolicy

    public init(policy: ReminderPolicy = .standard) {
        self.policy = policy
    }

    // MARK: - Due

    public func due(now: Date, watermark: Date?, state: ScheduleState) -> DuePlan {
        let floor = effectiveWatermark(watermark, now: now)
        return due(now: now, floor: floor, tracks: tracks(state, stageDays: dayWindow(from: floor, to: now)),
                   tasks: state.tasks, directory: state.directory)
    }

    /// `due` over tracks built once per tick (`floor`: the effective watermark).
    func due(now: Date, floor: Date, tracks: [Track], tasks: [Tugas], directory: Directory) -> DuePlan {
        var messages: [ScheduledMessage] = []
        for track in tracks {
            guard let (offset, planned) = track.latest(atOrBefore: now, policy: policy),
                  planned > floor, planned >= track.notBefore else { continue }
            if let expires = track.expires(policy: policy), now >= expires { continue }
            messages.append(ScheduledMessage(kind: track.kind, item: track.item, offset: offset, chat: track.chat,
                                             zone: track.zone, lang: track.lang, plannedAt: planned,
                                             late: now.timeIntervalSince(planned) > policy.lateTolerance))
        }
        messages.sort { $0.plannedAt != $1.plannedAt ? $0.plannedAt < $1.plannedAt : $0.id < $1.id }

        var rollovers: [ScheduledRollover] = []
        if policy.rollsOverOverduePeriods {
            for tugas in tasks where tugas.status == .terbuka && tugas.pengulangan != nil {
                let planned = rolloverInstant(of: tugas, directory: directory)
                if planned > floor, planned <= now, planned >= tugas.dibuatPada {
                    rollovers.append(ScheduledRollover(tugas: tugas, plannedAt: planned))
                }
            }
            rollovers.sort {
                $0.plannedAt != $1.plannedAt ? $0.plannedAt < $1.plannedAt : $0.tugas.id.number < $1.tugas.id.number
            }
        }
        return DuePlan(messages: messages, rollovers: rollovers)
    }

    // MARK: - Next

    /// The first instant after `now`, within the look-ahead, at which
    /// something becomes due; nil if nothing does.
    public func nextDue(after now: Date, state: ScheduleState) -> Date? {
        let horizon = now.addingTimeInterval(Double(policy.lookaheadDays) * 86_400)
        return nextDue(after: now, tracks: tracks(state, stageDays: dayWindow(from: now, to: horizon)),
                       tasks: state.tasks, directory: state.directory)
    }

    /// `nextDue` over tracks built once per tick.
    func nextDue(after now: Date, tracks: [Track], tasks: [Tugas], directory: Directory) -> Date? {
        let horizon = now.addingTimeInterval(Double(policy.lookaheadDays) * 86_400)
        var next: Date?
        func consider(_ instant: Date) {
            if instant > now, instant <= horizon, next.map({ instant < $0 }) ?? true { next = instant }
        }
        for track in tracks {
            let expires = track.expires(policy: policy)
            for offset in track.offsets {
                let planned = track.planned(offset, policy: policy)
                guard planned > now, planned >= track.notBefore else { continue }
                if expires.map({ planned < $0 }) ?? true { consider(planned) }
                break
            }
        }
        if policy.rollsOverOverduePeriods {
            for tugas in tasks where tugas.status == .terbuka && tugas.pengulangan != nil {
                let planned = rolloverInstant(of: tugas, directory: directory)
                if planned >= tugas.dibuatPada { consider(planned) }
            }
        }
        return next
    }

    // MARK: - Windows

    /// The due dates of the open tasks a tick must read: every day H with a
    /// planned instant after the watermark and up to the look-ahead.
    public func taskWindow(watermark: Date?, now: Date) -> ClosedRange<LocalDate> {
        let floor = effectiveWatermark(watermark, now: now)
        let horizon = now.addingTimeInterval(Double(policy.lookaheadDays) * 86_400)
        return dayWindow(from: floor, to: horizon)
    }

    /// When a recurring period that is still open rolls over: H+1 at 08:00
    /// in the assignee's region (with the escalation, by default).
    public func rolloverInstant(of tugas: Tugas, directory: Directory) -> Date {
        let zone = directory.organisation(id: tugas.untukOrg)?.zone ?? .WIB
        return zone.instant(of: tugas.tenggat.adding(days: -policy.escalationOffset.daysBefore),
                            hour: policy.hour, minute: policy.minute)
    }

    func effectiveWatermark(_ watermark: Date?, now: Date) -> Date {
        guard let watermark else { return now }
        return min(watermark, now)
    }

    /// Days H whose planned instants (in any zone, at any offset) can fall
    /// between `start` and `end`, with a day's margin each side.
    func dayWindow(from start: Date, to end: Date) -> ClosedRange<LocalDate> {
        func utcDay(_ instant: Date) -> LocalDate {
            LocalDate(daysSinceEpoch: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down)))
        }
        let low = utcDay(start).adding(days: -(policy.maxDaysAfter + 2))
        let high = utcDay(max(start, end)).adding(days: policy.maxDaysBefore + 2)
        return low...high
    }

    // MARK: - Tracks

    /// Every (item, chat) with its offsets: stage reminders to subscribed
    /// chats (stages whose day H lies in `stageDays`), task reminders to the
    /// assignee organisation's chats, escalations to the assigner's chats
    /// and to the chats of the `pengawas` whose jurisdiction covers the
    /// assignee.
    func tracks(_ state: ScheduleState, stageDays: ClosedRange<LocalDate>) -> [Track] {
        let book = ChatBook(directory: state.directory, subscriptions: state.subscriptions)
        return stageTracks(state, stageDays: stageDays, book: book)
            + taskTracks(state.tasks, directory: state.directory, book: book)
    }

    func stageTracks(_ state: ScheduleState, stageDays: ClosedRange<LocalDate>, book: ChatBook) -> [Track] {
        var tracks: [Track] = []
        var calendars: [String: ElectionCalendar?] = [:]
        for subscription in state.subscriptions {
            let calendar: ElectionCalendar?
            if let cached = calendars[subscription.election] {
                calendar = cached
            } else {
                calendar = state.catalog.calendar(named: subscription.election)
                calendars[subscription.election] = calendar
            }
            guard let calendar else { continue }
            for stage in calendar.stages where stageDays.contains(stage.dates.first) {
                tracks.append(Track(kind: .reminder,
                                    item: .stage(calendarID: calendar.id, calendarName: calendar.name, stage: stage),
                                    chat: subscription.chat,
                                    zone: book.zone(of: subscription.chat, recorded: subscription.zone),
                                    lang: book.lang(of: subscription.chat, recorded: subscription.lang),
                                    offsets: policy.reminderOffsets, notBefore: subscription.since, expiresAtDayEnd: true))
            }
        }
        return tracks
    }

    func taskTracks(_ tasks: [Tugas], directory: Directory, book: ChatBook) -> [Track] {
        var tracks: [Track] = []
        tracks.reserveCapacity(tasks.count * 4)
        // Many tasks share an assigner and an assignee: work the recipients out once per pair.
        var escalations: [String: [String]] = [:]
        let escalationOffsets = [policy.escalationOffset]
        for tugas in tasks where tugas.status == .terbuka {
            guard let assignee = directory.organisation(id: tugas.untukOrg) else { continue }
            for chat in assignee.chats {
                tracks.append(Track(kind: .reminder, item: .task(tugas), chat: chat, zone: book.zone(of: chat),
                                    lang: book.lang(of: chat), offsets: policy.reminderOffsets,
                                    notBefore: tugas.dibuatPada, expiresAtDayEnd: true))
            }
            let pair = tugas.olehOrg + "\u{1F}" + tugas.untukOrg
            let chats: [String]
            if let known = escalations[pair] {
                chats = known
            } else {
                chats = escalationChats(of: tugas, assignee: assignee, directory: directory)
                escalations[pair] = chats
            }
            for chat in chats {
                tracks.append(Track(kind: .escalation, item: .task(tugas), chat: chat, zone: book.zone(of: chat),
                                    lang: book.lang(of: chat), offsets: escalationOffsets,
                                    notBefore: tugas.dibuatPada, expiresAtDayEnd: false))
            }
        }
        return tracks
    }

    /// The assigner organisation's chats, then those of every organisation
    /// with a `pengawas` covering the assignee, each chat once.
    func escalationChats(of tugas: Tugas, assignee: Organisation, directory: Directory) -> [String] {
        var seen = Set<String>()
        var chats: [String] = []
        var orgs: [String] = [tugas.olehOrg]
        orgs += directory.pengawas(covering: assignee).map(\.org)
        for orgID in orgs {
            for chat in directory.organisation(id: orgID)?.chats ?? [] where seen.insert(chat).inserted {
                chats.append(chat)
            }
        }
        return chats
    }
}

/// One (item, chat) and the offsets it is planned at.
struct Track {
    var kind: OutboundMessage.Kind
    var item: ScheduledItem
    var chat: String
    var zone: ZonaWaktu
    var lang: Lang
    /// Earliest first.
    var offsets: [HOffset]
    var notBefore: Date
    var expiresAtDayEnd: Bool
    /// Day H as days since 1970-01-01: instants are plain arithmetic from it
    /// (a tick walks tens of thousands of tracks).
    let dayNumber: Int

    init(kind: OutboundMessage.Kind, item: ScheduledItem, chat: String, zone: ZonaWaktu, lang: Lang,
         offsets: [HOffset], notBefore: Date, expiresAtDayEnd: Bool) {
        self.kind = kind
        self.item = item
        self.chat = chat
        self.zone = zone
        self.lang = lang
        self.offsets = offsets
        self.notBefore = notBefore
        self.expiresAtDayEnd = expiresAtDayEnd
        self.dayNumber = item.day.daysSinceEpoch
    }

    /// 08:00 (the policy's time) in the chat's zone on the offset's day;
    /// the same instant as `zone.instant(of: day - offset, hour:minute:)`.
    func planned(_ offset: HOffset, policy: ReminderPolicy) -> Date {
        let seconds = (dayNumber - offset.daysBefore) * 86_400 + policy.hour * 3600 + policy.minute * 60
            - zone.secondsFromUTC
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The most recent offset planned at or before `now`.
    func latest(atOrBefore now: Date, policy: ReminderPolicy) -> (HOffset, Date)? {
        for offset in offsets.reversed() {
            let instant = planned(offset, policy: policy)
            if instant <= now { return (offset, instant) }
        }
        return nil
    }

    /// Local midnight after day H, for reminders.
    func expires(policy: ReminderPolicy) -> Date? {
        guard expiresAtDayEnd else { return nil }
        return Date(timeIntervalSince1970: TimeInterval((dayNumber + 1) * 86_400 - zone.secondsFromUTC))
    }
}

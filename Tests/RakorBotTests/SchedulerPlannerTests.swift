import Foundation
import RakorCore
import RakorStore
import Testing
@testable import RakorBot

/// The pure core: which messages are due given `now`, the watermark and the
/// state. Times are UTC; 08:00 WITA is 00:00Z, 08:00 WIB 01:00Z, 08:00 WIT
/// 23:00Z the day before.
@Suite("Scheduler: the planner")
struct SchedulerPlannerTests {
    static let kalsel = "wa:group-kesbangpol-kalsel"

    static func t(_ text: String) throws -> Date { try SchedulerFixtures.instant(text) }
    static func d(_ text: String) throws -> LocalDate { try SchedulerFixtures.day(text) }

    /// A small calendar: a one-day stage, a range and a deadline known only by its end.
    static func catalog() throws -> CalendarCatalog {
        let source = ["https://example.org/pkpu-uji"]
        return CalendarCatalog([ElectionCalendar(
            id: "uji2024", name: Localized("Uji 2024"), kind: .pilkada, year: 2024, regulation: "PKPU uji",
            sources: source,
            stages: [
                Tahapan(id: "pemungutan-suara", name: Localized(id: "Pemungutan suara", en: "Voting day"),
                        dates: DateSpan(day: try d("2024-11-27")), sources: source),
                Tahapan(id: "kampanye", name: Localized(id: "Pelaksanaan kampanye", en: "Campaign period"),
                        dates: try #require(DateSpan(start: try d("2024-09-25"), end: try d("2024-11-23"))), sources: source),
                Tahapan(id: "penyusunan", name: Localized(id: "Penyusunan peraturan", en: "Drafting regulations"),
                        dates: try #require(DateSpan(start: nil, end: try d("2024-11-18"))), sources: source),
            ])])
    }

    static func state(_ subscriptions: [Subscription] = [], tasks: [Tugas] = []) throws -> ScheduleState {
        ScheduleState(subscriptions: subscriptions, tasks: tasks, catalog: try catalog(),
                      directory: try SchedulerFixtures.directory())
    }

    static func subscription(_ chat: String = kalsel, since: String = "2024-11-01T00:00:00Z", zone: ZonaWaktu? = nil,
                             lang: Lang? = nil) throws -> Subscription {
        Subscription(election: "uji2024", chat: chat, since: try t(since), zone: zone, lang: lang)
    }

    static func task(_ number: Int64 = 12, to org: String = "kpu-banjar", by assigner: String = "kesbangpol-kalsel",
                     due: String = "2024-11-15", created: String = "2024-11-01T00:00:00Z",
                     status: TugasStatus = .terbuka, pengulangan: Pengulangan? = nil) throws -> Tugas {
        Tugas(id: ItemID(.tugas, number), judul: "Data TPS rawan", untukOrg: org, olehUser: "u-heriansyah",
              olehOrg: assigner, tenggat: try d(due), status: status, pengulangan: pengulangan,
              seri: pengulangan == nil ? nil : ItemID(.tugas, number), dibuatPada: try t(created))
    }

    static let planner = ReminderPlanner()
    static let voting = "rem:stage/uji2024/pemungutan-suara@2024-11-27"

    // MARK: Offsets, ids, policy

    @Test func offsetsReadAndOrderTheWayOfficialsCount() {
        #expect(HOffset.before(7).description == "H-7")
        #expect(HOffset.before(0).description == "H-0")
        #expect(HOffset.after(1).description == "H+1")
        #expect(HOffset("H-3") == .before(3))
        #expect(HOffset("h+1") == .after(1))
        #expect(HOffset("H3") == nil)
        #expect(HOffset("H-x") == nil)
        #expect(HOffset("H--1") == nil)
        #expect([HOffset.after(1), .before(0), .before(7), .before(3)].sorted() == [.before(7), .before(3), .before(0), .after(1)])
    }

    @Test func idsDeriveFromItemDayOffsetAndChat() throws {
        let catalog = try Self.catalog()
        let calendar = try #require(catalog.calendar(named: "uji2024"))
        let voting = ScheduledItem.stage(calendarID: "uji2024", calendarName: calendar.name,
                                         stage: try #require(calendar.stage(id: "pemungutan-suara")))
        #expect(voting.key == "stage/uji2024/pemungutan-suara@2024-11-27")
        #expect(voting.subject == "calendar/uji2024/pemungutan-suara")
        let campaign = ScheduledItem.stage(calendarID: "uji2024", calendarName: calendar.name,
                                           stage: try #require(calendar.stage(id: "kampanye")))
        #expect(campaign.day == (try Self.d("2024-09-25")), "a range counts to its first day")
        let drafting = ScheduledItem.stage(calendarID: "uji2024", calendarName: calendar.name,
                                           stage: try #require(calendar.stage(id: "penyusunan")))
        #expect(drafting.day == (try Self.d("2024-11-18")), "a deadline known by its end counts to it")
        let task = ScheduledItem.task(try Self.task())
        #expect(task.key == "task/T-12@2024-11-15")
        #expect(task.subject == "task/T-12")
        let message = ScheduledMessage(kind: .escalation, item: task, offset: .after(1), chat: "wa:x", zone: .WIB,
                                       lang: .id, plannedAt: try Self.t("2024-11-16T01:00:00Z"), late: false)
        #expect(message.id == "esc:task/T-12@2024-11-15:H+1:wa:x")
        #expect(ScheduledMessage.id(kind: .reminder, itemKey: voting.key, offset: .before(1), chat: "wa:y")
                == "rem:stage/uji2024/pemungutan-suara@2024-11-27:H-1:wa:y")
    }

    @Test func policyNormalisesItsOffsetsAndBounds() {
        let policy = ReminderPolicy(reminderOffsets: [.before(0), .before(3), .before(3), .before(14)], hour: 30,
                                    minute: -5, lateTolerance: -1, lookaheadDays: 0)
        #expect(policy.reminderOffsets == [.before(14), .before(3), .before(0)])
        #expect(policy.hour == 23)
        #expect(policy.minute == 0)
        #expect(policy.lateTolerance == 0)
        #expect(policy.lookaheadDays == 1)
        #expect(policy.maxDaysBefore == 14)
        #expect(policy.maxDaysAfter == 1)
        #expect(ReminderPolicy.standard.reminderOffsets == [.before(7), .before(3), .before(1), .before(0)])
        #expect(ReminderPolicy.standard.escalationOffset == .after(1))
        #expect(ReminderPolicy.standard.hour == 8)
    }

    // MARK: Due

    @Test func theFirstRunOnADatabaseOnlyLooksForward() throws {
        let plan = Self.planner.due(now: try Self.t("2024-11-20T00:00:00Z"), watermark: nil,
                                    state: try Self.state([Self.subscription()]))
        #expect(plan.messages.isEmpty)
    }

    @Test func aReminderIsDueAt0800InTheChatsRegionAndLateOnlyPastTheTolerance() throws {
        let state = try Self.state([Self.subscription()])
        let watermark = try Self.t("2024-11-19T23:59:00Z")
        let onTime = Self.planner.due(now: try Self.t("2024-11-20T00:00:00Z"), watermark: watermark, state: state)
        #expect(onTime.messages.map(\.id) == ["\(Self.voting):H-7:\(Self.kalsel)"])
        let message = try #require(onTime.messages.first)
        #expect(message.kind == .reminder)
        #expect(message.offset == .before(7))
        #expect(message.zone == .WITA)
        #expect(message.lang == .id)
        #expect(message.plannedAt == (try Self.t("2024-11-20T00:00:00Z")))
        #expect(message.late == false)
        // The tolerance is 30 minutes: at it, not late; a second past it, late.
        #expect(Self.planner.due(now: try Self.t("2024-11-20T00:30:00Z"), watermark: watermark, state: state)
                    .messages.map(\.late) == [false])
        #expect(Self.planner.due(now: try Self.t("2024-11-20T00:30:01Z"), watermark: watermark, state: state)
                    .messages.map(\.late) == [true])
        // A second before 08:00 WITA nothing is due.
        #expect(Self.planner.due(now: try Self.t("2024-11-19T23:59:59Z"), watermark: watermark, state: state)
                    .messages.isEmpty)
    }

    @Test func afterDowntimeOnlyTheMostRecentMissedOffsetIsDue() throws {
        // Down from 18 November to 26 November 03:00Z: H-7 and H-3 and H-1 of
        // voting day were missed; H-1 alone goes out, late.
        let plan = Self.planner.due(now: try Self.t("2024-11-26T03:00:00Z"), watermark: try Self.t("2024-11-18T12:00:00Z"),
                                    state: try Self.state([Self.subscription()]))
        #expect(plan.messages.map(\.id) == ["\(Self.voting):H-1:\(Self.kalsel)"])
        #expect(plan.messages.first?.late == true)
        #expect(plan.messages.first?.plannedAt == (try Self.t("2024-11-26T00:00:00Z")))
    }

    @Test func aReminderExpiresWhenItsDayEndsInTheChatsRegion() throws {
        let state = try Self.state([Self.subscription()])
        let watermark = try Self.t("2024-11-26T12:00:00Z")
        // 23:59 WITA on voting day: H-0 still goes out (late).
        #expect(Self.planner.due(now: try Self.t("2024-11-27T15:59:00Z"), watermark: watermark, state: state)
                    .messages.map(\.id) == ["\(Self.voting):H-0:\(Self.kalsel)"])
        // Midnight WITA: the day is over.
        #expect(Self.planner.due(now: try Self.t("2024-11-27T16:00:00Z"), watermark: watermark, state: state)
                    .messages.isEmpty)
    }

    @Test func nothingPlannedBeforeTheSubscriptionIsSent() throws {
        let state = try Self.state([Self.subscription(since: "2024-11-22T00:00:00Z")])
        let watermark = try Self.t("2024-11-19T00:00:00Z")
        #expect(Self.planner.due(now: try Self.t("2024-11-23T00:00:00Z"), watermark: watermark, state: state).messages.isEmpty)
        #expect(Self.planner.due(now: try Self.t("2024-11-24T00:00:00Z"), watermark: watermark, state: state)
                    .messages.map(\.id) == ["\(Self.voting):H-3:\(Self.kalsel)"])
    }

    @Test func aWatermarkAheadOfTheClockCountsAsNow() throws {
        // The clock went back: nothing is replayed, and what comes due next is found.
        let state = try Self.state([Self.subscription()])
        let now = try Self.t("2024-11-24T00:00:00Z")
        #expect(Self.planner.due(now: now, watermark: try Self.t("2024-12-01T00:00:00Z"), state: state).messages.isEmpty)
        #expect(Self.planner.nextDue(after: now, state: state) == (try Self.t("2024-11-26T00:00:00Z")))
        #expect(Self.planner.taskWindow(watermark: try Self.t("2024-12-01T00:00:00Z"), now: now)
                == Self.planner.taskWindow(watermark: now, now: now))
    }

    @Test func aChatsRegionIsItsOrganisationsElseTheSubscribersElseWIB() throws {
        let state = try Self.state([
            // An organisation group: the directory's zone wins over a recorded one.
            Self.subscription(Self.kalsel, zone: .WIT),
            Self.subscription("wa:dm-unknown"),
            Self.subscription("wa:dm-grace", zone: .WIT, lang: .en),
        ])
        let plan = Self.planner.due(now: try Self.t("2024-11-20T01:00:00Z"), watermark: try Self.t("2024-11-19T12:00:00Z"),
                                    state: state)
        let byChat = Dictionary(uniqueKeysWithValues: plan.messages.map { ($0.chat, $0) })
        #expect(byChat[Self.kalsel]?.zone == .WITA)
        #expect(byChat[Self.kalsel]?.plannedAt == (try Self.t("2024-11-20T00:00:00Z")))
        #expect(byChat["wa:dm-unknown"]?.zone == .WIB)
        #expect(byChat["wa:dm-unknown"]?.plannedAt == (try Self.t("2024-11-20T01:00:00Z")))
        #expect(byChat["wa:dm-grace"]?.zone == .WIT)
        #expect(byChat["wa:dm-grace"]?.plannedAt == (try Self.t("2024-11-19T23:00:00Z")))
        #expect(byChat["wa:dm-grace"]?.lang == .en)
        // In planned order.
        #expect(plan.messages.map(\.chat) == ["wa:dm-grace", Self.kalsel, "wa:dm-unknown"])
    }

    @Test func anOverdueTaskIsEscalatedToTheAssignerAndEverySupervisorOnce() throws {
        let state = try Self.state(tasks: [Self.task()])
        let plan = Self.planner.due(now: try Self.t("2024-11-16T01:00:00Z"), watermark: try Self.t("2024-11-15T12:00:00Z"),
                                    state: state)
        let item = "task/T-12@2024-11-15"
        #expect(plan.messages.map(\.id) == [
            "esc:\(item):H+1:wa:group-bawaslu-banjar", "esc:\(item):H+1:wa:group-bawaslu-kalsel",
            "esc:\(item):H+1:wa:group-kesbangpol-kalsel", "esc:\(item):H+1:wa:group-rakor-pilkada-kalsel",
            "esc:\(item):H+1:wa:group-setda-kalsel", "esc:\(item):H+1:wa:group-ditjen-polpum",
        ])
        #expect(plan.messages.allSatisfy { $0.kind == .escalation && $0.offset == .after(1) })
        // At 09:00 WITA the WITA groups' escalations are an hour past 08:00: late; the WIB one is on time.
        #expect(plan.messages.map(\.late) == [true, true, true, true, true, false])
        #expect(plan.messages.last?.plannedAt == (try Self.t("2024-11-16T01:00:00Z")))
        let assignee = try #require(state.directory.organisation(id: "kpu-banjar"))
        #expect(Self.planner.escalationChats(of: try Self.task(), assignee: assignee, directory: state.directory) == [
            "wa:group-kesbangpol-kalsel", "wa:group-rakor-pilkada-kalsel", "wa:group-ditjen-polpum",
            "wa:group-bawaslu-kalsel", "wa:group-setda-kalsel", "wa:group-bawaslu-banjar",
        ])
        // An assigner gone from the directory: the supervisors still hear of it.
        #expect(Self.planner.escalationChats(of: try Self.task(by: "dinas-lama"), assignee: assignee,
                                             directory: state.directory).count == 4)
    }

    @Test func taskRemindersGoToTheAssigneesChatsInTheChatsLanguage() throws {
        let watermark = try Self.t("2024-11-11T12:00:00Z")
        let now = try Self.t("2024-11-12T00:00:00Z")
        let plain = Self.planner.due(now: now, watermark: watermark, state: try Self.state(tasks: [Self.task()]))
        #expect(plain.messages.map(\.id) == ["rem:task/T-12@2024-11-15:H-3:wa:group-kpu-banjar"])
        #expect(plain.messages.first?.lang == .id)
        // The KPU Banjar group once subscribed in English: it reads English.
        let english = Self.planner.due(now: now, watermark: watermark, state: try Self.state(
            [Self.subscription("wa:group-kpu-banjar", since: "2024-12-01T00:00:00Z", lang: .en)], tasks: [Self.task()]))
        #expect(english.messages.first?.lang == .en)
    }

    @Test func closedTasksAndUnknownAssigneesAreNeitherRemindedNorEscalated() throws {
        let now = try Self.t("2024-11-16T01:00:00Z")
        let watermark = try Self.t("2024-11-01T00:00:00Z")
        for task in [try Self.task(status: .selesai), try Self.task(status: .batal), try Self.task(to: "dinas-lama")] {
            #expect(Self.planner.due(now: now, watermark: watermark, state: try Self.state(tasks: [task])).messages.isEmpty)
        }
    }

    @Test func aTaskCreatedAfterAnOffsetDoesNotGetIt() throws {
        // Created at 09:00 WITA on H-3: its H-3 (08:00) is not sent, H-1 is.
        let task = try Self.task(created: "2024-11-12T01:00:00Z")
        let state = try Self.state(tasks: [task])
        #expect(Self.planner.due(now: try Self.t("2024-11-12T01:00:00Z"), watermark: try Self.t("2024-11-11T00:00:00Z"),
                                 state: state).messages.isEmpty)
        #expect(Self.planner.nextDue(after: try Self.t("2024-11-12T01:00:00Z"), state: state)
                == (try Self.t("2024-11-14T00:00:00Z")))
    }

    @Test func anOpenRecurringPeriodRollsOverAtHPlusOneInTheAssigneesRegion() throws {
        let recurring = try Self.task(3, to: "kesbangpol-maluku", by: "kemendagri-polpum", due: "2024-09-30",
                                      created: "2024-09-01T00:00:00Z", pengulangan: .bulanan)
        let directory = try SchedulerFixtures.directory()
        let instant = Self.planner.rolloverInstant(of: recurring, directory: directory)
        #expect(instant == (try Self.t("2024-09-30T23:00:00Z")), "1 October 08:00 WIT")
        let state = try Self.state(tasks: [recurring])
        let plan = Self.planner.due(now: instant, watermark: instant.addingTimeInterval(-60), state: state)
        #expect(plan.rollovers == [ScheduledRollover(tugas: recurring, plannedAt: instant)])
        #expect(Self.planner.nextDue(after: instant.addingTimeInterval(-60), state: state) == instant)
        // Not again once the watermark passed it; not for a one-off task; not when switched off.
        #expect(Self.planner.due(now: instant.addingTimeInterval(60), watermark: instant, state: state).rollovers.isEmpty)
        let oneOff = try Self.task(3, to: "kesbangpol-maluku", due: "2024-09-30", created: "2024-09-01T00:00:00Z")
        #expect(Self.planner.due(now: instant, watermark: instant.addingTimeInterval(-60),
                                 state: try Self.state(tasks: [oneOff])).rollovers.isEmpty)
        let off = ReminderPlanner(policy: ReminderPolicy(rollsOverOverduePeriods: false))
        #expect(off.due(now: instant, watermark: instant.addingTimeInterval(-60), state: state).rollovers.isEmpty)
    }

    // MARK: Next and windows

    @Test func nextDueIsTheNextPlannedInstantWithinTheLookahead() throws {
        let state = try Self.state([Self.subscription()], tasks: [Self.task()])
        // After H-7 of voting day (20 Nov): the task's escalation (16 Nov) is past,
        // the next is voting day's H-3.
        #expect(Self.planner.nextDue(after: try Self.t("2024-11-20T00:00:00Z"), state: state)
                == (try Self.t("2024-11-24T00:00:00Z")))
        #expect(Self.planner.nextDue(after: try Self.t("2024-11-15T00:00:00Z"), state: state)
                == (try Self.t("2024-11-16T00:00:00Z")))
        let short = ReminderPlanner(policy: ReminderPolicy(lookaheadDays: 2))
        #expect(short.nextDue(after: try Self.t("2024-11-20T00:00:00Z"), state: state) == nil)
        #expect(Self.planner.nextDue(after: try Self.t("2024-11-27T00:00:00Z"), state: state) == nil)
    }

    @Test func theTaskWindowCoversEveryDayWhoseMessagesCanFallInTheTick() throws {
        let window = Self.planner.taskWindow(watermark: try Self.t("2024-11-10T05:00:00Z"), now: try Self.t("2024-11-20T05:00:00Z"))
        // From the watermark's day less H+1 and a margin, to the look-ahead's day plus H-7 and a margin.
        #expect(window == (try Self.d("2024-11-07"))...(try Self.d("2024-12-07")))
        #expect(Self.planner.taskWindow(watermark: nil, now: try Self.t("2024-11-20T05:00:00Z")).lowerBound
                == (try Self.d("2024-11-17")))
    }
}

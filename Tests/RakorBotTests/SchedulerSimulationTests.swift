import Foundation
import RakorCore
import RakorStore
import Testing
@testable import RakorBot

/// Pilkada 2024 from 19 August to 1 December 2024 in a few seconds: four
/// subscribed chats in WIB, WITA and WIT (one of them a private chat the
/// directory does not know, one subscribed in English), three tasks (one
/// completed on time, one left overdue, one recurring monthly), a stage
/// rescheduled by the KPU feed, all through the pipeline's `BatchProcessor`
/// on a store file, driven by a `ManualClock` that jumps from one planned
/// instant to the next.
@Suite("Scheduler: Pilkada 2024, 19 August – 1 December 2024")
struct SchedulerSimulationTests {
    // The subscribed chats and their regions.
    static let wib = "wa:group-kesbangpol-pangkalpinang"
    static let wita = "wa:group-kesbangpol-kalsel"
    /// Subscribed with `/subscribe`: reminders in English.
    static let wit = "wa:group-kesbangpol-maluku"
    /// A private chat: no organisation lists it, so the zone recorded when
    /// u-grace (Kesbangpol Maluku, WIT, reads English) subscribed applies.
    static let dm = "wa:dm-u-grace"
    static let subscribers: [(chat: String, zone: ZonaWaktu)] = [(wib, .WIB), (wita, .WITA), (wit, .WIT), (dm, .WIT)]

    enum Action {
        case command(String, as: String, chat: String)
        case reschedule(stage: String, date: String)
    }

    static func actions(reschedule: Bool) throws -> [(Date, Action)] {
        let start = try SchedulerFixtures.instant("2024-08-19T12:00:00Z")
        var actions: [(Date, Action)] = [
            (start, .command("/langganan pilkada2024", as: "u-arief", chat: wib)),
            (start, .command("/langganan pilkada2024", as: "u-heriansyah", chat: wita)),
            (start, .command("/subscribe pilkada2024", as: "u-latumahina", chat: wit)),
            (start, .command("/langganan pilkada2024", as: "u-grace", chat: dm)),
            // T-1: completed on time (after its H-3, before its H-1).
            (start, .command("/tugas baru @kesbangpol-banjar \"Laporan kesiapan pengamanan TPS\" tenggat 2024-09-30",
                             as: "u-heriansyah", chat: wita)),
            // T-2: never completed: escalated at H+1.
            (start, .command("/tugas baru @kpu-banjar \"Data TPS rawan\" tenggat 2024-11-15", as: "u-heriansyah",
                             chat: wita)),
            // T-3: monthly, assigned by the national coordinator (WIB) to Maluku (WIT).
            (start, .command("/tugas baru @kesbangpol-maluku \"Peta konflik sosial\" tenggat 2024-09-30 ulang bulanan",
                             as: "u-bahtiar", chat: "wa:group-ditjen-polpum")),
            (try SchedulerFixtures.instant("2024-09-27T03:00:00Z"),
             .command("/tugas selesai T-1 laporan terkirim", as: "u-aminah", chat: "wa:group-kesbangpol-banjar")),
            // Completing T-3 opens T-4 (due 30 October), which is then left overdue.
            (try SchedulerFixtures.instant("2024-09-29T02:00:00Z"),
             .command("/tugas selesai T-3", as: "u-grace", chat: wit)),
        ]
        if reschedule {
            actions.append((try SchedulerFixtures.instant("2024-11-21T06:00:00Z"),
                            .reschedule(stage: "pemungutan-suara", date: "2024-12-04")))
        }
        return actions.sorted { $0.0 < $1.0 }
    }

    static let end = "2024-12-01T12:00:00Z"

    /// Runs the world from its clock to `end`: at each step the clock jumps to
    /// the earliest of the next planned instant (the tick says when), the next
    /// action and a day later; actions run as batches, then the scheduler ticks.
    static func simulate(_ world: SchedulerWorld, until end: Date, actions: [(Date, Action)],
                         crashAt: Date? = nil, outage: (from: Date, to: Date)? = nil) async throws {
        var pending = actions
        var crash = crashAt
        var down = outage
        var report = try await world.tick()
        while world.clock.now() < end {
            let now = world.clock.now()
            var next = min(now.addingTimeInterval(86_400), end)
            if let due = report.nextDue { next = min(next, due) }
            if let first = pending.first { next = min(next, max(first.0, now)) }
            if let crash { next = min(next, max(crash, now)) }
            if let down { next = min(next, max(down.from, now)) }
            world.clock.set(next)
            if let outage = down, next >= outage.from {
                // The process is killed and stays down; nothing runs meanwhile.
                #expect(!pending.contains { $0.0 > outage.from && $0.0 < outage.to })
                try await world.restart()
                world.clock.set(outage.to)
                down = nil
            }
            while let first = pending.first, first.0 <= world.clock.now() {
                try await perform(first.1, in: world)
                pending.removeFirst()
            }
            if let at = crash, world.clock.now() >= at {
                try await world.crashDuringTick()
                try await world.restart()
                crash = nil
            }
            report = try await world.tick()
        }
        #expect(pending.isEmpty)
    }

    static func perform(_ action: Action, in world: SchedulerWorld) async throws {
        switch action {
        case .command(let text, let sender, let chat):
            let reply = try await world.command(text, as: sender, chat: chat)
            #expect(reply.ok, "\(text): \(reply.text)")
        case .reschedule(let stage, let date):
            try await world.event(type: "rakor.stage.rescheduled", source: "kpu.go.id/jadwal", data: [
                "calendar": "pilkada2024", "stage": .string(stage), "date": .string(date),
                "reason": "Simulasi: pemungutan suara ditunda", "source": "https://www.kpu.go.id/",
            ])
        }
    }

    // MARK: Expected

    struct Sent: Hashable, CustomStringConvertible {
        var id: String
        var at: Date
        var late: Bool
        var description: String { "\(id) @ \(RFC3339.format(at))\(late ? " (late)" : "")" }
    }

    /// Reminders of each stage: day H and the offsets due in the window, with their days.
    static func stageTable(reschedule: Bool) -> [(stage: String, day: String, offsets: [(String, String)])] {
        var table: [(stage: String, day: String, offsets: [(String, String)])] = [
            // H-7 (17 August) came before the chats subscribed.
            ("pengumuman-pendaftaran", "2024-08-24", [("H-3", "2024-08-21"), ("H-1", "2024-08-23"), ("H-0", "2024-08-24")]),
            ("pendaftaran-paslon", "2024-08-27",
             [("H-7", "2024-08-20"), ("H-3", "2024-08-24"), ("H-1", "2024-08-26"), ("H-0", "2024-08-27")]),
            ("penelitian-persyaratan", "2024-08-27",
             [("H-7", "2024-08-20"), ("H-3", "2024-08-24"), ("H-1", "2024-08-26"), ("H-0", "2024-08-27")]),
            ("penetapan-paslon", "2024-09-22",
             [("H-7", "2024-09-15"), ("H-3", "2024-09-19"), ("H-1", "2024-09-21"), ("H-0", "2024-09-22")]),
            ("pengundian-nomor-urut", "2024-09-23",
             [("H-7", "2024-09-16"), ("H-3", "2024-09-20"), ("H-1", "2024-09-22"), ("H-0", "2024-09-23")]),
            ("kampanye", "2024-09-25",
             [("H-7", "2024-09-18"), ("H-3", "2024-09-22"), ("H-1", "2024-09-24"), ("H-0", "2024-09-25")]),
            // A deadline known only by its end.
            ("penyusunan-peraturan", "2024-11-18",
             [("H-7", "2024-11-11"), ("H-3", "2024-11-15"), ("H-1", "2024-11-17"), ("H-0", "2024-11-18")]),
            ("masa-tenang", "2024-11-24",
             [("H-7", "2024-11-17"), ("H-3", "2024-11-21"), ("H-1", "2024-11-23"), ("H-0", "2024-11-24")]),
            ("penghitungan-rekapitulasi", "2024-11-27",
             [("H-7", "2024-11-20"), ("H-3", "2024-11-24"), ("H-1", "2024-11-26"), ("H-0", "2024-11-27")]),
        ]
        if reschedule {
            // Moved on 21 November to 4 December: the old date's H-7 went out,
            // the rest follows the new date (H-1 and H-0 fall after 1 December).
            table.append(("pemungutan-suara", "2024-11-27", [("H-7", "2024-11-20")]))
            table.append(("pemungutan-suara", "2024-12-04", [("H-7", "2024-11-27"), ("H-3", "2024-12-01")]))
        } else {
            table.append(("pemungutan-suara", "2024-11-27",
                          [("H-7", "2024-11-20"), ("H-3", "2024-11-24"), ("H-1", "2024-11-26"), ("H-0", "2024-11-27")]))
        }
        return table
    }

    /// Task reminders: (task@due, chat, zone, [(offset, day)]).
    static let taskTable: [(item: String, chat: String, zone: ZonaWaktu, offsets: [(String, String)])] = [
        ("task/T-1@2024-09-30", "wa:group-kesbangpol-banjar", .WITA, [("H-7", "2024-09-23"), ("H-3", "2024-09-27")]),
        ("task/T-2@2024-11-15", "wa:group-kpu-banjar", .WITA,
         [("H-7", "2024-11-08"), ("H-3", "2024-11-12"), ("H-1", "2024-11-14"), ("H-0", "2024-11-15")]),
        ("task/T-3@2024-09-30", wit, .WIT, [("H-7", "2024-09-23"), ("H-3", "2024-09-27"), ("H-1", "2024-09-29")]),
        ("task/T-4@2024-10-30", wit, .WIT,
         [("H-7", "2024-10-23"), ("H-3", "2024-10-27"), ("H-1", "2024-10-29"), ("H-0", "2024-10-30")]),
        ("task/T-5@2024-11-30", wit, .WIT,
         [("H-7", "2024-11-23"), ("H-3", "2024-11-27"), ("H-1", "2024-11-29"), ("H-0", "2024-11-30")]),
    ]

    /// Escalations at H+1: the assigner's chats and the supervisors' (each once).
    static let escalationTable: [(item: String, day: String, chats: [(String, ZonaWaktu)])] = [
        // Assigned by Kesbangpol Kalsel (two groups) to KPU Banjar (63.03): the
        // national, provincial and regency supervisors' organisations hear of it.
        ("task/T-2@2024-11-15", "2024-11-16", [
            ("wa:group-kesbangpol-kalsel", .WITA), ("wa:group-rakor-pilkada-kalsel", .WITA),
            ("wa:group-ditjen-polpum", .WIB), ("wa:group-bawaslu-kalsel", .WITA), ("wa:group-setda-kalsel", .WITA),
            ("wa:group-bawaslu-banjar", .WITA),
        ]),
        // Assigned by Ditjen Polpum, whose own pengawas is Maluku's only one: one chat.
        ("task/T-4@2024-10-30", "2024-10-31", [("wa:group-ditjen-polpum", .WIB)]),
        ("task/T-5@2024-11-30", "2024-12-01", [("wa:group-ditjen-polpum", .WIB)]),
    ]

    static func expected(reschedule: Bool) throws -> Set<Sent> {
        var expected = Set<Sent>()
        for (chat, zone) in subscribers {
            for (stage, day, offsets) in stageTable(reschedule: reschedule) {
                for (offset, sendDay) in offsets {
                    expected.insert(Sent(id: "rem:stage/pilkada2024/\(stage)@\(day):\(offset):\(chat)",
                                         at: try SchedulerFixtures.eight(sendDay, zone), late: false))
                }
            }
        }
        for (item, chat, zone, offsets) in taskTable {
            for (offset, sendDay) in offsets {
                expected.insert(Sent(id: "rem:\(item):\(offset):\(chat)", at: try SchedulerFixtures.eight(sendDay, zone),
                                     late: false))
            }
        }
        for (item, day, chats) in escalationTable {
            for (chat, zone) in chats {
                expected.insert(Sent(id: "esc:\(item):H+1:\(chat)", at: try SchedulerFixtures.eight(day, zone), late: false))
            }
        }
        return expected
    }

    // MARK: Checks

    /// What the store says was sent, and that the outbox holds exactly those
    /// messages, once each, shaped per the contract.
    static func sent(in world: SchedulerWorld) throws -> Set<Sent> {
        let ledger = try world.sentLedger()
        let messages = try world.scheduledMessages()
        #expect(messages.count == ledger.count, "every mark has one message and no message went out twice")
        #expect(Set(messages.map(\.id)) == Set(ledger.keys))
        for message in messages {
            #expect(message.kind == (message.id.hasPrefix("esc:") ? .escalation : .reminder))
            #expect(message.inReplyTo == nil)
            #expect(message.ok)
            #expect(message.id.hasSuffix(":" + message.chat))
            #expect(message.extensions["late"] == .bool(ledger[message.id]?.late ?? false))
            // u-latumahina subscribed with `/subscribe`, u-grace reads English.
            #expect(message.lang == (message.chat == wit || message.chat == dm ? .en : .id))
        }
        return Set(ledger.map { Sent(id: $0.key, at: $0.value.sentAt, late: $0.value.late) })
    }

    static func expectSame(_ actual: Set<Sent>, _ expected: Set<Sent>) {
        let missing = expected.subtracting(actual).sorted { $0.id < $1.id }
        let extra = actual.subtracting(expected).sorted { $0.id < $1.id }
        #expect(missing.isEmpty, "missing: \(missing)")
        #expect(extra.isEmpty, "unexpected: \(extra)")
    }

    // MARK: Tests

    @Test func theWholeSeasonSendsExactlyTheExpectedMessagesAt0800Local() async throws {
        let world = try await SchedulerWorld(start: try SchedulerFixtures.instant("2024-08-19T12:00:00Z"))
        try await Self.simulate(world, until: try SchedulerFixtures.instant(Self.end), actions: try Self.actions(reschedule: true))

        let expected = try Self.expected(reschedule: true)
        #expect(expected.count == 4 * 38 + 25)
        let actual = try Self.sent(in: world)
        Self.expectSame(actual, expected)

        // 08:00 local is 01:00Z in WIB, 00:00Z in WITA and 23:00Z the day before in WIT.
        let voting = "rem:stage/pilkada2024/pemungutan-suara@2024-11-27:H-7:"
        let ledger = try world.sentLedger()
        #expect(ledger[voting + Self.wib]?.sentAt == (try SchedulerFixtures.instant("2024-11-20T01:00:00Z")))
        #expect(ledger[voting + Self.wita]?.sentAt == (try SchedulerFixtures.instant("2024-11-20T00:00:00Z")))
        #expect(ledger[voting + Self.wit]?.sentAt == (try SchedulerFixtures.instant("2024-11-19T23:00:00Z")))
        #expect(ledger[voting + Self.dm]?.sentAt == (try SchedulerFixtures.instant("2024-11-19T23:00:00Z")))
        #expect(ledger["esc:task/T-2@2024-11-15:H+1:wa:group-ditjen-polpum"]?.sentAt
                == (try SchedulerFixtures.instant("2024-11-16T01:00:00Z")))
        #expect(ledger["esc:task/T-2@2024-11-15:H+1:wa:group-bawaslu-banjar"]?.sentAt
                == (try SchedulerFixtures.instant("2024-11-16T00:00:00Z")))
        for (id, sent) in ledger {
            let chat = try #require(Self.subscribers.first { id.hasSuffix(":" + $0.chat) }?.zone
                                    ?? world.directory.organisations.first { org in org.chats.contains { id.hasSuffix(":" + $0) } }?.zone)
            #expect(chat.secondsIntoDay(at: sent.sentAt) == 8 * 3600, "\(id) not at 08:00 local")
        }

        // The texts, in each chat's language, counting down from its own today.
        let messages = Dictionary(uniqueKeysWithValues: try world.scheduledMessages().map { ($0.id, $0) })
        #expect(messages[voting + Self.wita]?.text == """
            ⏰ Pengingat tahapan Pilkada 2024
            Pemungutan suara — Rabu, 27 November 2024 (H-7)
            Catatan: hari libur nasional (Keppres 33/2024)
            Berhenti berlangganan: /berhenti pilkada2024
            """)
        #expect(messages[voting + Self.wit]?.text == """
            ⏰ Stage reminder, Pilkada 2024
            Voting day — Wednesday, 27 November 2024 (H-7, in 7 days)
            Note: hari libur nasional (Keppres 33/2024)
            Unsubscribe: /unsubscribe pilkada2024
            """)
        #expect(messages["rem:stage/pilkada2024/pemungutan-suara@2024-12-04:H-3:\(Self.wib)"]?.text == """
            ⏰ Pengingat tahapan Pilkada 2024
            Pemungutan suara — Rabu, 4 Desember 2024 (H-3)
            Catatan: hari libur nasional (Keppres 33/2024)
            Berhenti berlangganan: /berhenti pilkada2024
            """)
        #expect(messages["rem:task/T-5@2024-11-30:H-7:\(Self.wit)"]?.text == """
            ⏰ Task reminder T-5 for Kesbangpol Maluku
            Peta konflik sosial
            Due: Saturday, 30 November 2024 (H-7, in 7 days)
            From: Ditjen Polpum Kemendagri
            Repeats monthly.
            When done: /task done T-5
            """)
        #expect(messages["esc:task/T-2@2024-11-15:H+1:wa:group-kesbangpol-kalsel"]?.text == """
            ⚠️ Eskalasi: tugas T-2 melewati tenggat dan belum selesai
            Data TPS rawan
            Untuk: KPU Kab. Banjar (@kpu-banjar) · dari Kesbangpol Kalsel
            Tenggat: Jumat, 15 November 2024 (terlambat 1 hari)
            Lihat: /tugas lihat T-2
            """)

        // Tasks: T-1 done on time, T-2 still open, the recurring series rolled
        // over twice when periods passed uncompleted (T-5, T-6).
        try world.store.readSync { session throws in
            #expect(try session.tugas.find(ItemID(.tugas, 1))?.status == .selesai)
            #expect(try session.tugas.find(ItemID(.tugas, 2))?.status == .terbuka)
            let t4 = try #require(try session.tugas.find(ItemID(.tugas, 4)))
            #expect(t4.tenggat == (try SchedulerFixtures.day("2024-10-30")))
            #expect(t4.seri == ItemID(.tugas, 3))
            let t5 = try #require(try session.tugas.find(ItemID(.tugas, 5)))
            #expect(t5.tenggat == (try SchedulerFixtures.day("2024-11-30")))
            #expect(t5.dibuatPada == (try SchedulerFixtures.instant("2024-10-30T23:00:00Z")))
            let t6 = try #require(try session.tugas.find(ItemID(.tugas, 6)))
            #expect(t6.tenggat == (try SchedulerFixtures.day("2024-12-30")))
            #expect(t6.status == .terbuka)
            #expect(try session.tugas.find(ItemID(.tugas, 7)) == nil)
            #expect(try session.tugas.history(of: ItemID(.tugas, 5)).map(\.keterangan)
                    == ["periode berikutnya; T-4 lewat tenggat tanpa diselesaikan"])
        }

        // Every message is audited as a state change on the one chain.
        let audit = try world.auditEvents()
        #expect(audit.filter { $0["type"] == "rakor.reminder.sent" }.count == expected.count - 8)
        #expect(audit.filter { $0["type"] == "rakor.task.escalated" }.count == 8)
        #expect(audit.filter { $0["type"] == "rakor.task.assigned" && $0["actor"] == "rakorbot/sched-test" }
                    .compactMap { $0["subject"]?.stringValue } == ["task/T-5", "task/T-6"])
        try world.verifyAuditChain()
        #expect(try world.store.readSync { try $0.reminders.watermark() } == (try SchedulerFixtures.instant(Self.end)))
    }

    @Test func aCrashInsideATickAndARestartSendNothingTwiceAndMissNothing() async throws {
        let world = try await SchedulerWorld(start: try SchedulerFixtures.instant("2024-08-19T12:00:00Z"))
        // Killed while committing the 24 November 08:00 WITA reminders (after
        // the reschedule, so the restarted processor must replay it).
        try await Self.simulate(world, until: try SchedulerFixtures.instant(Self.end),
                                actions: try Self.actions(reschedule: true),
                                crashAt: try SchedulerFixtures.instant("2024-11-24T00:00:00Z"))
        Self.expectSame(try Self.sent(in: world), try Self.expected(reschedule: true))
        try world.verifyAuditChain()
    }

    @Test func afterDowntimeOnlyTheLatestMissedReminderGoesOutOnceMarkedLate() async throws {
        let world = try await SchedulerWorld(start: try SchedulerFixtures.instant("2024-08-19T12:00:00Z"))
        let restart = try SchedulerFixtures.instant("2024-11-25T12:00:00Z")
        try await Self.simulate(world, until: try SchedulerFixtures.instant(Self.end),
                                actions: try Self.actions(reschedule: false),
                                outage: (from: try SchedulerFixtures.instant("2024-11-19T12:00:00Z"), to: restart))

        var expected = try Self.expected(reschedule: false)
        // Planned while the bot was down (19 Nov 12:00Z – 25 Nov 12:00Z).
        let downFrom = try SchedulerFixtures.instant("2024-11-19T12:00:00Z")
        expected = expected.filter { !($0.at > downFrom && $0.at <= restart) }
        for (chat, _) in Self.subscribers {
            // Voting day and counting: H-7 and H-3 missed; the most recent (H-3) once, late.
            expected.insert(Sent(id: "rem:stage/pilkada2024/pemungutan-suara@2024-11-27:H-3:\(chat)", at: restart, late: true))
            expected.insert(Sent(id: "rem:stage/pilkada2024/penghitungan-rekapitulasi@2024-11-27:H-3:\(chat)", at: restart,
                                 late: true))
            // Quiet period: H-3, H-1 and H-0 missed, and its day is over: nothing.
        }
        // T-5's H-7 (23 Nov) missed; it is still the most recent: once, late.
        expected.insert(Sent(id: "rem:task/T-5@2024-11-30:H-7:\(Self.wit)", at: restart, late: true))
        Self.expectSame(try Self.sent(in: world), expected)

        let late = try world.scheduledMessages().first { $0.id == "rem:stage/pilkada2024/pemungutan-suara@2024-11-27:H-3:\(Self.wita)" }
        #expect(late?.text == """
            ⏰ Pengingat tahapan Pilkada 2024
            Pemungutan suara — Rabu, 27 November 2024 (H-2)
            Catatan: hari libur nasional (Keppres 33/2024)
            Pengingat ini terlambat; seharusnya dikirim Minggu, 24 November 2024 08:00 WITA.
            Berhenti berlangganan: /berhenti pilkada2024
            """)
        #expect(late?.extensions["late"] == true)
        try world.verifyAuditChain()
    }

    @Test func subscriptionsRecordTheSubscribersZoneAndLanguage() async throws {
        let world = try await SchedulerWorld(start: try SchedulerFixtures.instant("2024-08-19T12:00:00Z"))
        try await world.command("/subscribe pilkada2024", as: "u-latumahina", chat: Self.wit)
        try await world.command("/langganan pilkada2024", as: "u-grace", chat: Self.dm)
        try await world.command("/langganan pilkada2024", as: "u-arief", chat: Self.wib, lang: .en)
        let subscriptions = try world.store.readSync { try $0.subscriptions.all() }
        let now = try SchedulerFixtures.instant("2024-08-19T12:00:00Z")
        // u-grace's directory language is English; u-latumahina typed the
        // English alias; u-arief's bridge asked for English.
        #expect(subscriptions == [
            Subscription(election: "pilkada2024", chat: Self.dm, since: now, zone: .WIT, lang: .en),
            Subscription(election: "pilkada2024", chat: Self.wit, since: now, zone: .WIT, lang: .en),
            Subscription(election: "pilkada2024", chat: Self.wib, since: now, zone: .WIB, lang: .en),
        ])
        // The envelope's language wins over the directory's.
        try await world.command("/langganan pilkada2024", as: "u-grace", chat: "wa:dm-u-grace-2", lang: .id)
        #expect(try world.store.readSync { try $0.subscriptions.subscribers(of: "pilkada2024") }
                    .first { $0.chat == "wa:dm-u-grace-2" }?.lang == .id)
    }
}

import Foundation
import RakorCore
import Testing
@testable import RakorStore

@Suite struct AuditHeadRepositoryTests {
    @Test func headsArePerChainAndOverwritten() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            #expect(try session.auditHead.get(chain: "rakorbot") == nil)
            try session.auditHead.set(chain: "rakorbot", AuditHead(sequence: 1, hash: String(repeating: "a", count: 64)))
            try session.auditHead.set(chain: "other", AuditHead(sequence: 7, hash: "b"))
            try session.auditHead.set(chain: "rakorbot", AuditHead(sequence: 2, hash: String(repeating: "c", count: 64)))
            #expect(try session.auditHead.get(chain: "rakorbot") == AuditHead(sequence: 2, hash: String(repeating: "c", count: 64)))
            #expect(try session.auditHead.get(chain: "other") == AuditHead(sequence: 7, hash: "b"))
            try session.auditHead.set(chain: "max", AuditHead(sequence: UInt64(Int64.max), hash: "m"))
            #expect(try session.auditHead.get(chain: "max")?.sequence == UInt64(Int64.max))
            #expect(throws: StoreError.self) {
                try session.auditHead.set(chain: "rakorbot", AuditHead(sequence: UInt64(Int64.max) + 1, hash: "x"))
            }
        }
    }
}

@Suite struct CalendarChangeRepositoryTests {
    @Test func changesAreReplayedInOrderWithEveryField() throws {
        let store = try RakorStore.inMemory()
        let changes = [
            CalendarChange(calendarID: "pilkada2029", kind: .published(document: "id: pilkada2029\nstages: []\n"),
                           eventID: "evt-1", at: t0),
            CalendarChange(calendarID: "pilkada2024",
                           kind: .rescheduled(stageID: "pemungutan", start: day("2024-12-04"), end: day("2024-12-04"),
                                              reason: "banjir", source: "kpu.go.id/jadwal"), eventID: "evt-2", at: at(60)),
            CalendarChange(calendarID: "pilkada2024",
                           kind: .rescheduled(stageID: "kampanye", start: day("2024-09-25"), end: day("2024-11-23"),
                                              reason: nil, source: nil), eventID: nil, at: at(120)),
        ]
        let seqs = try store.writeSync { session throws in try changes.map { try session.calendarChanges.append($0) } }
        #expect(seqs == [1, 2, 3])
        try store.readSync { session throws in
            let logged = try session.calendarChanges.all()
            #expect(logged.map(\.change) == changes)
            #expect(logged.map(\.seq) == [1, 2, 3])
            #expect(try session.calendarChanges.all(after: 2).map(\.change) == [changes[2]])
        }
        try store.writeSync { session throws in
            _ = #expect(throws: StoreError.self) {
                try session.calendarChanges.append(CalendarChange(
                    calendarID: "x", kind: .rescheduled(stageID: "s", start: day("2024-12-05"), end: day("2024-12-04"), reason: nil,
                                                          source: nil),
                    eventID: nil, at: t0))
            }
        }
    }
}

@Suite struct SubscriptionRepositoryTests {
    @Test func subscribeUnsubscribeAndListBothWays() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            #expect(try session.subscriptions.subscribe(chat: "wa:b", election: "pilkada2024", at: t0))
            #expect(try session.subscriptions.subscribe(chat: "wa:a", election: "pilkada2024", at: t0))
            #expect(try session.subscriptions.subscribe(chat: "wa:a", election: "pemilu2024", at: t0))
            #expect(try session.subscriptions.subscribe(chat: "wa:a", election: "pilkada2024", at: at(5)) == false)
            #expect(try session.subscriptions.chats(subscribedTo: "pilkada2024") == ["wa:a", "wa:b"])
            #expect(try session.subscriptions.elections(subscribedBy: "wa:a") == ["pemilu2024", "pilkada2024"])
            #expect(try session.subscriptions.isSubscribed(chat: "wa:b", election: "pilkada2024"))
            #expect(try session.subscriptions.unsubscribe(chat: "wa:b", election: "pilkada2024"))
            #expect(try session.subscriptions.unsubscribe(chat: "wa:b", election: "pilkada2024") == false)
            #expect(try session.subscriptions.isSubscribed(chat: "wa:b", election: "pilkada2024") == false)
            #expect(try session.subscriptions.chats(subscribedTo: "pilkada2024") == ["wa:a"])
            #expect(try session.subscriptions.chats(subscribedTo: "pilkada2020").isEmpty)
        }
    }

    @Test func inquiriesKeepTheLatestTime() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            try session.subscriptions.recordInquiry(chat: "wa:a", election: "pilkada2024", at: at(100))
            try session.subscriptions.recordInquiry(chat: "wa:b", election: "pilkada2024", at: at(10))
            try session.subscriptions.recordInquiry(chat: "wa:b", election: "pilkada2024", at: at(200))
            // An older time does not move it back.
            try session.subscriptions.recordInquiry(chat: "wa:a", election: "pilkada2024", at: at(1))
            try session.subscriptions.recordInquiry(chat: "wa:c", election: "pemilu2024", at: at(300))
            #expect(try session.subscriptions.chats(thatAsked: "pilkada2024") == ["wa:a", "wa:b"])
            #expect(try session.subscriptions.chats(thatAsked: "pilkada2024", since: at(150)) == ["wa:b"])
            #expect(try session.subscriptions.chats(thatAsked: "pilkada2024", since: at(100)) == ["wa:a", "wa:b"])
            #expect(try session.subscriptions.chats(thatAsked: "pemilu2029").isEmpty)
        }
    }
}

@Suite struct ReminderRepositoryTests {
    @Test func markSentIsIdempotentAndRemembersTheFirstSend() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            let id = "stage:pilkada2024/pemungutan:H-1:wa:a"
            #expect(try session.reminders.wasSent(id: id) == false)
            #expect(try session.reminders.markSent(id: id, at: t0, late: true))
            #expect(try session.reminders.markSent(id: id, at: at(60), late: false) == false)
            #expect(try session.reminders.wasSent(id: id))
            #expect(try session.reminders.sent(id: id) == SentReminder(sentAt: t0, late: true))
            #expect(try session.reminders.markSent(id: "other", at: t0))
            #expect(try session.reminders.sent(id: "other")?.late == false)
            #expect(try session.reminders.sent(id: "never") == nil)
        }
    }
}

@Suite struct MetaRepositoryTests {
    @Test func setGetOverwriteRemoveAndAll() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            #expect(try session.meta.get("instance") == nil)
            try session.meta.set("instance", "rakorbot")
            try session.meta.set("instance", "rakorbot-2")
            try session.meta.set("created", "2024-11-20")
            #expect(try session.meta.get("instance") == "rakorbot-2")
            #expect(try session.meta.all() == ["instance": "rakorbot-2", "created": "2024-11-20"])
            #expect(try session.meta.remove("created"))
            #expect(try session.meta.remove("created") == false)
            #expect(try session.meta.all() == ["instance": "rakorbot-2"])
        }
    }
}

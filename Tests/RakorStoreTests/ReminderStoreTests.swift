import Foundation
import GRDB
import RakorCore
import Testing
@testable import RakorStore

@Suite struct ReminderWatermarkTests {
    @Test func watermarkIsAbsentThenRoundTripsExactly() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            #expect(try session.reminders.watermark() == nil)
            try session.reminders.setWatermark(t0)
            #expect(try session.reminders.watermark() == t0)
            // Moving it back is allowed: the scheduler decides what a clock jump means.
            try session.reminders.setWatermark(at(-86_400))
            #expect(try session.reminders.watermark() == at(-86_400))
            #expect(try session.meta.get(ReminderRepository.watermarkKey) == String(at(-86_400).timeIntervalSinceReferenceDate))
        }
    }

    @Test func aCorruptWatermarkIsATypedError() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            try session.meta.set(ReminderRepository.watermarkKey, "yesterday")
            #expect(throws: StoreError.corruptValue(table: "meta", column: "scheduler.watermark", value: "yesterday")) {
                try session.reminders.watermark()
            }
            try session.meta.set(ReminderRepository.watermarkKey, "inf")
            #expect(throws: StoreError.self) { try session.reminders.watermark() }
        }
    }

    @Test func allListsEverySentReminderWithItsFirstSend() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            #expect(try session.reminders.all().isEmpty)
            #expect(try session.reminders.markSent(id: "rem:task/T-1@2024-11-25:H-3:wa:a", at: t0))
            #expect(try session.reminders.markSent(id: "esc:task/T-1@2024-11-25:H+1:wa:b", at: at(60), late: true))
            #expect(try session.reminders.markSent(id: "rem:task/T-1@2024-11-25:H-3:wa:a", at: at(120)) == false)
            #expect(try session.reminders.all() == [
                "rem:task/T-1@2024-11-25:H-3:wa:a": SentReminder(sentAt: t0, late: false),
                "esc:task/T-1@2024-11-25:H+1:wa:b": SentReminder(sentAt: at(60), late: true),
            ])
        }
    }
}

@Suite struct ReminderSubscriberTests {
    @Test func subscriptionsRememberTheSubscribersZoneAndLanguage() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            #expect(try session.subscriptions.subscribe(chat: "wa:dm-grace", election: "pilkada2024", at: t0,
                                                        zone: .WIT, lang: .en))
            // Already subscribed: the first subscriber's zone and language stay.
            #expect(try session.subscriptions.subscribe(chat: "wa:dm-grace", election: "pilkada2024", at: at(5),
                                                        zone: .WIB, lang: .id) == false)
            // The older form records neither.
            #expect(try session.subscriptions.subscribe(chat: "wa:group-a", election: "pilkada2024", at: at(10)))
            #expect(try session.subscriptions.subscribe(chat: "wa:group-a", election: "pemilu2024", at: at(20),
                                                        zone: .WITA, lang: nil))
            #expect(try session.subscriptions.all() == [
                Subscription(election: "pemilu2024", chat: "wa:group-a", since: at(20), zone: .WITA, lang: nil),
                Subscription(election: "pilkada2024", chat: "wa:dm-grace", since: t0, zone: .WIT, lang: .en),
                Subscription(election: "pilkada2024", chat: "wa:group-a", since: at(10), zone: nil, lang: nil),
            ])
            #expect(try session.subscriptions.subscribers(of: "pilkada2024").map(\.chat) == ["wa:dm-grace", "wa:group-a"])
            #expect(try session.subscriptions.subscribers(of: "pilkada2020").isEmpty)
            // Unsubscribing removes the row with what it knew.
            #expect(try session.subscriptions.unsubscribe(chat: "wa:dm-grace", election: "pilkada2024"))
            #expect(try session.subscriptions.subscribers(of: "pilkada2024").map(\.chat) == ["wa:group-a"])
        }
    }

    @Test func theSchemaRefusesAnUnknownZoneOrLanguage() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            #expect(throws: DatabaseError.self) {
                try session.db.execute(sql: "INSERT INTO subscription (election, chat, since, zone) VALUES ('x', 'c', 0, 'CET')")
            }
            #expect(throws: DatabaseError.self) {
                try session.db.execute(sql: "INSERT INTO subscription (election, chat, since, lang) VALUES ('x', 'c', 0, 'fr')")
            }
        }
    }

    @Test func anUndecodableStoredZoneIsReportedNotTrappedOn() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            // Bypass the CHECK the way a hand-edited file could.
            try session.db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try session.db.execute(sql: "INSERT INTO subscription (election, chat, since, zone) VALUES ('x', 'c', 0, 'CET')")
            #expect(throws: StoreError.corruptValue(table: "subscription", column: "zone", value: "CET")) {
                try session.subscriptions.all()
            }
            try session.db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
        }
    }

    @Test func aVersionOneDatabaseIsUpgradedKeepingItsSubscriptions() throws {
        let dir = try TemporaryDirectory()
        // A database as the first release left it: only the v1 schema.
        do {
            let queue = try DatabaseQueue(path: dir.databasePath)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1-initial-schema", foreignKeyChecks: .immediate) { db in
                try db.execute(sql: SchemaV1.sql)
            }
            try migrator.migrate(queue)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO subscription (election, chat, since) VALUES ('pilkada2024', 'wa:old', 0)")
            }
            try queue.close()
        }
        let store = try RakorStore(path: dir.databasePath)
        #expect(StoreMigrations.identifiers == ["v1-initial-schema", "v2-subscription-zone-lang"])
        try store.readSync { session throws in
            #expect(try session.subscriptions.all() == [
                Subscription(election: "pilkada2024", chat: "wa:old", since: Date(timeIntervalSinceReferenceDate: 0)),
            ])
        }
        try store.close()
    }
}

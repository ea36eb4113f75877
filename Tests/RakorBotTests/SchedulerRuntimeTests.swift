import Foundation
import Kafka
import RakorCore
import RakorStore
import Synchronization
import Testing
@testable import RakorBot

/// The running bot on the embedded Kafka cluster: its scheduler's reminder
/// reaches `rakor.replies` (and its audit event `rakor.audit`) at 08:00 WITA.
@Suite("Scheduler: in the running bot")
struct SchedulerRuntimeTests {
    static let chat = "wa:group-kesbangpol-kalsel"

    @Test func aReminderArrivesOnTheRepliesTopicAt0800() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rakor-sched-rt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let unique = UUID().uuidString.prefix(8).lowercased()
        var configuration = BotConfiguration()
        configuration.embeddedBrokers = 1
        configuration.embeddedPartitions = 1
        configuration.topicPrefix = "sched-\(unique)."
        configuration.consumerGroup = "rakorbot-sched-\(unique)"
        configuration.instance = "sched-rt"
        configuration.dataDirectory = folder.path
        configuration.shutdownTimeout = .seconds(10)
        // Two seconds before 08:00 WITA on 20 November 2024 (H-7 of voting day).
        configuration.now = try SchedulerFixtures.instant("2024-11-19T23:59:58Z")

        // The chat subscribed an hour earlier (an earlier run of the bot).
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            let store = try RakorStore(path: configuration.databasePath)
            let since = try SchedulerFixtures.instant("2024-11-19T23:00:00Z")
            try store.writeSync { session in
                _ = try session.subscriptions.subscribe(chat: Self.chat, election: "pilkada2024", at: since,
                                                        zone: .WITA, lang: .id)
            }
            try store.close()
        }

        let runtime = try await BotRuntime.start(configuration, logger: SchedulerFixtures.logger)
        let running = Task { await runtime.run() }

        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                bootstrapServers: runtime.bootstrapServers, groupID: "reader-\(unique)",
                topics: [runtime.topics.replies, runtime.topics.audit],
                properties: ["session.timeout.ms": "6000", "heartbeat.interval.ms": "1000"]),
            logger: SchedulerFixtures.logger)
        let expectedID = "rem:stage/pilkada2024/pemungutan-suara@2024-11-27:H-7:\(Self.chat)"
        var reminder: OutboundMessage?
        var audited: JSONObject?
        // Generous: the whole suite runs in parallel on two cores.
        let deadline = ContinuousClock.now + .seconds(180)
        let reader = Task { () -> (OutboundMessage?, JSONObject?) in
            var reminder: OutboundMessage?
            var audited: JSONObject?
            for await batch in consumer.batches {
                for record in batch.records {
                    guard let value = record.value else { continue }
                    if record.topic == runtime.topics.replies,
                       let message = try? OutboundMessage.decode(Array(value)), message.id == expectedID {
                        reminder = message
                    } else if record.topic == runtime.topics.audit,
                              case .object(let event)? = try? JSONParser().parse(Array(value)),
                              event["correlationid"] == .string(expectedID) {
                        audited = event
                    }
                }
                if reminder != nil && audited != nil { break }
            }
            return (reminder, audited)
        }
        let timeout = Task {
            try? await Task.sleep(until: deadline)
            await consumer.close()
        }
        (reminder, audited) = await reader.value
        timeout.cancel()
        await consumer.close()

        runtime.stopIntake()
        await running.value
        await runtime.shutdown()

        let message = try #require(reminder, "no reminder on \(runtime.topics.replies)")
        #expect(message.kind == .reminder)
        #expect(message.inReplyTo == nil)
        #expect(message.chat == Self.chat)
        #expect(message.extensions["late"] == false)
        #expect(message.text.hasPrefix("⏰ Pengingat tahapan Pilkada 2024\nPemungutan suara — Rabu, 27 November 2024 (H-7)"))
        let event = try #require(audited, "no audit event on \(runtime.topics.audit)")
        #expect(event["type"] == "rakor.reminder.sent")
        #expect(event["subject"] == "calendar/pilkada2024/pemungutan-suara")
        #expect(event["actor"] == "rakorbot/sched-rt")

        // Sent at 08:00 WITA (real time runs on from 07:59:58), not late.
        let store = try RakorStore(path: configuration.databasePath)
        defer { try? store.close() }
        let sent = try store.readSync { try $0.reminders.sent(id: expectedID) }
        #expect(sent?.late == false)
        let sentAt = try #require(sent?.sentAt)
        #expect(sentAt >= (try SchedulerFixtures.instant("2024-11-20T00:00:00Z")))
        #expect(ZonaWaktu.WITA.localDate(at: sentAt) == (try SchedulerFixtures.day("2024-11-20")))
        // Marked once in the store (the outbox draining is the relay's concern:
        // a row not yet delivered at shutdown is republished on the next start).
        #expect(try store.readSync { try $0.reminders.all().keys.filter { $0.hasPrefix("rem:") }.sorted() } == [
            "rem:stage/pilkada2024/pemungutan-suara@2024-11-27:H-7:\(Self.chat)",
            "rem:stage/pilkada2024/penghitungan-rekapitulasi@2024-11-27:H-7:\(Self.chat)",
        ])
    }
}

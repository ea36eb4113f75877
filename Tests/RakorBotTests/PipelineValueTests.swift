import Foundation
import Kafka
@testable import RakorBot
import RakorCore
import Synchronization
import Testing

@Suite("Pipeline values")
struct PipelineValueTests {
    @Test func topicNamesPutThePrefixOnlyAtTheKafkaEdge() {
        let names = TopicNames(prefix: "prod.")
        #expect(names.commands == "prod.rakor.commands")
        #expect(names.deadletter == "prod.rakor.deadletter")
        #expect(names.inputs == ["prod.rakor.commands", "prod.rakor.events"])
        #expect(names.logical("prod.rakor.events") == "rakor.events")
        #expect(names.logical("rakor.events") == nil)
        #expect(names.logical("prod.rakor.other") == nil)
        #expect(TopicNames().physical("rakor.audit") == "rakor.audit")
        #expect(TopicNames.all.count == 5)
    }

    @Test func anInputRecordCarriesAConsumerRecordAndFindsHeadersByLowerCaseName() {
        let record = ConsumerRecord(topic: "prod.rakor.commands", partition: 2, offset: 41,
                                    timestamp: KafkaTimestamp(milliseconds: 1_732_064_400_000, kind: .createTime),
                                    key: Array("wa:chat".utf8)[...], value: Array("{}".utf8)[...],
                                    headers: [KafkaHeader(name: "Rakor-Key-Id", value: Array("k1".utf8)),
                                              KafkaHeader(name: "empty", value: nil as [UInt8]?)])
        let input = InputRecord(record, logicalTopic: "rakor.commands")
        #expect(input.topic == "rakor.commands")
        #expect(input.partition == 2)
        #expect(input.offset == 41)
        #expect(input.timestampMilliseconds == 1_732_064_400_000)
        #expect(input.header("rakor-key-id").map { Array($0) } == Array("k1".utf8))
        #expect(input.header("empty") == nil)
        #expect(input.header("missing") == nil)
        #expect(input.chatFromKey == "wa:chat")
        #expect(input.rawLedgerKey == "raw:rakor.commands:2:41")
    }

    @Test func theTallyCountsByCommandAndOutcome() {
        var tally = BatchTally()
        tally.command("/tenggat", nil)
        tally.command("/tenggat", nil)
        tally.command(nil, CommandFailure(.rateLimited, id: "x", en: "x"))
        tally.event("rakor.task.completed", CommandFailure(.conflict, id: "x", en: "x"))
        #expect(tally.commands[BatchTally.CommandKey(command: "/tenggat", outcome: "ok")] == 2)
        #expect(tally.commands[BatchTally.CommandKey(command: "-", outcome: "rate_limited")] == 1)
        #expect(tally.rateLimited == 1)
        #expect(tally.commandCount == 3)
        #expect(tally.eventCount == 1)
        #expect(tally.events.keys.first?.outcome == "conflict")
    }

    @Test func settingsTreatAnEmptyKeyRingAsNone() throws {
        let ring = try HMACKeyRing(keys: ["a": [1]])
        let settings = ProcessorSettings(instance: "x", bridgeKeys: ring, integratorKeys: try HMACKeyRing(keys: [:]))
        #expect(settings.bridgeKeys?.keyIDs == ["a"])
        #expect(settings.integratorKeys == nil)
        #expect(settings.rateLimit == .default)
        #expect(settings.auditTextLimit == 256)
    }

    @Test func theInquiryCacheRemembersPairsOnce() {
        var cache = InquiryCache()
        let seen = [cache.firstTime(chat: "a", election: "pilkada2024"), cache.firstTime(chat: "a", election: "pilkada2024"),
                    cache.firstTime(chat: "a", election: "pilkada2020"), cache.firstTime(chat: "b", election: "pilkada2024")]
        #expect(seen == [true, false, true, true])
    }

    @Test func shiftedClockStartsAtTheChosenInstantAndMoves() async throws {
        let start = try #require(RFC3339.parse("2024-11-20T01:00:00Z"))
        let clock = ShiftedClock(startingAt: start)
        let first = clock.now()
        #expect(first >= start)
        #expect(first.timeIntervalSince(start) < 60)
        try await Task.sleep(for: .milliseconds(20))
        #expect(clock.now() > first)
        #expect(abs(SystemClock().now().timeIntervalSinceNow) < 60)
    }

    @Test func configurationDefaults() throws {
        var configuration = BotConfiguration()
        #expect(configuration.brokers == nil)
        #expect(configuration.consumerGroup == "rakorbot")
        #expect(configuration.instance == "rakorbot")
        #expect(configuration.rateLimit == .default)
        configuration.dataDirectory = "/tmp/rakor-x"
        #expect(configuration.databasePath == "/tmp/rakor-x/rakorbot.sqlite")
        #expect(configuration.clock is SystemClock)
        let today: Date = try #require(RFC3339.parse("2024-11-20T01:00:00Z"))
        configuration.now = today
        #expect(configuration.clock is ShiftedClock)
    }

    @Test func shippedDataLoadsTheCalendarsAndTheDemoDirectory() throws {
        let calendars = try ShippedData.calendars()
        #expect(calendars.ids.sorted() == ["pemilu2024", "pilkada2020", "pilkada2024"])
        let directory = try ShippedData.directory(at: nil)
        #expect(directory.user(id: "u-heriansyah")?.org == "kesbangpol-kalsel")
        #expect(directory.integrator(source: "kpu.go.id/jadwal")?.id == "kpu-ri")
        #expect(throws: ShippedData.Failure.self) { try ShippedData.directory(at: "/nonexistent/directory.yaml") }
        #expect(throws: ShippedData.Failure.self) { try ShippedData.calendars(in: URL(fileURLWithPath: "/nonexistent")) }
    }

    @Test func aBrokenCalendarFileNamesItself() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rakor-cal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id: broken\n".write(to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try ShippedData.calendars(in: folder)
            Issue.record("a broken calendar was accepted")
        } catch let failure as ShippedData.Failure {
            #expect("\(failure)".contains("broken.yaml"))
        }
    }
}

@Suite("Offset tracker")
struct OffsetTrackerTests {
    final class Stored: Sendable {
        let offsets = Mutex<[[TopicPartitionOffset]]>([])
        var all: [[TopicPartitionOffset]] { offsets.withLock { $0 } }
    }

    func offset(_ partition: Int32, _ offset: Int64) -> TopicPartitionOffset {
        TopicPartitionOffset(topic: "t", partition: partition, offset: offset)
    }

    @Test func offsetsAreStoredInBatchOrderOnly() {
        let stored = Stored()
        let tracker = OffsetTracker { offsets in stored.offsets.withLock { $0.append(offsets) } }
        let first = tracker.begin([offset(0, 10)])
        let second = tracker.begin([offset(0, 20), offset(1, 5)])
        #expect(tracker.outstanding == 2)
        // The later batch finishes first: nothing may be stored yet.
        tracker.complete(second)
        #expect(stored.all.isEmpty)
        tracker.complete(first)
        #expect(stored.all.count == 1)
        let latest = Dictionary(uniqueKeysWithValues: (stored.all.first ?? []).map { ($0.partition, $0.offset) })
        #expect(latest == [0: 20, 1: 5])
        #expect(tracker.outstanding == 0)
        #expect(tracker.waitUntilIdle(timeout: .milliseconds(10)))
    }

    @Test func waitingForIdleTimesOutWhileABatchIsOpen() {
        let tracker = OffsetTracker { _ in }
        _ = tracker.begin([offset(0, 1)])
        #expect(!tracker.waitUntilIdle(timeout: .milliseconds(20)))
    }
}

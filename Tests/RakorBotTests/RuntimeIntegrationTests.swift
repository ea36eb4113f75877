import Foundation
import Kafka
@testable import RakorBot
import RakorCore
import RakorStore
import Testing

/// The whole bot (`BotRuntime`) on an embedded cluster, driven through Kafka
/// by this process's producer and by kcat. Each test owns its cluster, topic
/// prefix, group and data folder, and is bounded in time by its waits.
@Suite("BotRuntime on the embedded cluster", .timeLimit(.minutes(1)))
struct RuntimeIntegrationTests {
    @Test func commandsFromOurProducerAndFromKcatAreAnswered() async throws {
        let fixture = try await BotFixture()
        let bot = try await fixture.startBot()

        let ours = try await fixture.ask("/tenggat pemungutan suara pilkada 2024", as: "u-heriansyah", id: "k-1",
                                         chat: "wa:group-kesbangpol-kalsel")
        #expect(ours.ok)
        #expect(ours.chat == "wa:group-kesbangpol-kalsel")
        #expect(ours.text.contains("Rabu, 27 November 2024"), "\(ours.text)")

        let viaKcat = try await fixture.ask("/jadwal pilkada2024", as: "u-heriansyah", id: "k-2",
                                            chat: "wa:group-kesbangpol-kalsel", viaKcat: true)
        #expect(viaKcat.ok)
        #expect(viaKcat.text.contains("25 September"), "\(viaKcat.text)")
        #expect(viaKcat.text.contains("23 November 2024"), "\(viaKcat.text)")

        let help = try await fixture.ask("/help", as: "u-heriansyah", id: "k-3", viaKcat: true)
        #expect(help.lang == .en)
        #expect(help.text.contains("/deadline"))

        // Replies are keyed by chat.
        let record = try #require(fixture.replyRecords(to: "k-1").first)
        #expect(record.key.map { String(decoding: $0, as: UTF8.self) } == "wa:group-kesbangpol-kalsel")

        await bot.stop()
        #expect(fixture.verifyAudit().isValid)
        #expect(try await BotFixture.pendingOutbox(fixture.configuration) == 0)
        await fixture.close()
    }

    @Test func aNonJSONRecordIsDeadLetteredWithItsHeadersAndTheBotKeepsAnswering() async throws {
        let fixture = try await BotFixture()
        let bot = try await fixture.startBot()

        try await fixture.kcat(topic: fixture.topics.commands, key: "wa:group-kpu-kalsel", value: "kapan coblosan?",
                               headers: ["x-bridge": "wa-1"])
        let lettered = await fixture.reader.wait(timeout: .seconds(15)) { _ in !fixture.deadLetters.isEmpty }
        try #require(lettered, "nothing in the dead-letter topic")
        let letter = try #require(fixture.deadLetters.first)
        #expect(letter.value.map { String(decoding: $0, as: UTF8.self) } == "kapan coblosan?")
        #expect(letter.key.map { String(decoding: $0, as: UTF8.self) } == "wa:group-kpu-kalsel")
        let headers = Dictionary(letter.headers.map { ($0.name, $0.stringValue ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(headers["x-bridge"] == "wa-1")
        #expect(headers["source_topic"] == "rakor.commands")
        #expect(headers["source_partition"].flatMap { Int32($0) } != nil)
        #expect(headers["source_offset"] == "0")
        #expect(headers["error_code"] == "invalid_envelope")
        #expect(headers["error_message"]?.contains("not valid JSON") == true)

        // The chat named by the key hears why.
        let refused = await fixture.reader.wait(timeout: .seconds(15)) { records in
            records.contains { BotFixture.message($0)?.error?.code == .invalidEnvelope }
        }
        #expect(refused)

        // And the bot goes on.
        let next = try await fixture.ask("/tenggat pemungutan suara pilkada 2024", as: "u-sarmuji", id: "after-bad",
                                         chat: "wa:group-kpu-kalsel")
        #expect(next.ok)
        await bot.stop()
        let summary = fixture.verifyAudit()
        #expect(summary.isValid, "\(summary.problems)")
        #expect(summary.events == 2)
        #expect(try await BotFixture.pendingOutbox(fixture.configuration) == 0)
        await fixture.close()
    }

    @Test func anIntegratorEventInBinaryModeIsApplied() async throws {
        let fixture = try await BotFixture()
        let bot = try await fixture.startBot()
        try await fixture.send(event: Events.calendarPublished(id: "bin-cal"), binary: true)
        let applied = await fixture.audit(correlatedWith: "bin-cal", count: 2)
        #expect(applied.map { $0["type"]?.stringValue } == ["rakor.command.accepted", "rakor.calendar.published"])
        let jadwal = try await fixture.ask("/jadwal ujicoba2099", as: "u-heriansyah")
        #expect(jadwal.text.contains("Rabu, 25 November 2099"), "\(jadwal.text)")
        await bot.stop()
        await fixture.close()
    }
}

@Suite("BotService", .timeLimit(.minutes(1)))
struct BotServiceTests {
    @Test func cancellingTheServiceStopsTheBotCleanly() async throws {
        let fixture = try await BotFixture()
        let runtime = try await BotRuntime.start(fixture.configuration, logger: BotFixture.logger)
        let service = BotService(runtime: runtime)
        let task = Task { try await service.run() }
        #expect(try await fixture.ask("/tenggat", as: "u-heriansyah", id: "svc-1").ok)
        task.cancel()
        try await task.value
        #expect(runtime.consumerHealth.isClosed)
        #expect(runtime.producerHealth.isClosed)
        #expect(try await BotFixture.pendingOutbox(fixture.configuration) == 0)
        await runtime.shutdown()
        await fixture.close()
    }
}

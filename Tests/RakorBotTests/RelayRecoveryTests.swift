import Foundation
import Kafka
@testable import RakorBot
import RakorCore
import RakorStore
import Testing

/// Committed output that Kafka does not take at once is neither lost nor
/// duplicated in effect: the relay retries it, and what a stopped bot could
/// not deliver goes out when the next one starts.
@Suite("Outbox relay recovery", .timeLimit(.minutes(2)))
struct RelayRecoveryTests {
    static let assign = #"/tugas baru @kpu-banjar "Data pemilih" tenggat 2024-12-01"#

    @Test func aReplyTheTopicRefusedIsRetriedUntilItGetsThrough() async throws {
        let fixture = try await BotFixture()
        let bot = try await fixture.startBot()
        #expect(try await fixture.ask("/tenggat", as: "u-heriansyah", id: "warm-up").ok)

        try fixture.setRepliesLeaderless(true)
        try await fixture.send(CommandEnvelope(id: "retry-1", chat: "wa:test-chat", sender: "u-heriansyah", text: Self.assign))
        // Committed: its audit events are out, its reply is not.
        #expect(await fixture.audit(correlatedWith: "retry-1", count: 2).count == 2)
        #expect(fixture.replies(to: "retry-1").isEmpty)

        // When the partitions come back, the first produce requests fail for good.
        try fixture.cluster.pushRequestErrors(apiKey: .produce, errors: Array(repeating: .topicAuthorizationFailed, count: 3))
        try fixture.setRepliesLeaderless(false)
        let reply = try await fixture.reply(to: "retry-1", timeout: .seconds(40))
        #expect(bot.runtime.relay.failedDeliveries > 0, "no delivery failed: the retry path was not exercised")
        #expect(reply.ok, "\(reply.text)")
        #expect(fixture.replies(to: "retry-1").count == 1)
        #expect(try await bot.runtime.store.read { try $0.tugas.count(TugasFilter()) } == 1)
        await bot.stop()
        await fixture.close()
    }

    @Test func whatAStoppedBotCouldNotDeliverGoesOutOnTheNextStart() async throws {
        let fixture = try await BotFixture(shutdownTimeout: .seconds(2))
        let first = try await fixture.startBot()
        #expect(try await fixture.ask("/tenggat", as: "u-heriansyah", id: "warm-up").ok)

        try fixture.setRepliesLeaderless(true)
        try await fixture.send(CommandEnvelope(id: "stuck-1", chat: "wa:test-chat", sender: "u-heriansyah", text: Self.assign))
        #expect(await fixture.audit(correlatedWith: "stuck-1", count: 2).count == 2)
        await first.stop()
        #expect(fixture.replies(to: "stuck-1").isEmpty)
        let left = try await BotFixture.pendingOutbox(fixture.configuration)
        #expect(left > 0, "the undelivered reply stays in the outbox")

        try fixture.setRepliesLeaderless(false)
        let second = try await fixture.startBot()
        let reply = try await fixture.reply(to: "stuck-1", timeout: .seconds(30))
        #expect(reply.ok, "\(reply.text)")
        #expect(reply.data?["id"] == "T-1")
        // The command's offset was never stored, so it is redelivered too: the
        // ledger answers it with the same bytes and applies nothing.
        let copies = fixture.replyRecords(to: "stuck-1").map(\.value)
        #expect(Set(copies).count == 1)
        let next = try await fixture.ask(Self.assign, as: "u-heriansyah", id: "fresh-1")
        #expect(next.data?["id"] == "T-2", "\(next.text)")
        await second.stop()
        let summary = fixture.verifyAudit()
        #expect(summary.isValid, "\(summary.problems)")
        await fixture.close()
    }
}

extension BotFixture {
    /// Takes the replies topic's partitions off (no leader: produce waits) or puts them back.
    func setRepliesLeaderless(_ leaderless: Bool) throws {
        for partition in Int32(0)..<3 {
            try cluster.setPartitionLeader(topic: topics.replies, partition: partition, brokerID: leaderless ? -1 : 1)
        }
    }
}

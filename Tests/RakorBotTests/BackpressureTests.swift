import Foundation
import Kafka
@testable import RakorBot
import RakorCore
import RakorStore
import Testing

/// With the replies topic unavailable, undelivered output piles up only to
/// the relay's bound: the pipeline stops taking batches (intake pauses), so
/// memory stays bounded however much waits in `rakor.commands`. When the
/// topic returns, everything is delivered, once.
@Suite("Backpressure", .timeLimit(.minutes(3)))
struct BackpressureTests {
    static let capacity = 100
    static let batchSize = 20
    static let commandCount = 600

    @Test func withTheRepliesTopicDownInFlightOutputStopsAtTheBoundAndAllIsDeliveredLater() async throws {
        let fixture = try await BotFixture()
        var configuration = fixture.configuration
        configuration.relayCapacity = Self.capacity
        configuration.maxBatchSize = Self.batchSize
        let runtime = try await BotRuntime.start(configuration, logger: BotFixture.logger)
        let bot = RunningBot(runtime: runtime, task: Task { await runtime.run() })
        #expect(try await fixture.ask("/tenggat", as: "u-heriansyah", id: "warm-up").ok)

        try fixture.setRepliesLeaderless(true)
        let ids = (0..<Self.commandCount).map { "bp-\($0)" }
        try await fixture.producer.send(ids.enumerated().map { n, id in
            fixture.record(id, text: "/tenggat pemungutan suara", chat: "wa:chat-\(n % 6)")
        })
        try await fixture.producer.flush(timeout: .seconds(30))

        // The relay fills up to its bound (each command leaves one reply undelivered)…
        let filled = await OpsTestSupport.eventually(timeout: .seconds(60)) { runtime.outboxInFlight >= Self.capacity }
        #expect(filled, "in flight: \(runtime.outboxInFlight)")
        // …and then intake stays paused: neither in-flight output nor processed
        // commands grow past the bound plus the one batch taken before the pause
        // (whose commands each put a reply and an audit event in flight; the
        // audit events leave, the replies stay).
        let bound = Self.capacity + 2 * Self.batchSize
        let processedBound = Self.capacity + Self.batchSize + 1 // + the warm-up
        var maxInFlight = 0
        var processed = 0
        for _ in 0..<10 {
            maxInFlight = max(maxInFlight, runtime.outboxInFlight)
            processed = try await runtime.store.read { try $0.ledger.count() }
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(maxInFlight <= bound, "in flight \(maxInFlight) > \(bound)")
        #expect(processed <= processedBound, "processed \(processed) commands while their replies could not leave")
        #expect(processed < Self.commandCount)
        // What the pipeline does not take stays in Kafka: the consumer thread,
        // its hand-off full, pauses its partitions instead of buffering.
        let fetched = runtime.consumer.statistics
        #expect(fetched.backpressurePauses > 0, "the consumer never paused: \(fetched)")
        #expect(runtime.readiness().details["outbox_in_flight"] == JSONValue(runtime.outboxInFlight),
                "readiness shows the operator what is in flight")

        try fixture.setRepliesLeaderless(false)
        #expect(await fixture.waitForReplies(to: ids, timeout: .seconds(90)), "not every command was answered")
        let counts = fixture.replyCounts()
        let notOnce = ids.filter { counts[$0] != 1 }
        #expect(notOnce.isEmpty, "not answered exactly once: \(notOnce.prefix(10).map { "\($0): \(counts[$0] ?? 0)" })")
        await bot.stop()
        #expect(try await BotFixture.pendingOutbox(configuration) == 0)
        #expect(fixture.verifyAudit().isValid)
        await fixture.close()
        print("backpressure: capacity \(Self.capacity), batch \(Self.batchSize), max in flight \(maxInFlight), "
            + "processed while paused \(processed) of \(Self.commandCount), consumer pauses \(fetched.backpressurePauses), "
            + "records the consumer fetched \(fetched.recordsFetched), all delivered once afterwards")
    }
}

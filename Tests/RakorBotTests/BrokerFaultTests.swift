import Foundation
import Kafka
import Logging
@testable import RakorBot
import RakorCore
import RakorStore
import Synchronization
import Testing

/// The in-process bot under the mock cluster's fault injection: brokers down
/// and up, pushed request errors, latency and leader moves. Whatever the
/// fault, every command sent while it lasts gets exactly one reply once it is
/// over, the bot recovers by itself, and it reports itself not ready while
/// it cannot reach Kafka. A truncated log is logged, counted and audited.
@Suite("Broker faults", .timeLimit(.minutes(3)))
struct BrokerFaultTests {
    static let assign = #"/tugas baru @kpu-banjar "Data pemilih" tenggat 2024-12-01"#

    @Test func withEveryBrokerDownTheBotIsNotReadyAndAnswersEverythingOnceTheyReturn() async throws {
        let fixture = try await BotFixture()
        let bot = try await fixture.startBot()
        #expect(try await fixture.ask("/tenggat", as: "u-heriansyah", id: "warm-up").ok)
        #expect(await OpsTestSupport.eventually(timeout: .seconds(60)) { bot.runtime.readiness().ok },
                "ready before the fault: \(bot.runtime.readiness().reasons)")

        try fixture.cluster.setAllBrokersDown()
        // Commands keep coming while the cluster is away: they wait in the
        // bridge's (our producer's) queue, as they would in a real bridge.
        let ids = (0..<20).map { "down-\($0)" }
        try await fixture.producer.send(ids.map { fixture.record($0, text: Self.assign) })
        var reasons: [String] = []
        let degraded = await OpsTestSupport.eventually(timeout: .seconds(60)) {
            let readiness = bot.runtime.readiness()
            reasons = readiness.reasons
            return !readiness.ok && readiness.reasons.contains { $0.contains("all brokers down") }
        }
        #expect(degraded, "readiness while every broker is down: \(reasons)")
        #expect(bot.runtime.liveness().ok, "a cluster outage is no reason to restart the bot")

        try fixture.cluster.setAllBrokersUp()
        try await fixture.producer.flush(timeout: .seconds(90))
        for id in ids { _ = try await fixture.reply(to: id, timeout: .seconds(90)) }
        #expect(await OpsTestSupport.eventually(timeout: .seconds(90)) { bot.runtime.readiness().ok },
                "ready again by itself: \(bot.runtime.readiness().reasons)")
        for id in ids {
            let replies = fixture.replies(to: id)
            #expect(replies.count == 1 && replies.allSatisfy(\.ok), "\(id): \(replies.map(\.text))")
        }
        #expect(try await bot.runtime.store.read { try $0.tugas.count(TugasFilter()) } == ids.count)
        await bot.stop()
        #expect(fixture.verifyAudit().isValid)
        await fixture.close()
    }

    /// One fault at a time, each with commands sent while it lasts.
    @Test func requestErrorsLatencyLeaderMovesAndALostBrokerLoseNothing() async throws {
        let fixture = try await BotFixture()
        let bot = try await fixture.startBot()
        #expect(try await fixture.ask("/tenggat", as: "u-heriansyah", id: "warm-up").ok)
        let cluster = fixture.cluster
        let topics = fixture.topics
        let faults: [Fault] = [
            // Pushed errors hit whichever client asks next: injected once the
            // commands are in, so the bot's producer (not ours) meets them.
            Fault("retriable produce errors", afterSending: true, inject: {
                try cluster.pushRequestErrors(apiKey: .produce, errors: [.notLeaderForPartition, .requestTimedOut,
                                                                         .notEnoughReplicas, .leaderNotAvailable])
            }),
            Fault("fetch errors", inject: {
                try cluster.pushRequestErrors(apiKey: .fetch, errors: [.notLeaderForPartition, .unknownTopicOrPartition,
                                                                       .requestTimedOut, .notLeaderForPartition])
            }),
            Fault("offset commit errors", inject: {
                try cluster.pushRequestErrors(apiKey: .offsetCommit, errors: [.requestTimedOut, .coordinatorNotAvailable,
                                                                              .notCoordinator])
            }),
            Fault("300 ms latency on every broker", inject: {
                for id in cluster.brokerIDs { try cluster.setBrokerLatency(id, .milliseconds(300)) }
            }, heal: {
                for id in cluster.brokerIDs { try cluster.setBrokerLatency(id, .zero) }
            }),
            Fault("leader moves", inject: {
                for topic in [topics.commands, topics.replies, topics.audit] {
                    for partition in Int32(0)..<3 {
                        try cluster.setPartitionLeader(topic: topic, partition: partition, brokerID: (partition + 1) % 3 + 1)
                    }
                }
            }),
            Fault("one broker down", inject: { try cluster.setBrokerDown(2) }, heal: { try cluster.setBrokerUp(2) }),
        ]
        var survived = 0
        for (index, fault) in faults.enumerated() {
            if !fault.afterSending { try fault.inject() }
            let ids = (0..<10).map { "fault\(index)-\($0)" }
            try await fixture.producer.send(ids.enumerated().map { n, id in
                fixture.record(id, text: n.isMultiple(of: 2) ? Self.assign : "/tenggat pemungutan suara")
            })
            if fault.afterSending {
                try await fixture.producer.flush(timeout: .seconds(30))
                try fault.inject()
            }
            // Let the fault bite before it heals (some heal by themselves).
            _ = await fixture.reader.wait(timeout: .seconds(3)) { _ in ids.allSatisfy { !fixture.replies(to: $0).isEmpty } }
            try fault.heal()
            try await fixture.producer.flush(timeout: .seconds(60))
            var answeredOnce = true
            for id in ids {
                _ = try await fixture.reply(to: id, timeout: .seconds(60))
                let replies = fixture.replies(to: id)
                answeredOnce = answeredOnce && replies.count == 1 && replies.allSatisfy(\.ok)
            }
            #expect(answeredOnce, "\(fault.name): \(ids.map { fixture.replies(to: $0).count })")
            if answeredOnce { survived += 1 }
        }
        #expect(await OpsTestSupport.eventually(timeout: .seconds(60)) { bot.runtime.readiness().ok },
                "ready after the faults: \(bot.runtime.readiness().reasons)")
        let tasks = faults.count * 5
        #expect(try await bot.runtime.store.read { try $0.tugas.count(TugasFilter()) } == tasks)
        await bot.stop()
        let summary = fixture.verifyAudit()
        #expect(summary.isValid, "\(summary.problems)")
        await fixture.close()
        print("faults: injected=\(faults.count) survived=\(survived) (\(faults.map(\.name).joined(separator: ", ")))")
    }

    /// A reply the replies topic refuses for good is re-sent after a backoff
    /// until it gets through; the bot answers it exactly once meanwhile.
    @Test func refusedDeliveriesAreRetriedWithBackoffUntilTheyGetThrough() async throws {
        let fixture = try await BotFixture()
        let logs = LogCapture()
        let runtime = try await BotRuntime.start(fixture.configuration,
                                                 logger: Logger(label: "rakorbot.tests.retry") { _ in logs.handler() })
        let bot = RunningBot(runtime: runtime, task: Task { await runtime.run() })
        #expect(try await fixture.ask("/tenggat", as: "u-heriansyah", id: "warm-up").ok)

        try fixture.setRepliesLeaderless(true)
        let ids = (0..<5).map { "refused-\($0)" }
        for id in ids { try await fixture.send(CommandEnvelope(id: id, chat: "wa:test-chat", sender: "u-heriansyah", text: Self.assign)) }
        for id in ids { #expect(await fixture.audit(correlatedWith: id, count: 2).count == 2, "\(id) was committed") }
        let failedBefore = bot.runtime.relay.failedDeliveries
        // Non-retriable for librdkafka: only the relay's own retry gets these through.
        // More refusals than rows: however librdkafka groups the five
        // replies into requests, some row is refused at least twice, so its
        // backoff must have grown (4 refusals could all land on first
        // attempts and leave every logged wait at 0.1 s). Even if one request
        // took all 8, the waits add up to 25.5 s, inside the reply timeout.
        try fixture.cluster.pushRequestErrors(apiKey: .produce,
                                              errors: Array(repeating: .topicAuthorizationFailed, count: ids.count + 3))
        try fixture.setRepliesLeaderless(false)
        for id in ids { _ = try await fixture.reply(to: id, timeout: .seconds(120)) }
        #expect(bot.runtime.relay.failedDeliveries > failedBefore, "no delivery failed: the retry path was not exercised")
        // Rows refused again wait longer than the first time (several groups
        // of rows may be retrying side by side, so the log interleaves them).
        let delays = logs.entries.filter { $0.message.hasPrefix("delivery failed; retrying") }
            .compactMap { $0.metadata["retry_in_s"].flatMap(Double.init) }
        #expect(delays.count >= 2, "retries logged: \(delays)")
        #expect((delays.max() ?? 0) > (delays.first ?? 0), "the backoff grows: \(delays)")
        #expect(delays.allSatisfy { $0 <= 30 }, "the backoff is capped: \(delays)")
        for id in ids { #expect(fixture.replies(to: id).count == 1, "\(id)") }
        #expect(try await bot.runtime.store.read { try $0.tugas.count(TugasFilter()) } == ids.count)
        await bot.stop()
        #expect(try await BotFixture.pendingOutbox(fixture.configuration) == 0)
        await fixture.close()
    }

    /// The group's committed offsets point beyond the end of the commands log
    /// (as after retention truncated it): the bot resumes at the earliest
    /// offset and says so: an error log line, the metric, an audit notice.
    @Test func aTruncatedLogIsLoggedCountedAndAuditedNeverSkippedSilently() async throws {
        let fixture = try await BotFixture()
        let ids = (0..<6).map { "before-truncation-\($0)" }
        for (n, id) in ids.enumerated() {
            try await fixture.send(CommandEnvelope(id: id, chat: "wa:chat-\(n)", sender: "u-heriansyah", text: "/tenggat"))
        }
        // A member of the bot's group stores offsets far past the log's end on
        // every partition and leaves (committing them).
        let member = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(bootstrapServers: fixture.cluster.bootstrapServers,
                                                      groupID: fixture.configuration.consumerGroup,
                                                      topics: [fixture.topics.commands], properties: BotFixture.fastGroup),
            logger: BotFixture.logger)
        let drain = Task { for await _ in member.batches {} }
        let assigned = await OpsTestSupport.eventually(timeout: .seconds(30)) { ((try? member.assignment()) ?? []).count == 3 }
        try #require(assigned, "the member never got the three partitions")
        let failures = try member.storeOffsets((Int32(0)..<3).map {
            TopicPartitionOffset(topic: fixture.topics.commands, partition: $0, offset: 1_000)
        })
        #expect(failures.isEmpty, "\(failures)")
        await member.close()
        await drain.value

        let logs = LogCapture()
        let logger = Logger(label: "rakorbot.tests.truncation") { _ in logs.handler() }
        let metrics = BotMetrics()
        let runtime = try await BotRuntime.start(fixture.configuration, logger: logger, metrics: metrics)
        let bot = RunningBot(runtime: runtime, task: Task { await runtime.run() })

        // Nothing lost: the records before the "truncation" are answered.
        for id in ids { #expect(try await fixture.reply(to: id, timeout: .seconds(60)).ok) }
        let noticed = await fixture.reader.wait(timeout: .seconds(30)) { _ in
            fixture.auditEvents.filter { $0["type"]?.stringValue == AuditTypes.offsetReset }.count >= 3
        }
        #expect(noticed, "one offset-reset notice per truncated partition")
        let notices = fixture.auditEvents.filter { $0["type"]?.stringValue == AuditTypes.offsetReset }
        #expect(Set(notices.compactMap { $0["subject"]?.stringValue }).count == 3, "\(notices)")
        #expect(notices.allSatisfy { $0["data"]?.objectValue?["offset"] == .int(1_000) }, "\(notices)")
        let exposition = metrics.exposition()
        #expect(exposition.contains("\(MetricNames.offsetResets) 3"), "\(exposition.split(separator: "\n").filter { $0.contains("offset") })")
        let errors = logs.entries.filter { $0.level == .error && $0.message.contains("truncated") }
        #expect(errors.count == 3, "\(logs.entries.map(\.message))")
        await bot.stop()
        #expect(fixture.verifyAudit().isValid)
        await fixture.close()
    }
}

/// A fault and how it ends (nothing to do for the ones that end by themselves:
/// pushed errors are consumed, moved leaders stay valid).
struct Fault {
    let name: String
    /// Inject only once the fault's commands are in Kafka.
    let afterSending: Bool
    let inject: () throws -> Void
    let heal: () throws -> Void

    init(_ name: String, afterSending: Bool = false, inject: @escaping () throws -> Void,
         heal: @escaping () throws -> Void = {}) {
        self.name = name
        self.afterSending = afterSending
        self.inject = inject
        self.heal = heal
    }
}

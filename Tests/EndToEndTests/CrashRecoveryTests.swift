import Foundation
import Kafka
import RakorCore
import RakorStore
import Synchronization
import Testing

/// The bot killed with SIGKILL at random moments while an external client
/// streams a few thousand commands at it, restarted each time on the same
/// data folder and the same cluster (`rakorbot kafka`, its own process).
/// Afterwards every command has a reply, every effect happened exactly once
/// (in the store, in the replies and in the audit stream), and the audit chain
/// verifies end to end. Prints the figures as one `reliability:` line.
@Suite("Crash recovery (SIGKILL and restart)", .timeLimit(.minutes(6)))
struct CrashRecoveryTests {
    static let commandCount = 3000
    static let kills = 4
    static let slice = 25
    static let slicePause: Duration = .milliseconds(400)
    /// librdkafka's mock cluster keeps at most ~5 MiB per partition; beyond it
    /// the start of the log goes and the audit chain would lose its genesis.
    static let mockPartitionLimit = 5 * 1024 * 1024

    @Test func aKilledAndRestartedBotLosesNothingAndAppliesNothingTwice() async throws {
        let seed = ProcessInfo.processInfo.environment["RAKOR_CRASH_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 0...UInt64.max)
        var random = SeededRandom(seed: seed)
        let started = ContinuousClock.now
        let folder = try BotHarness.temporaryFolder("crash")
        defer { try? FileManager.default.removeItem(at: folder) }

        // Replies re-sent after each crash add up: six partitions keep the
        // fullest one well under the mock's retention limit.
        let cluster = try await ClusterChild.start(partitions: 6)
        let replies = try await TopicFollower(cluster.bootstrapServers, topic: "rakor.replies")
        let audit = try await TopicFollower(cluster.bootstrapServers, topic: "rakor.audit")
        let answered = SeenIDs { record in record.value.flatMap { try? OutboundMessage.decode(Array($0)) }?.inReplyTo }
        let decided = SeenIDs { record in
            guard let event = record.value.flatMap({ try? JSONParser().parse(Array($0)).objectValue }),
                  event["type"]?.stringValue?.hasPrefix("rakor.command.") == true else { return nil }
            return event["correlationid"]?.stringValue
        }
        let launcher = ServeLauncher(bootstrapServers: cluster.bootstrapServers,
                                     dataFolder: folder.appendingPathComponent("data"),
                                     extraArguments: ["--partitions", "6"])
        let workload = CrashWorkload(count: Self.commandCount)

        // The client streams the commands over ~40 s in small slices, so the
        // kills land while commands are arriving and in hand.
        let produced = Atomic<Int>(0)
        let client = try DeliveringProducer(cluster.bootstrapServers)
        let stream = Task {
            for start in stride(from: 0, to: Self.commandCount, by: Self.slice) {
                let end = min(start + Self.slice, Self.commandCount)
                try await client.send(workload.records(start..<end))
                produced.store(end, ordering: .releasing)
                try await Task.sleep(for: Self.slicePause)
            }
        }

        var bot = try await launcher.start()
        var kills = 0
        var killsWithWorkInHand = 0
        while kills < Self.kills {
            // Kill once this bot has made some progress: at a random number of
            // further answers, then after a random extra moment.
            let before = answered.count(replies.records)
            let step = Int.random(in: 20...300, using: &random)
            let progressed = await replies.wait(timeout: .seconds(120)) {
                answered.count($0) >= min(before + step, Self.commandCount)
            }
            try #require(progressed, "the bot answered \(answered.count(replies.records)) before kill \(kills + 1)\n\(bot.stderr.suffix(3000))")
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...300, using: &random)))
            if answered.count(replies.records) < produced.load(ordering: .acquiring) { killsWithWorkInHand += 1 }
            let status = await bot.crash()
            #expect(status == 128 + SIGKILL, "the bot died of SIGKILL, status \(String(describing: status))")
            kills += 1
            bot = try await launcher.start()
        }
        try await stream.value
        #expect(client.undelivered.isEmpty, "the client could not send: \(client.undelivered.prefix(3))")
        #expect(client.delivered == Self.commandCount)
        await client.shutdown()

        let allAnswered = await replies.wait(timeout: .seconds(180)) { answered.count($0) >= Self.commandCount }
        let stopped = await bot.terminate()
        #expect(stopped == 0, "the last bot exits 0 on SIGTERM\n\(bot.stderr.suffix(3000))")
        #expect(allAnswered, "answered \(answered.count(replies.records)) of \(Self.commandCount)")
        // Replies and audit events leave through separate producers' batches:
        // wait (bounded) until the audit follower has caught up too.
        let allDecided = await audit.wait(timeout: .seconds(60)) { decided.count($0) >= Self.commandCount }
        #expect(allDecided, "audit decisions seen for \(decided.count(audit.records)) of \(Self.commandCount) commands")

        let replyCheck = ReplyCheck(workload: workload, records: replies.records)
        let auditCheck = AuditCheck(workload: workload, records: audit.records)
        let storeCheck = try await StoreCheck(workload: workload, replies: replyCheck,
                                              databasePath: folder.appendingPathComponent("data/rakorbot.sqlite").path)
        let verified = try await rakorbot(["audit", "verify", "--brokers", cluster.bootstrapServers, "--json"])
        let auditBytes = Self.largestPartitionBytes(audit.records)
        let replyBytes = Self.largestPartitionBytes(replies.records)
        await replies.close()
        await audit.close()
        await cluster.stop()

        #expect(kills >= 3)
        #expect(killsWithWorkInHand >= 1, "no kill caught the bot with commands waiting")
        #expect(replyCheck.lost.isEmpty, "no reply to \(replyCheck.lost.prefix(20))")
        #expect(replyCheck.failed.isEmpty, "failed replies: \(replyCheck.failed.prefix(5))")
        #expect(replyCheck.inconsistent.isEmpty, "a re-sent reply differs from the first: \(replyCheck.inconsistent.prefix(5))")
        #expect(auditCheck.summary.isValid, "\(auditCheck.summary.problems.prefix(10))")
        #expect(auditCheck.summary.chains.count == 1)
        let chain = auditCheck.summary.chains.first
        #expect(chain?.firstSequence == 1 && chain?.lastSequence == chain.map { UInt64($0.events) },
                "one gap-free chain from sequence 1: \(String(describing: chain))")
        #expect(auditCheck.decisionProblems.isEmpty, "accepted/rejected events: \(auditCheck.decisionProblems.prefix(10))")
        #expect(auditCheck.effectProblems.isEmpty, "state-change events: \(auditCheck.effectProblems.prefix(10))")
        #expect(storeCheck.problems.isEmpty, "store: \(storeCheck.problems.prefix(10))")
        #expect(storeCheck.ledgerRows == Self.commandCount)
        #expect(verified.status == 0, "rakorbot audit verify: \(verified)")
        #expect(auditBytes < Self.mockPartitionLimit, "the audit partition outgrew the mock's retention")
        #expect(replyBytes < Self.mockPartitionLimit, "a replies partition outgrew the mock's retention")

        let lost = Set(replyCheck.lost).union(auditCheck.missingEffects).union(storeCheck.missing).count
        let twice = Set(auditCheck.appliedTwice).union(storeCheck.appliedTwice).count
        #expect(lost == 0)
        #expect(twice == 0)
        let seconds = (ContinuousClock.now - started).components.seconds
        print("reliability: commands sent \(Self.commandCount), kills \(kills) (\(killsWithWorkInHand) with commands in hand), "
            + "replies \(replyCheck.answered) (\(replyCheck.recordCount) records, re-sent after a crash \(replyCheck.recordCount - replyCheck.answered)), "
            + "lost \(lost), applied twice \(twice), audit events \(auditCheck.summary.events) "
            + "(\(auditCheck.summary.duplicates) republished duplicates), chain verified \(auditCheck.summary.isValid && verified.status == 0), "
            + "store: \(storeCheck.tasks) tasks, \(storeCheck.agreements) agreements, \(storeCheck.budgetItems) budget items, "
            + "\(storeCheck.ledgerRows) ledger rows, largest partitions: audit \(auditBytes / 1024) KiB, "
            + "replies \(replyBytes / 1024) KiB, \(seconds) s, seed \(seed)")
    }

    /// Bytes (keys and values) of the fullest partition among `records`.
    static func largestPartitionBytes(_ records: [ConsumerRecord]) -> Int {
        var bytes: [Int32: Int] = [:]
        for record in records { bytes[record.partition, default: 0] += (record.key?.count ?? 0) + (record.value?.count ?? 0) }
        return bytes.values.max() ?? 0
    }
}

import Foundation
import Kafka
import RakorCore
import Testing

/// SIGTERM in the middle of a burst: the bot stops intake, finishes what it
/// holds, drains its outbox, stores its offsets and leaves the group within
/// its bound and exits 0; a restarted bot then answers exactly the rest.
/// Nothing is answered twice and nothing already answered runs again.
@Suite("Graceful shutdown (SIGTERM mid-burst)", .timeLimit(.minutes(4)))
struct GracefulShutdownTests {
    static let commandCount = 1500
    /// serve's default shutdown bound is 20 s; the process may take a little
    /// longer to tear down its clients on a loaded machine.
    static let exitBound: Duration = .seconds(45)

    @Test func sigtermMidBurstExitsZeroAndARestartedBotAnswersTheRestOnce() async throws {
        let folder = try BotHarness.temporaryFolder("shutdown")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cluster = try await ClusterChild.start()
        let replies = try await TopicFollower(cluster.bootstrapServers, topic: "rakor.replies")
        let audit = try await TopicFollower(cluster.bootstrapServers, topic: "rakor.audit")
        let answered = SeenIDs { record in record.value.flatMap { try? OutboundMessage.decode(Array($0)) }?.inReplyTo }
        let launcher = ServeLauncher(bootstrapServers: cluster.bootstrapServers,
                                     dataFolder: folder.appendingPathComponent("data"))
        let workload = CrashWorkload(count: Self.commandCount)

        let first = try await launcher.start()
        let client = try DeliveringProducer(cluster.bootstrapServers)
        // Answered once it has joined the group: from then on it keeps up with
        // the burst instead of meeting it as one big batch.
        let warmUp = CommandEnvelope(id: "warm-up", chat: "wa:warm-up", sender: "u-heriansyah", text: "/tenggat")
        try await client.send([ProducerRecord(topic: "rakor.commands", key: Array(warmUp.chat.utf8), value: warmUp.encode())])
        let joined = await replies.wait(timeout: .seconds(120)) { answered.count($0) > 0 && answered.contains("warm-up") }
        try #require(joined, "the first bot never answered its warm-up command\n\(first.stderr.suffix(3000))")
        // The burst arrives over several seconds, so SIGTERM lands while
        // commands are still coming in and in hand.
        let burst = Task {
            for start in stride(from: 0, to: Self.commandCount, by: 50) {
                try await client.send(workload.records(start..<min(start + 50, Self.commandCount)))
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        // SIGTERM as soon as the bot is visibly working through the burst.
        let working = await replies.wait(timeout: .seconds(120)) { answered.count($0) >= 1 + 50 }
        try #require(working, "the first bot never started answering\n\(first.stderr.suffix(3000))")
        let answeredAtSignal = answered.count(replies.records) - 1
        let signalled = ContinuousClock.now
        let status = await first.terminate(timeout: Self.exitBound)
        let shutdownTime = ContinuousClock.now - signalled
        #expect(status == 0, "exit 0 within \(Self.exitBound) of SIGTERM, got \(String(describing: status))\n\(first.stderr.suffix(3000))")
        // What the first bot answered (its outbox was drained before it
        // exited), as far as the follower has caught up.
        let repliesBeforeRestart = answered.count(replies.records) - 1

        try await burst.value
        #expect(client.undelivered.isEmpty, "the client could not send: \(client.undelivered.prefix(3))")
        #expect(client.delivered == 1 + Self.commandCount, "the warm-up and the burst")
        await client.shutdown()
        let second = try await launcher.start()
        let allAnswered = await replies.wait(timeout: .seconds(120)) { answered.count($0) >= 1 + Self.commandCount }
        let decided = SeenIDs { record in
            guard let event = record.value.flatMap({ try? JSONParser().parse(Array($0)).objectValue }),
                  event["type"]?.stringValue?.hasPrefix("rakor.command.") == true else { return nil }
            return event["correlationid"]?.stringValue
        }
        let allDecided = await audit.wait(timeout: .seconds(60)) { decided.count($0) >= 1 + Self.commandCount }
        #expect(await second.terminate() == 0, "\(second.stderr.suffix(3000))")
        #expect(allAnswered, "answered \(answered.count(replies.records) - 1) of \(Self.commandCount)")
        #expect(allDecided)

        let replyCheck = ReplyCheck(workload: workload, records: replies.records)
        let auditCheck = AuditCheck(workload: workload, records: audit.records)
        await replies.close()
        await audit.close()
        await cluster.stop()

        #expect(replyCheck.lost.isEmpty, "no reply to \(replyCheck.lost.prefix(20))")
        // A graceful stop leaves nothing to redeliver: exactly one reply record
        // per command and not a single republished audit event.
        #expect(replyCheck.recordCount == Self.commandCount,
                "\(replyCheck.recordCount) reply records for \(Self.commandCount) commands")
        #expect(auditCheck.summary.duplicates == 0)
        #expect(auditCheck.summary.isValid, "\(auditCheck.summary.problems.prefix(10))")
        #expect(auditCheck.decisionProblems.isEmpty, "\(auditCheck.decisionProblems.prefix(10))")
        #expect(auditCheck.effectProblems.isEmpty, "\(auditCheck.effectProblems.prefix(10))")
        // The signal really came mid-burst, and the restart had work left.
        #expect(answeredAtSignal < Self.commandCount)
        #expect(repliesBeforeRestart < Self.commandCount, "the first bot answered everything before SIGTERM took effect")
        print("shutdown: commands \(Self.commandCount), answered before SIGTERM \(answeredAtSignal), "
            + "answered when it had exited \(repliesBeforeRestart), exit \(status.map(String.init) ?? "none") after \(shutdownTime), "
            + "reply records \(replyCheck.recordCount), audit duplicates \(auditCheck.summary.duplicates)")
    }
}

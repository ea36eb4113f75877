import Foundation
import Kafka
import RakorCore
import Testing

/// `rakorbot chat` against an in-process cluster, with a scripted stand-in
/// for the bot (or none), to pin down the console's contract: the envelope it
/// sends, signing, which messages it shows, and its exit codes.
@Suite("rakorbot chat")
struct ChatCommandTests {
    /// An embedded cluster with the contract's topics under a fresh prefix.
    static func cluster() throws -> (EmbeddedKafka, String) {
        let cluster = try EmbeddedKafka(brokers: 1, logger: BotHarness.logger)
        let prefix = "chat-\(UUID().uuidString.prefix(8))."
        for topic in ["rakor.commands", "rakor.replies"] { try cluster.createTopic(prefix + topic, partitions: 2) }
        return (cluster, prefix)
    }

    @Test("sends a contract envelope keyed by chat, signed, and exits 1 when no reply comes")
    func envelopeSigningAndTimeout() async throws {
        let (cluster, prefix) = try Self.cluster()
        defer { cluster.shutdown() }
        let folder = try BotHarness.temporaryFolder("sign")
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("bridge-9.key")
        try "s3cret-bridge-key\n".write(to: keyFile, atomically: true, encoding: .utf8)

        let result = try await rakorbot([
            "chat", "--as", "u-tester", "--chat", "wa:group-test", "--lang", "en", "--brokers", cluster.bootstrapServers,
            "--topic-prefix", prefix, "--sign-key-file", "bridge-9=\(keyFile.path)", "--timeout", "1s",
        ], input: "/help\n/second line is never sent\n")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("no reply to \"/help\" within 1s"), "\(result)")

        let commands = try await KafkaHelpers.snapshot(cluster.bootstrapServers, topic: prefix + "rakor.commands")
        try #require(commands.count == 1, "piped mode stops at the first timeout")
        let record = commands[0]
        #expect(record.key.map { String(decoding: $0, as: UTF8.self) } == "wa:group-test")
        let envelope = try CommandEnvelope.decode(Array(record.value ?? []))
        #expect(envelope.chat == "wa:group-test")
        #expect(envelope.sender == "u-tester")
        #expect(envelope.text == "/help")
        #expect(envelope.lang == .en)
        #expect(UUID(uuidString: envelope.id) != nil, "the id is a fresh UUID: \(envelope.id)")
        let sentAt = try #require(envelope.sentAt)
        #expect(abs(sentAt.timeIntervalSinceNow) < 600)
        let ring = try HMACKeyRing(keys: ["bridge-9": Array("s3cret-bridge-key".utf8)])
        let verdict = ring.verify(value: Array(record.value ?? []), keyID: record.header(HMACKeyRing.headerKeyID),
                                  signature: record.header(HMACKeyRing.headerSignature))
        #expect(verdict == .success("bridge-9"))
    }

    @Test("prints its replies and the chat's notices, not other chats' messages")
    func repliesAndNotices() async throws {
        let (cluster, prefix) = try Self.cluster()
        defer { cluster.shutdown() }
        let responder = Task { try await Self.respond(cluster.bootstrapServers, prefix: prefix) }
        defer { responder.cancel() }

        let result = try await rakorbot([
            "chat", "--as", "u-tester", "--brokers", cluster.bootstrapServers, "--topic-prefix", prefix, "--timeout", "60s",
        ], input: "/ok\n/fail\n")
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("echo: /ok"))
        #expect(lines.contains("error (bad_arguments): refused: /fail"))
        #expect(lines.contains("[notice] for this chat: /ok"))
        #expect(!result.stdout.contains("other chat"), "messages for other chats are not shown")
        #expect(!result.stdout.contains("somebody else"), "replies to commands it did not send are not shown")
        #expect(lines.firstIndex(of: "echo: /ok") ?? 9 < lines.firstIndex(of: "error (bad_arguments): refused: /fail") ?? 0)
        responder.cancel()
        try await responder.value
    }

    /// A stand-in bot: for each command, a reply to some other id, a notice
    /// to another chat, a notice to the sender's chat, then the reply.
    static func respond(_ bootstrap: String, prefix: String) async throws {
        let reader = try await TopicReader.open(bootstrapServers: bootstrap, topic: prefix + "rakor.commands",
                                                from: .beginning, until: .never, logger: BotHarness.logger)
        // Ends when this task is cancelled (the batch sequence then returns nil).
        for await batch in reader.batches {
            for record in batch.records {
                guard let envelope = try? CommandEnvelope.decode(Array(record.value ?? [])) else { continue }
                let chat = envelope.chat
                var messages = [
                    OutboundMessage.reply(to: "someone-else", chat: chat, text: "somebody else's answer"),
                    OutboundMessage(id: "n1", kind: .notice, inReplyTo: nil, chat: "other", ok: true, text: "other chat"),
                    OutboundMessage(id: "n2", kind: .notice, inReplyTo: nil, chat: chat, ok: true,
                                    text: "for this chat: \(envelope.text)"),
                ]
                if envelope.text == "/fail" {
                    messages.append(OutboundMessage.failure(
                        to: envelope.id, chat: chat,
                        failure: CommandFailure(.badArguments, id: "ditolak", en: "refused: /fail"), lang: .en))
                } else {
                    messages.append(.reply(to: envelope.id, chat: chat, text: "echo: \(envelope.text)"))
                }
                try? await KafkaHelpers.produce(bootstrap, messages.map {
                    ProducerRecord(topic: prefix + "rakor.replies", key: Array($0.chat.utf8), value: $0.encode())
                })
            }
        }
        await reader.close()
    }

    @Test("a missing replies topic or cluster is a clear error")
    func clearErrors() async throws {
        let (cluster, _) = try Self.cluster()
        defer { cluster.shutdown() }
        let missing = try await rakorbot(["chat", "--as", "u-tester", "--brokers", cluster.bootstrapServers,
                                          "--topic-prefix", "nothing-here."], input: "/help\n")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("topic nothing-here.rakor.replies does not exist"), "\(missing)")

        let unconfigured = try await rakorbot(["chat", "--as", "u-tester"], input: "/help\n")
        #expect(unconfigured.status == 64, "a usage error")
        #expect(unconfigured.stderr.contains("no Kafka cluster given"), "\(unconfigured)")

        let badLang = try await rakorbot(["chat", "--as", "u-tester", "--lang", "fr", "--brokers", "x:1"])
        #expect(badLang.status == 64)
        #expect(badLang.stderr.contains("--lang must be id or en"))
    }

    @Test("--help documents the console with examples")
    func help() async throws {
        let help = try await rakorbot(["chat", "--help"])
        #expect(help.status == 0)
        for phrase in ["--as <user>", "--bootstrap-file", "--sign-key-file", "Ctrl-D", "Examples:", "rakor.replies"] {
            #expect(help.stdout.contains(phrase), "\(phrase)")
        }
    }
}

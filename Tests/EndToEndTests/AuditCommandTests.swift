import Foundation
import Kafka
import RakorCore
import Testing

/// `rakorbot audit verify` on audit topics written here with `AuditChain`.
@Suite("rakorbot audit verify")
struct AuditCommandTests {
    static let start = Date(timeIntervalSince1970: 1_732_064_400)

    /// `count` events of one chain, published with the chain id as key.
    static func chain(_ id: String, count: Int) -> [AuditRecord] {
        var chain = AuditChain(chainID: id)
        return (1...count).map { index in
            chain.append(type: "rakor.command.accepted", subject: "command/c-\(index)",
                         time: start.addingTimeInterval(Double(index)), actor: "u-heriansyah",
                         correlationID: "c-\(index)", data: ["text": .string("/help \(index)")])
        }
    }

    static func records(_ events: [AuditRecord], topic: String) -> [ProducerRecord] {
        events.map { ProducerRecord(topic: topic, key: Array($0.chainID.utf8), value: $0.bytes) }
    }

    static func verify(_ cluster: EmbeddedKafka, prefix: String, json: Bool = true) async throws -> CommandResult {
        try await rakorbot(["audit", "verify", "--brokers", cluster.bootstrapServers, "--topic-prefix", prefix]
                           + (json ? ["--json"] : []))
    }

    @Test("two interleaved chains on several partitions with a redelivered event verify")
    func validChains() async throws {
        let cluster = try EmbeddedKafka(brokers: 1, logger: BotHarness.logger)
        defer { cluster.shutdown() }
        let prefix = "audit-ok-\(UUID().uuidString.prefix(8))."
        try cluster.createTopic(prefix + "rakor.audit", partitions: 3)
        let first = Self.chain("bot-a", count: 120)
        let second = Self.chain("bot-b", count: 45)
        // Interleaved, as two instances would publish; bot-a's last event redelivered.
        var events: [AuditRecord] = []
        for index in 0..<max(first.count, second.count) {
            if index < first.count { events.append(first[index]) }
            if index < second.count { events.append(second[index]) }
        }
        events.append(first[first.count - 1])
        try await KafkaHelpers.produce(cluster.bootstrapServers, Self.records(events, topic: prefix + "rakor.audit"))

        let result = try await Self.verify(cluster, prefix: prefix)
        #expect(result.status == 0, "\(result)")
        let summary = try BotEndToEndTests.object(result.stdout)
        #expect(summary["valid"]?.boolValue == true)
        #expect(summary["records"]?.intValue == 166)
        #expect(summary["events"]?.intValue == 165)
        #expect(summary["duplicates"]?.intValue == 1)
        let chains = Dictionary(uniqueKeysWithValues: (summary["chains"]?.arrayValue ?? []).compactMap { chain in
            chain["chain"]?.stringValue.map { ($0, chain) }
        })
        #expect(chains["bot-a"]?["last_sequence"]?.intValue == 120)
        #expect(chains["bot-a"]?["last_hash"]?.stringValue == first.last?.hash)
        #expect(chains["bot-b"]?["events"]?.intValue == 45)
        #expect(summary["partitions"]?.arrayValue?.count == 3)

        let text = try await Self.verify(cluster, prefix: prefix, json: false)
        #expect(text.status == 0)
        #expect(text.stdout.contains("chain bot-a: sequence 1–120, 120 events"))
        #expect(text.stdout.contains("1 exact duplicate (redeliveries) tolerated"))
    }

    @Test("a missing event is reported with its position, exit code 2")
    func gap() async throws {
        let cluster = try EmbeddedKafka(brokers: 1, logger: BotHarness.logger)
        defer { cluster.shutdown() }
        let prefix = "audit-gap-\(UUID().uuidString.prefix(8))."
        try cluster.createTopic(prefix + "rakor.audit", partitions: 1)
        var events = Self.chain("rakorbot", count: 20)
        events.remove(at: 9)  // sequence 10
        try await KafkaHelpers.produce(cluster.bootstrapServers, Self.records(events, topic: prefix + "rakor.audit"))

        let result = try await Self.verify(cluster, prefix: prefix, json: false)
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout.contains("PROBLEMS: 1"))
        #expect(result.stdout.contains("record 9 (partition 0 offset 9), chain rakorbot, sequence 11: gap: expected sequence 10, found 11"))
        let json = try BotEndToEndTests.object(try await Self.verify(cluster, prefix: prefix).stdout)
        #expect(json["verdict"]?.stringValue == "failed")
        #expect(json["problems"]?.arrayValue?.first?["position"]?.stringValue == "partition 0 offset 9")
    }

    @Test("an empty audit topic verifies; a missing one is an error")
    func emptyAndMissing() async throws {
        let cluster = try EmbeddedKafka(brokers: 1, logger: BotHarness.logger)
        defer { cluster.shutdown() }
        let prefix = "audit-empty-\(UUID().uuidString.prefix(8))."
        try cluster.createTopic(prefix + "rakor.audit", partitions: 2)
        let empty = try await Self.verify(cluster, prefix: prefix, json: false)
        #expect(empty.status == 0, "\(empty)")
        #expect(empty.stdout.contains("no audit events"))

        let missing = try await Self.verify(cluster, prefix: "nope-")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("topic nope-rakor.audit does not exist"), "\(missing)")
    }
}

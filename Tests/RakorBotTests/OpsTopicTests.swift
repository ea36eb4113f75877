import Foundation
import Kafka
import RakorBot
import Testing

@Suite("Topics: layout, CreateTopics request, start-up check, admin against the embedded cluster")
struct OpsTopicTests {
    @Test("the CreateTopics request carries the layout: retention per topic, audit kept forever")
    func createRequest() throws {
        let names = TopicNames(prefix: "prod.")
        let request = try TopicLayout.createRequest(names: names, settings: TopicSettings(partitions: 6, replicationFactor: 3),
                                                    timeout: .seconds(15))
        #expect(request.topics.map(\.name) == TopicNames.all.map { "prod." + $0 })
        #expect(request.operationTimeout == .seconds(15))
        let byName = Dictionary(uniqueKeysWithValues: request.topics.map { ($0.name, $0) })
        for topic in request.topics {
            #expect(topic.partitions == 6)
            #expect(topic.replicationFactor == 3)
            #expect(topic.configs["cleanup.policy"] == "delete")
            #expect(topic.configs["min.insync.replicas"] == "2")
        }
        #expect(byName["prod.rakor.audit"]?.configs["retention.ms"] == "-1")
        #expect(byName["prod.rakor.audit"]?.configs["retention.bytes"] == "-1")
        #expect(byName["prod.rakor.deadletter"]?.configs["retention.ms"] == "7776000000")
        #expect(byName["prod.rakor.commands"]?.configs["retention.ms"] == "604800000")
        #expect(byName["prod.rakor.replies"]?.configs["retention.ms"] == "604800000")
        #expect(byName["prod.rakor.events"]?.configs["retention.ms"] == "2592000000")
        // librdkafka accepts the request as built.
        try request.validateNatively()
        // One broker: one in-sync replica is all there can be.
        let single = TopicLayout.newTopics(names: TopicNames(), settings: TopicSettings(partitions: 1, replicationFactor: 1))
        #expect(single.allSatisfy { $0.configs["min.insync.replicas"] == "1" })
    }

    @Test("an invalid layout is refused before anything is sent")
    func invalidLayout() {
        #expect(throws: KafkaError.self) {
            try TopicLayout.createRequest(names: TopicNames(prefix: "bad prefix "), settings: TopicSettings())
        }
        #expect(throws: KafkaError.self) {
            try TopicLayout.createRequest(names: TopicNames(), settings: TopicSettings(partitions: 0, replicationFactor: 1))
        }
    }

    @Test("retention reads as an operator would say it")
    func retentionText() {
        #expect(TopicLayout.describe(retention: -1) == "forever")
        #expect(TopicLayout.describe(retention: 86_400_000) == "1 day")
        #expect(TopicLayout.describe(retention: 7_776_000_000) == "90 days")
        #expect(TopicLayout.describe(retention: 7_200_000) == "2 h")
        #expect(TopicLayout.describe(retention: 1500) == "1500 ms")
    }

    @Test("the check finds missing topics, wrong partition counts, thin replication and an audit topic that expires")
    func checkFindings() {
        let names = TopicNames()
        let expected = TopicLayout.newTopics(names: names, settings: TopicSettings(partitions: 3, replicationFactor: 3))
        let good: [String: String] = ["retention.ms": "604800000", "cleanup.policy": "delete"]
        let observed = [
            ObservedTopic(name: "rakor.commands", exists: true, partitions: 3, replicationFactor: 3, configs: good),
            ObservedTopic(name: "rakor.events", exists: false),
            ObservedTopic(name: "rakor.replies", exists: true, partitions: 1, replicationFactor: 1,
                          configs: ["retention.ms": "604800000", "cleanup.policy": "compact"]),
            ObservedTopic(name: "rakor.audit", exists: true, partitions: 3, replicationFactor: 3,
                          configs: ["retention.ms": "604800000", "retention.bytes": "1073741824"]),
            ObservedTopic(name: "rakor.deadletter", exists: true, partitions: 3, replicationFactor: 3,
                          configs: ["retention.ms": "86400000"]),
        ]
        let findings = TopicCheck.findings(expected: expected, observed: observed)
        func messages(_ topic: String) -> [String] { findings.filter { $0.topic == topic }.map(\.message) }
        #expect(messages("rakor.commands").isEmpty)
        #expect(messages("rakor.events").count == 1)
        #expect(messages("rakor.events").first?.hasPrefix("missing") == true)
        #expect(messages("rakor.replies").count == 3)
        #expect(messages("rakor.replies").contains { $0.contains("has 1 partitions") })
        #expect(messages("rakor.replies").contains { $0.contains("1 replica(s)") })
        #expect(messages("rakor.replies").contains { $0.contains("compact") })
        #expect(messages("rakor.audit").count == 2)
        #expect(messages("rakor.audit").contains { $0.contains("retention.ms is 7 days") && $0.contains("forever") })
        #expect(messages("rakor.audit").contains { $0.contains("retention.bytes") })
        #expect(messages("rakor.deadletter").count == 1)
        #expect(findings.allSatisfy { $0.severity == .warning })
        #expect(findings.first?.description.hasPrefix("warning: rakor.events: missing") == true)

        let perfect = expected.map { topic in
            ObservedTopic(name: topic.name, exists: true, partitions: 3, replicationFactor: 3, configs: topic.configs)
        }
        #expect(TopicCheck.findings(expected: expected, observed: perfect).isEmpty)
        let unknownConfigs = expected.map { ObservedTopic(name: $0.name, exists: true, partitions: 3, replicationFactor: 3,
                                                          configsUnavailable: "not supported") }
        let infos = TopicCheck.findings(expected: expected, observed: unknownConfigs)
        #expect(infos.count == 5)
        #expect(infos.allSatisfy { $0.severity == .info && $0.message.contains("not supported") })
    }

    @Test("describe works against the embedded cluster from metadata; configs are reported unavailable")
    func describeEmbedded() async throws {
        let cluster = try EmbeddedKafka(brokers: 3, logger: OpsTestSupport.logger)
        defer { cluster.shutdown() }
        let names = TopicNames(prefix: OpsTestSupport.unique("describe") + ".")
        for logical in TopicNames.all where logical != TopicNames.events {
            try cluster.createTopic(names.physical(logical), partitions: logical == TopicNames.audit ? 1 : 3,
                                    replicationFactor: 2)
        }
        var inspector = TopicInspector(bootstrapServers: cluster.bootstrapServers, logger: OpsTestSupport.logger)
        inspector.configTimeout = .seconds(1)
        let (observed, findings) = try await inspector.check(names: names, settings: TopicSettings(partitions: 3, replicationFactor: 2))
        let byName = Dictionary(uniqueKeysWithValues: observed.map { ($0.name, $0) })
        #expect(byName[names.commands]?.exists == true)
        #expect(byName[names.commands]?.partitions == 3)
        #expect((byName[names.commands]?.replicationFactor ?? 0) >= 2)
        #expect(byName[names.audit]?.partitions == 1)
        #expect(byName[names.events]?.exists == false)
        // The mock cluster answers no DescribeConfigs: said once per topic, as info.
        #expect(byName[names.commands]?.configs == nil)
        #expect(byName[names.commands]?.configsUnavailable?.contains("DescribeConfigs") == true)
        let warnings = findings.filter { $0.severity == .warning }
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.topic == names.events && $0.message.hasPrefix("missing") })
        #expect(warnings.contains { $0.topic == names.audit && $0.message.contains("has 1 partitions") })
    }

    @Test("CreateTopics refused by the cluster gives an operator a clear error")
    func createRefused() async throws {
        let cluster = try EmbeddedKafka(brokers: 1, logger: OpsTestSupport.logger)
        defer { cluster.shutdown() }
        let inspector = TopicInspector(bootstrapServers: cluster.bootstrapServers, logger: OpsTestSupport.logger)
        let request = try TopicLayout.createRequest(names: TopicNames(prefix: OpsTestSupport.unique("create") + "."),
                                                    settings: TopicSettings(partitions: 1, replicationFactor: 1),
                                                    timeout: .seconds(1))
        do {
            let outcomes = try await inspector.create(request)
            Issue.record("the mock cluster unexpectedly created topics: \(outcomes)")
        } catch {
            #expect(error.description.hasPrefix("the cluster refused CreateTopics:"))
            #expect(error.description.contains("ACL"))
            #expect(error.description.contains("embedded development cluster"))
        }
    }

    @Test("describe against an unreachable cluster fails with a typed error, not a hang")
    func describeUnreachable() async throws {
        var inspector = TopicInspector(bootstrapServers: "127.0.0.1:1", logger: OpsTestSupport.logger)
        inspector.metadataTimeout = .seconds(1)
        await #expect(throws: KafkaError.self) {
            _ = try await inspector.observe(["rakor.commands"])
        }
    }

    @Test("creation outcomes read clearly")
    func outcomeText() {
        #expect(TopicCreationOutcome(name: "a", status: .created).description == "a: created")
        #expect(TopicCreationOutcome(name: "a", status: .alreadyExists).description == "a: already exists (left as it is)")
        #expect(TopicCreationOutcome(name: "a", status: .failed("policy violation")).description == "a: FAILED: policy violation")
    }
}

import Kafka
import Testing

@Suite("KafkaAdmin and topic requests")
struct AdminTests {
    @Test("a CreateTopics request keeps partitions, replication factor and configs exactly as given")
    func requestBuilding() throws {
        let topics = [
            NewTopic(name: "rakor.commands", partitions: 12, replicationFactor: 3, configs: ["retention.ms": "604800000"]),
            NewTopic(name: "rakor.audit", partitions: 3, replicationFactor: 3, configs: ["cleanup.policy": "compact,delete"]),
        ]
        let request = try CreateTopicsRequest(topics: topics, operationTimeout: .seconds(5))
        #expect(request.topics == topics)
        #expect(request.topics.map(\.partitions) == [12, 3])
        #expect(request.topics.map(\.replicationFactor) == [3, 3])
        #expect(request.topics[0].configs == ["retention.ms": "604800000"])
        #expect(request.operationTimeout == .seconds(5))
        // librdkafka accepts the same specs.
        try request.validateNatively()
    }

    @Test(
        "invalid topic specs are refused before anything is sent",
        arguments: [
            (NewTopic(name: "", partitions: 1, replicationFactor: 1), KafkaError.Code.invalidArgument),
            (NewTopic(name: "bad name", partitions: 1, replicationFactor: 1), .invalidArgument),
            (NewTopic(name: "..", partitions: 1, replicationFactor: 1), .invalidArgument),
            (NewTopic(name: String(repeating: "a", count: 250), partitions: 1, replicationFactor: 1), .invalidArgument),
            (NewTopic(name: "t", partitions: 0, replicationFactor: 1), .invalidPartitions),
            (NewTopic(name: "t", partitions: 1, replicationFactor: 0), .invalidReplicationFactor),
            (NewTopic(name: "t", partitions: 1, replicationFactor: 1, configs: ["retention.ms": "soon"]), .invalidConfig),
            (NewTopic(name: "t", partitions: 1, replicationFactor: 1, configs: ["cleanup.policy": "shred"]), .invalidConfig),
        ])
    func invalidSpecs(topic: NewTopic, code: KafkaError.Code) {
        #expect {
            try CreateTopicsRequest(topics: [topic])
        } throws: { error in
            (error as? KafkaError)?.code == code
        }
    }

    @Test("duplicate or missing topics make an invalid request")
    func invalidRequests() {
        #expect(throws: KafkaError.self) { try CreateTopicsRequest(topics: []) }
        let topic = NewTopic(name: "dup", partitions: 1, replicationFactor: 1)
        #expect(throws: KafkaError.self) { try CreateTopicsRequest(topics: [topic, topic]) }
    }

    @Test("CreateTopics against the mock cluster fails with a clear typed error")
    func createTopicsUnsupported() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let admin = try KafkaAdmin(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: TestSupport.logger)
        let error = await #expect(throws: KafkaError.self) {
            try await admin.createTopics([NewTopic(name: TestSupport.unique("admin"), partitions: 2, replicationFactor: 1)], timeout: .seconds(1))
        }
        // The mock names no controller: librdkafka times out waiting for one.
        #expect(error?.code == .timedOut)
        #expect(error?.message.contains("CreateTopics failed: no controller broker is known") == true)
        #expect(error?.isFatal == false)
        await admin.close()
        await #expect(throws: KafkaError.self) { try await admin.describeTopics(["x"]) }
    }

    @Test("describe topics from metadata: partitions, leaders and replicas")
    func describeTopics() async throws {
        let cluster = try EmbeddedKafka(brokers: 3)
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("described")
        try cluster.createTopic(topic, partitions: 4, replicationFactor: 3)
        try cluster.setPartitionLeader(topic: topic, partition: 2, brokerID: 3)
        let admin = try KafkaAdmin(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: TestSupport.logger)

        let missing = TestSupport.unique("missing")
        let descriptions = try await admin.describeTopics([topic, missing])
        #expect(descriptions.map(\.name) == [topic, missing])
        let described = descriptions[0]
        #expect(described.error == nil)
        #expect(described.partitions.map(\.id) == [0, 1, 2, 3])
        #expect(described.replicationFactor == 3)
        #expect(described.partitions.allSatisfy { Set($0.replicas) == [1, 2, 3] && $0.error == nil })
        #expect(described.partitions.allSatisfy { [1, 2, 3].contains($0.leader) })
        #expect(described.partitions[2].leader == 3)
        #expect(descriptions[1].error?.code == .unknownTopicOrPartition)
        #expect(descriptions[1].partitions.isEmpty)

        let clusterDescription = try await admin.describeCluster()
        #expect(clusterDescription.brokers.map(\.id) == [1, 2, 3])
        #expect(clusterDescription.brokers.allSatisfy { $0.host == "127.0.0.1" || $0.host == "localhost" })
        await admin.close()
    }

    @Test("DescribeConfigs against the mock cluster fails with a typed error, not a crash")
    func describeConfigsUnsupported() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("configs")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let admin = try KafkaAdmin(configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: TestSupport.logger)
        let error = await #expect(throws: KafkaError.self) {
            try await admin.describeTopicConfigs(topic, timeout: .seconds(1))
        }
        #expect(error?.code == .timedOut)
        #expect(error?.message.contains("DescribeConfigs failed") == true)
        await admin.close()
    }
}

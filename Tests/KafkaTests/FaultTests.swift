import Kafka
import Testing

@Suite("Embedded cluster fault injection")
struct FaultTests {
    @Test("all brokers down, then up: production resumes, everything is delivered, health recovers")
    func brokersDownThenUp() async throws {
        let cluster = try EmbeddedKafka(brokers: 3)
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("outage")
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 3)
        let collector = ReportCollector()
        let producer = try KafkaProducer(
            configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: TestSupport.logger,
            onDelivery: collector.onDelivery)
        try await producer.send((0..<10).map { ProducerRecord(topic: topic, key: nil as [UInt8]?, value: [1], ticket: UInt64($0)) })
        try await producer.flush(timeout: .seconds(30))

        try cluster.setAllBrokersDown()
        try await producer.send((10..<60).map { ProducerRecord(topic: topic, key: nil as [UInt8]?, value: [2], ticket: UInt64($0)) })
        #expect(await TestSupport.eventually { producer.health.allBrokersDown })
        #expect(!producer.health.isReady)
        // Later reconnect failures may have replaced the last error; the count keeps the outage.
        #expect(producer.health.allBrokersDownCount >= 1)
        #expect(producer.health.lastError != nil)
        #expect(collector.count == 10)

        try cluster.setAllBrokersUp()
        try await producer.flush(timeout: .seconds(60))
        #expect(await TestSupport.eventually { !producer.health.allBrokersDown })
        #expect(producer.health.isReady)
        #expect(producer.health.allBrokersDownCount >= 1)
        await producer.shutdown()

        let reports = collector.all
        #expect(reports.count == 60)
        #expect(reports.allSatisfy { $0.isDelivered })
        #expect(Set(reports.map(\.ticket)) == Set(0..<60))
        // Idempotence: no duplicates were written during the retries.
        let perPartition = Dictionary(grouping: reports, by: \.partition)
        for (_, partitionReports) in perPartition {
            #expect(partitionReports.map(\.offset).sorted() == (0..<Int64(partitionReports.count)).map { $0 })
        }
    }

    @Test("pushed Produce errors are retried by the idempotent producer; latency and leader moves are tolerated")
    func requestErrorsAndLatency() async throws {
        let cluster = try EmbeddedKafka(brokers: 3)
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("faults")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 3)
        try cluster.pushRequestErrors(
            apiKey: .produce, errors: [.notLeaderForPartition, .requestTimedOut, .notEnoughReplicas])
        try cluster.setBrokerLatency(1, .milliseconds(50))
        try cluster.setPartitionLeader(topic: topic, partition: 0, brokerID: 2)
        let reports = try await KafkaProducer.produce(20, to: topic, cluster: cluster)
        #expect(reports.count == 20)
        #expect(reports.allSatisfy { $0.isDelivered })
        #expect(reports.map(\.offset).sorted() == (0..<20).map { Int64($0) })
        try cluster.clearRequestErrors(apiKey: .produce)
        try cluster.setBrokerLatency(1, .zero)
    }

    @Test("a topic error is reported to the producer as a failed delivery")
    func topicError() async throws {
        let cluster = try EmbeddedKafka(brokers: 1)
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("broken")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        try cluster.setTopicError(topic: topic, error: .topicAuthorizationFailed)
        let collector = ReportCollector()
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.messageTimeoutMilliseconds = 2_000
        let producer = try KafkaProducer(configuration: configuration, logger: TestSupport.logger, onDelivery: collector.onDelivery)
        try await producer.send(ProducerRecord(topic: topic, key: nil as [UInt8]?, value: [1], ticket: 7))
        try await producer.flush(timeout: .seconds(30))
        await producer.shutdown()
        #expect(collector.all.count == 1)
        #expect(collector.all.first?.ticket == 7)
        #expect(collector.all.first?.error != nil)
    }

    @Test("the embedded cluster refuses bad requests and calls after shutdown")
    func embeddedLifecycle() throws {
        let cluster = try EmbeddedKafka(brokers: 2)
        #expect(cluster.brokerIDs == [1, 2])
        #expect(cluster.bootstrapServers.split(separator: ",").count == 2)
        #expect(throws: KafkaError.self) { try cluster.createTopic("too-many-replicas", partitions: 1, replicationFactor: 3) }
        #expect(throws: KafkaError.self) { try cluster.createTopic("bad name", partitions: 1) }
        #expect(throws: KafkaError.self) { try cluster.setBrokerDown(9) }
        cluster.shutdown()
        cluster.shutdown()
        #expect(throws: KafkaError.self) { try cluster.createTopic("late", partitions: 1) }
        #expect(throws: KafkaError.self) { try EmbeddedKafka(brokers: 0) }
    }
}

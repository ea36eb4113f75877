import Kafka
import Synchronization
import Testing

/// Records rebalance callbacks, and stores offsets on revocation like the app would.
final class RecordingRebalanceHandler: KafkaRebalanceHandler {
    let assigned = Mutex<[[TopicPartition]]>([])
    let revoked = Mutex<[[TopicPartition]]>([])

    func partitionsAssigned(_ partitions: [TopicPartition]) { assigned.withLock { $0.append(partitions.sorted()) } }
    func partitionsRevoked(_ partitions: [TopicPartition]) { revoked.withLock { $0.append(partitions.sorted()) } }

    var allAssigned: [[TopicPartition]] { assigned.withLock { $0 } }
    var allRevoked: [[TopicPartition]] { revoked.withLock { $0 } }
}

@Suite("KafkaConsumer")
struct ConsumerTests {
    @Test("offsets are stored only when the application stores them; a new member resumes there")
    func offsetsOnlyWhenStored() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("store")
        let group = TestSupport.unique("g")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        _ = try await KafkaProducer.produce(10, to: topic, cluster: cluster)

        let first = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group, topics: [topic]), logger: TestSupport.logger)
        let firstReader = BatchReader(first)
        #expect(await TestSupport.eventually { firstReader.count >= 10 })
        // Only the first four records are "done".
        let done = firstReader.all.filter { $0.offset < 4 }
        let failures = try first.storeOffsets([try #require(done.last).nextOffset])
        #expect(failures.isEmpty)
        await first.close()
        await firstReader.finished()
        #expect(firstReader.all.map(\.offset) == Array(0..<10))

        let second = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group, topics: [topic]), logger: TestSupport.logger)
        let secondReader = BatchReader(second)
        #expect(await TestSupport.eventually { secondReader.count >= 6 })
        await second.close()
        await secondReader.finished()
        // Unstored records 4…9 are read again; 0…3 are not.
        #expect(secondReader.all.map(\.offset) == Array(4..<10))
        #expect(secondReader.all.map { TestSupport.string($0.value) } == (4..<10).map { "value-\($0)" })
    }

    @Test("assignment, lag and statistics describe the consumer's progress")
    func lagAndAssignment() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("lag")
        try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)
        _ = try await KafkaProducer.produce(10, to: topic, cluster: cluster, partition: { _ in 1 })
        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: TestSupport.unique("g"), topics: [topic]),
            logger: TestSupport.logger)
        let reader = BatchReader(consumer)
        #expect(await TestSupport.eventually { reader.count >= 10 })
        #expect(try consumer.assignment() == [TopicPartition(topic: topic, partition: 0), TopicPartition(topic: topic, partition: 1)])
        #expect(await TestSupport.eventually { (try? consumer.lag().last?.highWatermark) == 10 })
        let lag = try consumer.lag()
        #expect(lag.map(\.topicPartition.partition) == [0, 1])
        #expect(lag[1].position == 10)
        #expect(lag[1].lag == 0)
        #expect(consumer.statistics.recordsFetched == 10)
        #expect(consumer.health.isReady)
        // Storing for a partition this member does not own is refused, not fatal.
        let failures = try consumer.storeOffsets([TopicPartitionOffset(topic: TestSupport.unique("other"), partition: 0, offset: 1)])
        #expect(failures.count == 1)
        #expect(try consumer.storeOffsets([]).isEmpty)
        await consumer.close()
        await reader.finished()
        #expect(throws: KafkaError.self) { try consumer.storeOffsets([TopicPartitionOffset(topic: topic, partition: 1, offset: 10)]) }
        #expect(throws: KafkaError.self) { try consumer.lag() }
    }

    @Test("a slow reader pauses intake without losing or repeating a record")
    func consumerBackpressure() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("slow")
        try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)
        let total = 3_000
        _ = try await KafkaProducer.produce(total, to: topic, cluster: cluster)

        var configuration = TestSupport.consumerConfiguration(cluster, group: TestSupport.unique("g"), topics: [topic])
        configuration.handoffCapacity = 1
        configuration.maxBatchSize = 50
        // No grace: pause as soon as the hand-off is full, to exercise pause/resume.
        configuration.backpressureGrace = .zero
        let consumer = try KafkaConsumer(configuration: configuration, logger: TestSupport.logger)
        let reader = BatchReader(consumer) { _ in try? await Task.sleep(for: .milliseconds(3)) }
        #expect(await TestSupport.eventually(timeout: .seconds(60)) { reader.count >= total })
        let statistics = consumer.statistics
        await consumer.close()
        await reader.finished()

        #expect(statistics.backpressurePauses > 0)
        let records = reader.all
        #expect(records.count == total)
        for partition in Int32(0)..<2 {
            let offsets = records.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets == (0..<Int64(offsets.count)).map { $0 })
        }
    }

    @Test("an offset beyond the log is reported in a batch and consumption restarts at the earliest offset")
    func offsetResetReported() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("reset")
        let group = TestSupport.unique("g")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        _ = try await KafkaProducer.produce(10, to: topic, cluster: cluster)

        // A member commits an offset far beyond the end of the log.
        let first = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group, topics: [topic]), logger: TestSupport.logger)
        let firstReader = BatchReader(first)
        #expect(await TestSupport.eventually { firstReader.count >= 10 })
        try first.storeOffsets([TopicPartitionOffset(topic: topic, partition: 0, offset: 1_000)])
        await first.close()
        await firstReader.finished()

        let second = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group, topics: [topic]), logger: TestSupport.logger)
        let secondReader = BatchReader(second)
        #expect(await TestSupport.eventually { secondReader.count >= 10 })
        let statistics = second.statistics
        await second.close()
        await secondReader.finished()

        let resets = secondReader.allErrors.filter(\.isOffsetReset)
        #expect(resets.count == 1)
        #expect(resets.first?.topic == topic)
        #expect(resets.first?.partition == 0)
        #expect(resets.first?.offset == 1_000)
        #expect(resets.first?.kind == .offsetReset(resetTo: .earliest))
        #expect(resets.first?.error.code == .autoOffsetReset)
        #expect(statistics.offsetResets == 1)
        #expect(secondReader.all.map(\.offset) == Array(0..<10))
    }

    @Test("close leaves the group: revocation runs and a new member gets every partition")
    func cleanClose() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("leave")
        let group = TestSupport.unique("g")
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 1)
        let all = (0..<3).map { TopicPartition(topic: topic, partition: Int32($0)) }

        let firstHandler = RecordingRebalanceHandler()
        let first = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group, topics: [topic]),
            logger: TestSupport.logger, rebalanceHandler: firstHandler)
        let firstReader = BatchReader(first)
        #expect(await TestSupport.eventually { (try? first.assignment()) == all })
        #expect(firstHandler.allAssigned == [all])
        await first.close()
        await firstReader.finished()
        #expect(firstHandler.allRevoked == [all])
        #expect(first.health.isClosed)
        #expect(throws: KafkaError.self) { try first.assignment() }

        let secondHandler = RecordingRebalanceHandler()
        let second = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group, topics: [topic]),
            logger: TestSupport.logger, rebalanceHandler: secondHandler)
        let secondReader = BatchReader(second)
        #expect(await TestSupport.eventually { (try? second.assignment()) == all })
        // The departed member holds nothing: the first assignment is everything.
        #expect(secondHandler.allAssigned.first == all)
        await second.close()
        await secondReader.finished()
    }
}

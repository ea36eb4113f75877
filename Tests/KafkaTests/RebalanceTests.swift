import Kafka
import Testing

@Suite("Cooperative rebalance")
struct RebalanceTests {
    @Test("a second member takes half the partitions: handlers run, no record is lost")
    func cooperativeRebalance() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("rebalance")
        let group = TestSupport.unique("g")
        try cluster.createTopic(topic, partitions: 4, replicationFactor: 1)
        let all = (0..<4).map { TopicPartition(topic: topic, partition: Int32($0)) }
        let perPartition = 25
        func produceRound(_ round: Int) async throws {
            let reports = try await KafkaProducer.produce(
                4 * perPartition, to: topic, cluster: cluster, partition: { Int32($0 % 4) },
                firstTicket: UInt64(round * 1_000))
            #expect(reports.allSatisfy { $0.isDelivered })
        }
        try await produceRound(0)

        let firstHandler = RecordingRebalanceHandler()
        let first = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group, topics: [topic]),
            logger: TestSupport.logger, rebalanceHandler: firstHandler)
        // The app stores offsets once a batch is handled.
        let firstReader = BatchReader(first) { batch in _ = try? first.storeOffsets(batch.nextOffsets) }
        #expect(await TestSupport.eventually { firstReader.count >= 4 * perPartition })
        #expect(try first.assignment() == all)

        let secondHandler = RecordingRebalanceHandler()
        let second = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group, topics: [topic]),
            logger: TestSupport.logger, rebalanceHandler: secondHandler)
        let secondReader = BatchReader(second) { batch in _ = try? second.storeOffsets(batch.nextOffsets) }
        let balanced = await TestSupport.eventually(timeout: .seconds(40)) {
            let a = (try? first.assignment()) ?? []
            let b = (try? second.assignment()) ?? []
            return a.count == 2 && b.count == 2 && Set(a).union(b) == Set(all)
        }
        #expect(balanced)
        let secondPartitions = try second.assignment()
        // Cooperative: the first member gave up exactly what the second got, and kept the rest.
        #expect(firstHandler.allRevoked.flatMap { $0 }.sorted() == secondPartitions)
        #expect(secondHandler.allAssigned.flatMap { $0 }.sorted() == secondPartitions)
        #expect(firstHandler.allAssigned.count == 1)

        try await produceRound(1)
        let everything = await TestSupport.eventually {
            let seen = Set((firstReader.all + secondReader.all).map { "\($0.partition):\($0.offset)" })
            return seen.count == 4 * 2 * perPartition
        }
        #expect(everything)
        await first.close()
        await second.close()
        await firstReader.finished()
        await secondReader.finished()

        // No loss: every offset of every partition reached one of the members.
        let records = firstReader.all + secondReader.all
        for partition in Int32(0)..<4 {
            let offsets = Set(records.filter { $0.partition == partition }.map(\.offset))
            #expect(offsets == Set((0..<Int64(2 * perPartition)).map { $0 }))
        }
        // After the handover the second member's partitions are read only by it.
        let lateFirst = firstReader.all.filter { secondPartitions.contains($0.topicPartition) && $0.offset >= Int64(perPartition) }
        #expect(lateFirst.isEmpty)
    }
}

import Foundation
import Kafka
import Testing

@Suite("TopicReader")
struct TopicReaderTests {
    static func collect(_ reader: TopicReader, until count: Int? = nil) async -> [ConsumerRecord] {
        var records: [ConsumerRecord] = []
        for await batch in reader.batches {
            records += batch.records
            if let count, records.count >= count { break }
        }
        return records
    }

    @Test("a snapshot reads every partition from the start to the opening end, and no further")
    func snapshot() async throws {
        let cluster = try EmbeddedKafka(brokers: 1, logger: TestSupport.logger)
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("reader-snapshot")
        try cluster.createTopic(topic, partitions: 3)
        let reports = try await KafkaProducer.produce(500, to: topic, cluster: cluster, partition: { Int32($0 % 3) })
        #expect(reports.allSatisfy { $0.isDelivered })

        let reader = try await TopicReader.open(bootstrapServers: cluster.bootstrapServers, topic: topic,
                                                from: .beginning, until: .atOpeningEnd, logger: TestSupport.logger)
        #expect(reader.partitions.map(\.partition) == [0, 1, 2])
        #expect(reader.partitions.map(\.high) == [167, 167, 166])
        #expect(reader.partitions.allSatisfy { $0.low == 0 && $0.start == 0 })
        #expect(reader.expectedCount == 500)
        // Written after the reader opened: not part of the snapshot.
        _ = try await KafkaProducer.produce(30, to: topic, cluster: cluster, partition: { Int32($0 % 3) }, firstTicket: 1000,
                                            value: { Array("late-\($0)".utf8) })
        let records = await Self.collect(reader)
        await reader.close()
        #expect(records.count == 500)
        #expect(!records.contains { TestSupport.string($0.value)?.hasPrefix("late-") == true })
        for partition: Int32 in 0...2 {
            let offsets = records.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets == Array(0..<Int64(offsets.count)), "partition \(partition) in offset order, complete")
        }
    }

    @Test("an empty topic's snapshot ends at once")
    func emptySnapshot() async throws {
        let cluster = try EmbeddedKafka(brokers: 1, logger: TestSupport.logger)
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("reader-empty")
        try cluster.createTopic(topic, partitions: 2)
        let reader = try await TopicReader.open(bootstrapServers: cluster.bootstrapServers, topic: topic,
                                                from: .beginning, until: .atOpeningEnd, logger: TestSupport.logger)
        let records = await Self.collect(reader)
        await reader.close()
        #expect(records.isEmpty)
        #expect(reader.expectedCount == 0)
    }

    @Test("following from the end yields only records written after open")
    func followFromEnd() async throws {
        let cluster = try EmbeddedKafka(brokers: 1, logger: TestSupport.logger)
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("reader-follow")
        try cluster.createTopic(topic, partitions: 2)
        _ = try await KafkaProducer.produce(20, to: topic, cluster: cluster, partition: { Int32($0 % 2) },
                                            value: { Array("old-\($0)".utf8) })
        let reader = try await TopicReader.open(bootstrapServers: cluster.bootstrapServers, topic: topic,
                                                from: .end, until: .never, logger: TestSupport.logger)
        #expect(reader.partitions.map(\.start) == [10, 10])
        // Produced right after open, before any fetch: must not be missed.
        _ = try await KafkaProducer.produce(6, to: topic, cluster: cluster, partition: { Int32($0 % 2) }, firstTicket: 100,
                                            value: { Array("new-\($0)".utf8) })
        let records = await Self.collect(reader, until: 6)
        await reader.close()
        #expect(Set(records.compactMap { TestSupport.string($0.value) }) == Set((0..<6).map { "new-\($0)" }))
    }

    @Test("a topic that does not exist is an error naming it")
    func missingTopic() async throws {
        let cluster = try EmbeddedKafka(brokers: 1, logger: TestSupport.logger)
        defer { cluster.shutdown() }
        await #expect(throws: KafkaError.self) {
            _ = try await TopicReader.open(bootstrapServers: cluster.bootstrapServers, topic: "no-such-topic",
                                           from: .beginning, until: .atOpeningEnd, logger: TestSupport.logger)
        }
        do {
            _ = try await TopicReader.open(bootstrapServers: cluster.bootstrapServers, topic: "no-such-topic",
                                           from: .beginning, until: .atOpeningEnd, logger: TestSupport.logger)
        } catch {
            #expect(error.code == .unknownTopicOrPartition)
            #expect(error.message.contains("no-such-topic"))
        }
    }

    @Test("PartitionRange counts the records it will read")
    func partitionRange() {
        let range = TopicReader.PartitionRange(partition: 2, low: 5, high: 12, start: 7)
        #expect(range.count == 5)
        #expect(range.description == "[2] 5..<12 from 7")
        #expect(TopicReader.PartitionRange(partition: 0, low: 0, high: 3, start: 3).count == 0)
    }
}

import Kafka
import Testing

@Suite("Produce → consume round trip")
struct RoundTripTests {
    @Test("headers, null key, null value and empty value survive the round trip")
    func roundTrip() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("roundtrip")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)

        let collector = ReportCollector()
        let producer = try KafkaProducer(
            configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: TestSupport.logger,
            onDelivery: collector.onDelivery)
        let sent = [
            ProducerRecord(
                topic: topic, key: TestSupport.bytes("k1"), value: TestSupport.bytes("v1"),
                headers: [
                    KafkaHeader(name: "rakor-key-id", string: "bridge-1"),
                    KafkaHeader.null("null-header"),
                    KafkaHeader(name: "rakor-key-id", string: "repeated"),
                ],
                timestampMilliseconds: 1_700_000_000_000, ticket: 1),
            ProducerRecord(topic: topic, key: nil as [UInt8]?, value: TestSupport.bytes("no key"), ticket: 2),
            ProducerRecord(topic: topic, key: TestSupport.bytes("tombstone"), value: nil as [UInt8]?, ticket: 3),
            ProducerRecord(topic: topic, key: [] as [UInt8], value: [] as [UInt8], ticket: 4),
        ]
        try await producer.send(sent)
        try await producer.flush(timeout: .seconds(30))
        await producer.shutdown()
        #expect(collector.all.map(\.ticket).sorted() == [1, 2, 3, 4])
        #expect(collector.all.allSatisfy { $0.error == nil })

        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: TestSupport.unique("g"), topics: [topic]),
            logger: TestSupport.logger)
        let reader = BatchReader(consumer)
        #expect(await TestSupport.eventually { reader.count >= 4 })
        await consumer.close()
        await reader.finished()

        let records = reader.all
        try #require(records.count == 4)
        #expect(records.map(\.offset) == [0, 1, 2, 3])
        #expect(records.allSatisfy { $0.topic == topic && $0.partition == 0 })

        #expect(TestSupport.string(records[0].key) == "k1")
        #expect(TestSupport.string(records[0].value) == "v1")
        #expect(records[0].timestamp == KafkaTimestamp(milliseconds: 1_700_000_000_000, kind: .createTime))
        #expect(records[0].headers.map(\.name) == ["rakor-key-id", "null-header", "rakor-key-id"])
        #expect(records[0].headers.map(\.stringValue) == ["bridge-1", nil, "repeated"])
        #expect(records[0].headers.first(named: "rakor-key-id")?.stringValue == "bridge-1")

        #expect(records[1].key == nil)
        #expect(TestSupport.string(records[1].value) == "no key")
        #expect(records[1].headers.isEmpty)

        #expect(TestSupport.string(records[2].key) == "tombstone")
        #expect(records[2].value == nil)

        #expect(records[3].key == [][...])
        #expect(records[3].value == [][...])
        #expect(records[3].nextOffset == TopicPartitionOffset(topic: topic, partition: 0, offset: 4))
    }
}

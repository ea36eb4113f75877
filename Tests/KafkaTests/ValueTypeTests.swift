@testable import Kafka
import Testing

@Suite("Value types")
struct ValueTypeTests {
    @Test("KafkaError carries librdkafka's code, name and classification")
    func kafkaError() {
        let queueFull = KafkaError(code: .queueFull)
        #expect(queueFull.code.rawValue == -184)
        #expect(queueFull.name == "_QUEUE_FULL")
        #expect(queueFull.message == "Local: Queue full")
        #expect(queueFull.isRetriable)
        #expect(!queueFull.isFatal)
        #expect(queueFull.description == "_QUEUE_FULL (-184): Local: Queue full")

        #expect(KafkaError.Code.offsetOutOfRange.name == "OFFSET_OUT_OF_RANGE")
        #expect(KafkaError.Code.autoOffsetReset.name == "_AUTO_OFFSET_RESET")
        #expect(!KafkaError(code: .messageSizeTooLarge).isRetriable)
        #expect(KafkaError(code: .notLeaderForPartition).isRetriable)
        #expect(KafkaError(code: .fatal).isFatal)
        #expect(KafkaError(code: .outOfOrderSequenceNumber, message: "x", isFatal: true).isFatal)
        #expect(KafkaError(code: .timedOut, isRetriable: false).isRetriable == false)
        #expect(KafkaError.Code(rawValue: 12345).rawValue == 12345)
    }

    @Test("headers keep order, repeats and null values")
    func headers() {
        let headers = [
            KafkaHeader(name: "a", string: "1"), KafkaHeader.null("b"),
            KafkaHeader(name: "a", value: [50] as [UInt8]),
        ]
        #expect(headers.first(named: "a")?.stringValue == "1")
        #expect(headers.first(named: "b")?.value == nil)
        #expect(headers.first(named: "c") == nil)
        #expect(headers[2].stringValue == "2")
        #expect(KafkaHeader(name: "x", string: "ab") == KafkaHeader(name: "x", value: [97, 98][...]))
        #expect(headers[1].description == "b=null")
    }

    @Test("producer records from arrays and slices are the same record")
    func producerRecord() {
        let fromArrays = ProducerRecord(topic: "t", partition: 2, key: [1, 2] as [UInt8], value: [3] as [UInt8], ticket: 9)
        let fromSlices = ProducerRecord(topic: "t", partition: 2, key: [0, 1, 2][1...], value: [3][...], ticket: 9)
        #expect(fromArrays == fromSlices)
        #expect(fromArrays.ticket == 9)
        let tombstone = ProducerRecord(topic: "t", key: [1] as [UInt8], value: nil as [UInt8]?)
        #expect(tombstone.value == nil)
        #expect(tombstone.partition == nil)
        #expect(tombstone.headers.isEmpty)
    }

    @Test("delivery reports say whether they succeeded")
    func deliveryReport() {
        let ok = DeliveryReport(ticket: 1, topic: "t", partition: 0, offset: 5, error: nil)
        let failed = DeliveryReport(ticket: 2, topic: "t", partition: 0, offset: -1001, error: KafkaError(code: .messageTimedOut))
        #expect(ok.isDelivered)
        #expect(!failed.isDelivered)
        #expect(ok.description == "ticket 1 → t[0]@5")
        #expect(failed.description.contains("_MSG_TIMED_OUT"))
    }

    @Test("a batch's next offsets are each partition's highest offset + 1")
    func batchNextOffsets() {
        func record(_ topic: String, _ partition: Int32, _ offset: Int64) -> ConsumerRecord {
            ConsumerRecord(topic: topic, partition: partition, offset: offset, timestamp: nil, key: nil, value: nil, headers: [])
        }
        let batch = ConsumerBatch(
            records: [record("b", 0, 7), record("a", 1, 3), record("a", 1, 4), record("a", 0, 10), record("b", 0, 8)],
            errors: [])
        #expect(
            batch.nextOffsets == [
                TopicPartitionOffset(topic: "a", partition: 0, offset: 11),
                TopicPartitionOffset(topic: "a", partition: 1, offset: 5),
                TopicPartitionOffset(topic: "b", partition: 0, offset: 9),
            ])
        #expect(!batch.isEmpty)
        #expect(ConsumerBatch(records: [], errors: []).isEmpty)
        #expect(record("a", 1, 3).nextOffset == TopicPartitionOffset(topic: "a", partition: 1, offset: 4))
        #expect(record("a", 1, 3).topicPartition == TopicPartition(topic: "a", partition: 1))
    }

    @Test("consumer errors distinguish offset resets")
    func consumerError() {
        let reset = ConsumerError(
            topic: "t", partition: 1, offset: 99, error: KafkaError(code: .autoOffsetReset), kind: .offsetReset(resetTo: .earliest))
        let other = ConsumerError(topic: nil, partition: -1, offset: -1, error: KafkaError(code: .transport), kind: .other)
        #expect(reset.isOffsetReset)
        #expect(!other.isOffsetReset)
        #expect(reset.description.hasPrefix("t[1]@99: _AUTO_OFFSET_RESET"))
        #expect(other.description.hasPrefix("-[-1]@-1"))
    }

    @Test("topic partitions sort by topic then partition")
    func topicPartitions() {
        let sorted = [
            TopicPartition(topic: "b", partition: 0), TopicPartition(topic: "a", partition: 2), TopicPartition(topic: "a", partition: 1),
        ].sorted()
        #expect(sorted.map(\.description) == ["a[1]", "a[2]", "b[0]"])
        let offset = TopicPartitionOffset(topic: "a", partition: 1, offset: 5)
        #expect(offset.topicPartition == TopicPartition(topic: "a", partition: 1))
        #expect(offset.description == "a[1]@5")
    }

    @Test("health is ready only when open, not fatal and a broker is reachable")
    func health() {
        var health = KafkaHealth()
        #expect(health.isReady)
        health.allBrokersDown = true
        #expect(!health.isReady)
        health.allBrokersDown = false
        health.fatalError = KafkaError(code: .fatal)
        #expect(!health.isReady)
        health.fatalError = nil
        health.isClosed = true
        #expect(!health.isReady)
    }

    @Test("lag is high watermark minus position, when both are known")
    func partitionLag() {
        let partition = TopicPartition(topic: "t", partition: 0)
        #expect(PartitionLag(topicPartition: partition, position: 40, highWatermark: 100).lag == 60)
        #expect(PartitionLag(topicPartition: partition, position: 100, highWatermark: 100).lag == 0)
        #expect(PartitionLag(topicPartition: partition, position: nil, highWatermark: 100).lag == nil)
        #expect(PartitionLag(topicPartition: partition, position: 5, highWatermark: nil).lag == nil)
    }

    @Test("API keys match the Kafka protocol")
    func apiKeys() {
        #expect(KafkaAPIKey.produce.rawValue == 0)
        #expect(KafkaAPIKey.fetch.rawValue == 1)
        #expect(KafkaAPIKey.offsetCommit.rawValue == 8)
        #expect(KafkaAPIKey.joinGroup.rawValue == 11)
        #expect(KafkaAPIKey.initProducerID.rawValue == 22)
        #expect(KafkaAPIKey(rawValue: 42).description == "ApiKey(42)")
    }

    @Test("admin results: 'already exists' counts as created; descriptions expose replication")
    func adminResults() {
        #expect(TopicCreationResult(name: "a", error: nil).isCreatedOrExists)
        #expect(TopicCreationResult(name: "a", error: KafkaError(code: .topicAlreadyExists)).isCreatedOrExists)
        #expect(!TopicCreationResult(name: "a", error: KafkaError(code: .policyViolation)).isCreatedOrExists)
        let partition = PartitionDescription(id: 0, leader: 2, replicas: [2, 3, 1], inSyncReplicas: [2, 3], error: nil)
        let topic = TopicDescription(name: "t", partitions: [partition], error: nil)
        #expect(topic.replicationFactor == 3)
        #expect(TopicDescription(name: "u", partitions: [], error: KafkaError(code: .unknownTopicOrPartition)).replicationFactor == 0)
        let entry = TopicConfigEntry(name: "retention.ms", value: "1000", isDefault: false, isReadOnly: false, isSensitive: false)
        #expect(entry.value == "1000")
        #expect(BrokerDescription(id: 1, host: "h", port: 9092).port == 9092)
        #expect(
            ProducerStatistics(delivered: 1, failed: 0, queueFullWaits: 0)
                != ProducerStatistics(delivered: 1, failed: 1, queueFullWaits: 0))
        #expect(
            ConsumerStatistics(recordsFetched: 1, batchesFetched: 1, backpressurePauses: 0, offsetResets: 0, recordsDroppedOnRevoke: 0)
                .recordsFetched == 1)
        #expect(OffsetStoreFailure(offset: .init(topic: "t", partition: 0, offset: 1), error: KafkaError(code: .state)).error.code == .state)
    }

    @Test("rebalance callbacks forward to closures; lost defaults to revoked")
    func rebalanceCallbacks() {
        let events = EventLog()
        let partitions = [TopicPartition(topic: "t", partition: 0)]
        let callbacks = RebalanceCallbacks(
            onAssigned: { events.append("assigned \($0.count)") }, onRevoked: { events.append("revoked \($0.count)") })
        callbacks.partitionsAssigned(partitions)
        callbacks.partitionsRevoked(partitions)
        callbacks.partitionsLost(partitions)
        let withLost = RebalanceCallbacks(onLost: { events.append("lost \($0.count)") })
        withLost.partitionsLost(partitions)
        #expect(events.all == ["assigned 1", "revoked 1", "revoked 1", "lost 1"])
    }
}

import Synchronization

final class EventLog: Sendable {
    private let events = Mutex<[String]>([])
    func append(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
}

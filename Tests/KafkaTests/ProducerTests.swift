import Foundation
import Kafka
import Synchronization
import Testing

@Suite("KafkaProducer")
struct ProducerTests {
    @Test("delivery reports carry every ticket once, with consecutive offsets per partition")
    func deliveryReports() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("reports")
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 3)

        let collector = ReportCollector()
        let producer = try KafkaProducer(
            configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: TestSupport.logger,
            onDelivery: collector.onDelivery)
        let records = (0..<300).map { index in
            ProducerRecord(
                topic: topic, partition: Int32(index % 3), key: TestSupport.bytes("k\(index)"),
                value: TestSupport.bytes("v\(index)"), ticket: 10_000 + UInt64(index))
        }
        try await producer.send(records)
        try await producer.flush(timeout: .seconds(30))
        #expect(producer.pendingCount == 0)
        await producer.shutdown()

        let reports = collector.all
        #expect(reports.count == 300)
        #expect(Set(reports.map(\.ticket)) == Set((0..<300).map { 10_000 + UInt64($0) }))
        #expect(reports.allSatisfy { $0.isDelivered && $0.topic == topic })
        for partition in Int32(0)..<3 {
            let inPartition = reports.filter { $0.partition == partition }
            #expect(inPartition.map(\.offset).sorted() == (0..<100).map { Int64($0) })
            // Records to one partition are delivered in send order.
            let tickets = inPartition.sorted { $0.offset < $1.offset }.map(\.ticket)
            #expect(tickets == tickets.sorted())
            #expect(inPartition.allSatisfy { ($0.ticket - 10_000) % 3 == UInt64(partition) })
        }
        // Reports arrive in batches, not one callback per record.
        #expect(collector.callbackCount < 300)
    }

    @Test("a full local queue makes send wait: everything is delivered exactly once, nothing fails")
    func backpressure() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("backpressure")
        try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)

        let collector = ReportCollector()
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.queueBufferingMaxMessages = 10
        configuration.batchNumMessages = 5
        let producer = try KafkaProducer(configuration: configuration, logger: TestSupport.logger, onDelivery: collector.onDelivery)
        let total = 2_000
        // Two concurrent senders, each far beyond the 10-record queue.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sender in 0..<2 {
                group.addTask {
                    let records = (0..<(total / 2)).map { index in
                        ProducerRecord(
                            topic: topic, key: nil as [UInt8]?, value: TestSupport.bytes("\(sender)-\(index)"),
                            ticket: UInt64(sender * total + index))
                    }
                    try await producer.send(records)
                }
            }
            try await group.waitForAll()
        }
        try await producer.flush(timeout: .seconds(60))
        let statistics = producer.statistics
        await producer.shutdown()

        // The queue really was full, and senders waited instead of failing.
        #expect(statistics.queueFullWaits > 0)
        #expect(statistics.delivered == total)
        #expect(statistics.failed == 0)
        let reports = collector.all
        #expect(reports.count == total)
        #expect(Set(reports.map(\.ticket)).count == total)
        #expect(reports.allSatisfy { $0.error == nil })
        let offsets = Dictionary(grouping: reports, by: \.partition).mapValues { $0.map(\.offset).sorted() }
        for (_, partitionOffsets) in offsets {
            #expect(partitionOffsets == (0..<partitionOffsets.count).map { Int64($0) })
        }
    }

    @Test("sendBlocking waits on a full queue from a plain thread")
    func sendBlocking() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("blocking")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let collector = ReportCollector()
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.queueBufferingMaxMessages = 5
        let producer = try KafkaProducer(configuration: configuration, logger: TestSupport.logger, onDelivery: collector.onDelivery)
        let records = (0..<200).map {
            ProducerRecord(topic: topic, key: nil as [UInt8]?, value: TestSupport.bytes("\($0)"), ticket: UInt64($0))
        }
        let outcome = Mutex<KafkaError?>(nil)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                do throws(KafkaError) { try producer.sendBlocking(records) } catch { outcome.withLock { $0 = error } }
                done.resume()
            }
            thread.start()
        }
        #expect(outcome.withLock { $0 } == nil)
        try await producer.flush(timeout: .seconds(30))
        await producer.shutdown()
        #expect(collector.all.map(\.ticket).sorted() == (0..<200).map { UInt64($0) })
        #expect(collector.all.map(\.offset).sorted() == (0..<200).map { Int64($0) })
    }

    @Test("a record librdkafka refuses gets a failed report; the rest of the batch is sent")
    func rejectedRecord() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("reject")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let collector = ReportCollector()
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.properties["message.max.bytes"] = "10000"
        let producer = try KafkaProducer(configuration: configuration, logger: TestSupport.logger, onDelivery: collector.onDelivery)
        try await producer.send([
            ProducerRecord(topic: topic, key: nil as [UInt8]?, value: TestSupport.bytes("ok-1"), ticket: 1),
            ProducerRecord(topic: topic, key: nil as [UInt8]?, value: [UInt8](repeating: 1, count: 20_000), ticket: 2),
            ProducerRecord(topic: topic, key: nil as [UInt8]?, value: TestSupport.bytes("ok-3"), ticket: 3),
        ])
        try await producer.flush(timeout: .seconds(30))
        await producer.shutdown()
        let byTicket = Dictionary(uniqueKeysWithValues: collector.all.map { ($0.ticket, $0) })
        #expect(byTicket.count == 3)
        #expect(byTicket[1]?.error == nil)
        #expect(byTicket[2]?.error?.code == .messageSizeTooLarge)
        #expect(byTicket[2]?.offset == -1001)
        #expect(byTicket[3]?.error == nil)
        #expect(byTicket[3]?.offset == 1)
    }

    @Test("after shutdown, send and flush throw; shutdown is idempotent; health reports closed")
    func shutdownRules() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let producer = try KafkaProducer(
            configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: TestSupport.logger) { _ in }
        #expect(producer.health.isReady)
        await producer.shutdown()
        await producer.shutdown()
        #expect(producer.health.isClosed)
        #expect(!producer.health.isReady)
        await #expect(throws: KafkaError.self) {
            try await producer.send(ProducerRecord(topic: "t", key: nil as [UInt8]?, value: nil as [UInt8]?))
        }
        await #expect(throws: KafkaError.self) { try await producer.flush(timeout: .seconds(1)) }
        #expect(producer.pendingCount == 0)
    }

    @Test("shutdown with an unreachable cluster purges and reports every record as failed")
    func shutdownPurges() async throws {
        let cluster = try EmbeddedKafka(brokers: 1)
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("purge")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let collector = ReportCollector()
        let producer = try KafkaProducer(
            configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: TestSupport.logger,
            onDelivery: collector.onDelivery)
        try await producer.send(ProducerRecord(topic: topic, key: nil as [UInt8]?, value: [1], ticket: 1))
        try await producer.flush(timeout: .seconds(30))
        try cluster.setAllBrokersDown()
        try await producer.send((2...20).map { ProducerRecord(topic: topic, key: nil as [UInt8]?, value: [1], ticket: UInt64($0)) })
        await producer.shutdown(timeout: .milliseconds(300))
        let reports = collector.all
        #expect(reports.count == 20)
        #expect(reports.first { $0.ticket == 1 }?.error == nil)
        let failed = reports.filter { $0.ticket >= 2 }
        #expect(failed.count == 19)
        #expect(failed.allSatisfy { [.purgeQueue, .purgeInflight].contains($0.error?.code) })
    }
}

import Foundation
import Kafka
import Logging
import Synchronization
import Testing

/// Shared helpers for the Kafka tests. Every test makes its own
/// `EmbeddedKafka` and unique topic/group names.
enum TestSupport {
    static let logger: Logger = {
        var logger = Logger(label: "kafka.tests")
        logger.logLevel = ProcessInfo.processInfo.environment["KAFKA_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        return logger
    }()

    private static let counter = Atomic<Int>(0)

    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(counter.add(1, ordering: .relaxed).newValue)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Consumer settings that keep the mock's group protocol quick: the mock
    /// delays a rebalance by `session.timeout.ms - 1s` after a member leaves.
    static let fastGroupProperties: [String: String] = [
        "session.timeout.ms": "3000",
        "heartbeat.interval.ms": "500",
        "auto.commit.interval.ms": "500",
    ]

    static func consumerConfiguration(
        _ cluster: EmbeddedKafka, group: String, topics: [String], properties: [String: String] = [:]
    ) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            bootstrapServers: cluster.bootstrapServers, groupID: group, topics: topics,
            properties: fastGroupProperties.merging(properties) { _, new in new })
    }

    /// Polls `condition` until it holds or `timeout` passes (a failure bound, not a timing assertion).
    static func eventually(
        timeout: Duration = .seconds(30), _ condition: @Sendable () throws -> Bool
    ) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try condition()
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func string(_ bytes: ArraySlice<UInt8>?) -> String? {
        bytes.map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Collects delivery reports from a producer's event thread.
final class ReportCollector: Sendable {
    private let reports = Mutex<[DeliveryReport]>([])
    private let callbacks = Mutex<Int>(0)

    var onDelivery: @Sendable ([DeliveryReport]) -> Void {
        { [self] batch in
            reports.withLock { $0.append(contentsOf: batch) }
            callbacks.withLock { $0 += 1 }
        }
    }

    var all: [DeliveryReport] { reports.withLock { $0 } }
    var count: Int { reports.withLock { $0.count } }
    var callbackCount: Int { callbacks.withLock { $0 } }
}

/// Reads batches from a consumer in a background task until told to stop.
final class BatchReader: Sendable {
    private let records = Mutex<[ConsumerRecord]>([])
    private let errors = Mutex<[ConsumerError]>([])
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    /// `afterBatch` runs after each batch (e.g. to store offsets or slow down).
    init(_ consumer: KafkaConsumer, afterBatch: @escaping @Sendable (ConsumerBatch) async -> Void = { _ in }) {
        let task = Task { [self] in
            for await batch in consumer.batches {
                self.records.withLock { $0.append(contentsOf: batch.records) }
                self.errors.withLock { $0.append(contentsOf: batch.errors) }
                await afterBatch(batch)
            }
        }
        self.task.withLock { $0 = task }
    }

    var all: [ConsumerRecord] { records.withLock { $0 } }
    var count: Int { records.withLock { $0.count } }
    var allErrors: [ConsumerError] { errors.withLock { $0 } }

    /// Waits for the sequence to end (after the consumer is closed).
    func finished() async {
        let task = self.task.withLock { $0 }
        await task?.value
    }
}

extension KafkaProducer {
    /// Produces `count` small records to `topic` (tickets `firstTicket...`) and waits for their reports.
    static func produce(
        _ count: Int, to topic: String, cluster: EmbeddedKafka, partition: (Int) -> Int32? = { _ in nil },
        firstTicket: UInt64 = 0, value: (Int) -> [UInt8] = { Array("value-\($0)".utf8) }
    ) async throws -> [DeliveryReport] {
        let collector = ReportCollector()
        let producer = try KafkaProducer(
            configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: TestSupport.logger,
            onDelivery: collector.onDelivery)
        let records = (0..<count).map { index in
            ProducerRecord(
                topic: topic, partition: partition(index), key: Array("key-\(index)".utf8), value: value(index),
                ticket: firstTicket + UInt64(index))
        }
        try await producer.send(records)
        try await producer.flush(timeout: .seconds(30))
        await producer.shutdown()
        return collector.all
    }
}

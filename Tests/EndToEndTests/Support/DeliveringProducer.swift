import Foundation
import Kafka

/// The test's bridge: one producer for a whole command stream, each `send`
/// returning once its records are acknowledged, every report kept so the
/// test can show that all it sent reached Kafka.
final class DeliveringProducer: Sendable {
    private let producer: KafkaProducer
    private let reports = Reports()

    init(_ bootstrap: String) throws {
        let reports = self.reports
        producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: bootstrap),
                                     logger: BotHarness.logger) { batch in reports.add(batch) }
    }

    func send(_ records: [ProducerRecord]) async throws {
        try await producer.send(records)
        try await producer.flush(timeout: .seconds(60))
    }

    var delivered: Int { reports.all.filter(\.isDelivered).count }
    var undelivered: [DeliveryReport] { reports.all.filter { !$0.isDelivered } }

    func shutdown() async { await producer.shutdown() }
}

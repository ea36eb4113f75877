import Foundation
import Kafka
import Logging
import Synchronization

/// A `KafkaProducer` whose `publish` returns once the record's delivery
/// report is in: for client commands that must know a record was written
/// (acks=all, idempotent) before they say so.
final class RecordPublisher: Sendable {
    private let tickets = Tickets()
    private let producer: Mutex<KafkaProducer?> = Mutex(nil)

    /// - Parameter timeout: how long librdkafka keeps trying to deliver a
    ///   record (`message.timeout.ms`) before reporting it failed.
    init(bootstrapServers: String, properties: [String: String], timeout: Duration, logger: Logger) throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: bootstrapServers, properties: properties)
        // Interactive: send at once rather than wait to fill a batch.
        configuration.lingerMilliseconds = 0
        let (seconds, attoseconds) = timeout.components
        configuration.messageTimeoutMilliseconds = max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
        let producer = try KafkaProducer(configuration: configuration, logger: logger) { [tickets] reports in
            for report in reports { tickets.deliver(report) }
        }
        self.producer.withLock { $0 = producer }
    }

    /// Sends `record` (its ticket is replaced) and waits for its delivery report.
    /// Throws the delivery error, e.g. when no broker took it within the timeout.
    @discardableResult
    func publish(_ record: ProducerRecord) async throws -> DeliveryReport {
        guard let producer = producer.withLock({ $0 }) else { throw KafkaError(code: .destroy, message: "publisher is closed") }
        var record = record
        record.ticket = tickets.next()
        try await producer.send(record)
        let report = await tickets.report(for: record.ticket)
        if let error = report.error { throw error }
        return report
    }

    /// Flushes what is left and closes the producer. Idempotent.
    func close() async {
        guard let producer = producer.withLock({ $0.take() }) else { return }
        await producer.shutdown(timeout: .seconds(5))
    }
}

/// Delivery reports matched to the `publish` calls waiting for them.
private final class Tickets: Sendable {
    private struct State {
        var nextTicket: UInt64 = 1
        var waiting: [UInt64: CheckedContinuation<DeliveryReport, Never>] = [:]
        /// Reports that came before their `publish` started waiting.
        var arrived: [UInt64: DeliveryReport] = [:]
    }

    private let state = Mutex(State())

    func next() -> UInt64 {
        state.withLock { state in
            defer { state.nextTicket += 1 }
            return state.nextTicket
        }
    }

    /// On the producer's event thread.
    func deliver(_ report: DeliveryReport) {
        let waiter = state.withLock { state -> CheckedContinuation<DeliveryReport, Never>? in
            if let waiter = state.waiting.removeValue(forKey: report.ticket) { return waiter }
            state.arrived[report.ticket] = report
            return nil
        }
        waiter?.resume(returning: report)
    }

    func report(for ticket: UInt64) async -> DeliveryReport {
        await withCheckedContinuation { (continuation: CheckedContinuation<DeliveryReport, Never>) in
            let early = state.withLock { state -> DeliveryReport? in
                if let report = state.arrived.removeValue(forKey: ticket) { return report }
                state.waiting[ticket] = continuation
                return nil
            }
            if let early { continuation.resume(returning: early) }
        }
    }
}

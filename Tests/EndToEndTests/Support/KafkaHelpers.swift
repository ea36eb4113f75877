import Foundation
import Kafka
import Synchronization
import Testing

/// In-process Kafka access for checking what the bot and the CLI wrote.
enum KafkaHelpers {
    /// Every record of `topic` up to its current end.
    static func snapshot(_ bootstrap: String, topic: String) async throws -> [ConsumerRecord] {
        let reader = try await TopicReader.open(bootstrapServers: bootstrap, topic: topic, from: .beginning,
                                                until: .atOpeningEnd, logger: BotHarness.logger)
        var records: [ConsumerRecord] = []
        for await batch in reader.batches { records += batch.records }
        await reader.close()
        return records
    }

    /// The first record of `topic` (from its start) that `matches`, waiting up to `timeout`.
    static func firstRecord(_ bootstrap: String, topic: String, timeout: Duration = .seconds(60),
                            where matches: @escaping @Sendable (ConsumerRecord) -> Bool) async throws -> ConsumerRecord? {
        let reader = try await TopicReader.open(bootstrapServers: bootstrap, topic: topic, from: .beginning,
                                                until: .never, logger: BotHarness.logger)
        let found = await withTaskGroup(of: ConsumerRecord?.self) { group in
            group.addTask {
                for await batch in reader.batches {
                    if let record = batch.records.first(where: matches) { return record }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        await reader.close()
        return found
    }

    /// Produces `records` and waits until every one is delivered.
    static func produce(_ bootstrap: String, _ records: [ProducerRecord]) async throws {
        let producer = try DeliveringProducer(bootstrap)
        try await producer.send(records)
        await producer.shutdown()
        #expect(producer.undelivered.isEmpty, "undelivered: \(producer.undelivered)")
        #expect(producer.delivered == records.count)
    }
}

final class Reports: Sendable {
    private let reports = Mutex<[DeliveryReport]>([])
    func add(_ batch: [DeliveryReport]) { reports.withLock { $0 += batch } }
    var all: [DeliveryReport] { reports.withLock { $0 } }
}

extension ConsumerRecord {
    func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value.map { String(decoding: $0, as: UTF8.self) }
    }

    var text: String { value.map { String(decoding: $0, as: UTF8.self) } ?? "" }
}

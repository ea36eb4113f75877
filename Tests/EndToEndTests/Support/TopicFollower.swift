import Foundation
import Kafka
import Synchronization

/// Follows one topic from its beginning without a consumer group, keeping
/// every record, until closed: the test's view of what the bot published.
final class TopicFollower: Sendable {
    private let reader: TopicReader
    private let collected = Mutex<[ConsumerRecord]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ bootstrap: String, topic: String) async throws {
        reader = try await TopicReader.open(bootstrapServers: bootstrap, topic: topic, from: .beginning,
                                            until: .never, timeout: .seconds(30), logger: BotHarness.logger)
        let reader = self.reader
        let task = Task { [self] in
            for await batch in reader.batches {
                self.collected.withLock { $0.append(contentsOf: batch.records) }
            }
        }
        self.task.withLock { $0 = task }
    }

    var records: [ConsumerRecord] { collected.withLock { $0 } }

    /// Waits until `condition` holds on the records, or `timeout` passes
    /// (a failure bound, not a timing assertion). Returns whether it held.
    func wait(timeout: Duration, _ condition: ([ConsumerRecord]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(records) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(records)
    }

    func close() async {
        await reader.close()
        await task.withLock { $0 }?.value
    }
}

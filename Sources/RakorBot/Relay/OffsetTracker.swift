import Foundation
import Kafka
import Synchronization

/// Stores a batch's Kafka offsets only once everything the batch produced is
/// delivered, and strictly in batch order: a later batch finishing first
/// waits for the earlier one, so a stored offset never covers an input whose
/// outputs might still be lost.
final class OffsetTracker: Sendable {
    private struct Entry {
        let id: UInt64
        let offsets: [TopicPartitionOffset]
        var done = false
    }

    private struct State {
        var entries: [Entry] = []
        var head = 0
        var nextID: UInt64 = 1
    }

    private let state = Mutex(State())
    /// Signals `waitUntilIdle` callers; a condition variable because the
    /// rebalance handler waits on the consumer thread, outside Swift concurrency.
    private let idle = NSCondition()
    private let storeOffsets: @Sendable ([TopicPartitionOffset]) -> Void

    /// `storeOffsets` receives the next offsets to consume (one per partition).
    init(storeOffsets: @escaping @Sendable ([TopicPartitionOffset]) -> Void) {
        self.storeOffsets = storeOffsets
    }

    /// Registers a batch about to be processed; `offsets` are its next offsets.
    func begin(_ offsets: [TopicPartitionOffset]) -> UInt64 {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.entries.append(Entry(id: id, offsets: offsets))
            return id
        }
    }

    /// Marks a batch finished (outputs delivered) and stores the offsets of
    /// every finished batch at the head of the line.
    func complete(_ id: UInt64) {
        let ready: [TopicPartitionOffset] = state.withLock { state in
            if let index = state.entries[state.head...].firstIndex(where: { $0.id == id }) {
                state.entries[index].done = true
            }
            var latest: [TopicPartition: Int64] = [:]
            while state.head < state.entries.count, state.entries[state.head].done {
                for offset in state.entries[state.head].offsets {
                    latest[offset.topicPartition] = max(latest[offset.topicPartition] ?? offset.offset, offset.offset)
                }
                state.head += 1
            }
            if state.head > 1024 {
                state.entries.removeFirst(state.head)
                state.head = 0
            }
            return latest.map { TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) }
        }
        if !ready.isEmpty { storeOffsets(ready) }
        idle.lock()
        idle.broadcast()
        idle.unlock()
    }

    /// Batches begun but not yet finished.
    var outstanding: Int { state.withLock { $0.entries.count - $0.head } }

    /// Blocks (the consumer thread, during a revocation) until every begun
    /// batch is finished, or the deadline passes. True if idle.
    func waitUntilIdle(timeout: Duration) -> Bool {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds)
            + Double(timeout.components.attoseconds) / 1e18)
        idle.lock()
        defer { idle.unlock() }
        while outstanding > 0 {
            if !idle.wait(until: deadline) { return outstanding == 0 }
        }
        return true
    }
}

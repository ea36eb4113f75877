import Synchronization

/// The bounded hand-off between the consumer thread (producer side, never
/// suspends) and the Swift reader (awaits).
///
/// `offer` never blocks: when the buffer is full it returns `false` and the
/// consumer thread keeps the batch, pauses its partitions and keeps serving
/// the group; when the reader takes a batch it calls `onSpace` so the thread
/// wakes at once and resumes intake.
final class BatchHandoff: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: UnsafeContinuation<ConsumerBatch?, Never>
    }

    private struct State {
        var buffer: [ConsumerBatch] = []
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var isFinished = false
        var producerWaiting = false
    }

    let capacity: Int
    private let state = Mutex(State())
    private let onSpace: @Sendable () -> Void

    init(capacity: Int, onSpace: @escaping @Sendable () -> Void) {
        self.capacity = max(1, capacity)
        self.onSpace = onSpace
    }

    /// Consumer thread: hands `batch` over if there is room (or a waiting reader).
    func offer(_ batch: ConsumerBatch) -> Bool {
        let waiter = state.withLock { state -> Waiter?? in
            if !state.waiters.isEmpty { return .some(state.waiters.removeFirst()) }
            if state.isFinished { return .some(nil) }  // nobody will ever read it
            if state.buffer.count < capacity {
                state.buffer.append(batch)
                return .some(nil)
            }
            state.producerWaiting = true
            return .none
        }
        switch waiter {
        case .none: return false
        case .some(let waiter):
            waiter?.continuation.resume(returning: batch)
            return true
        }
    }

    /// Reader: the next batch, or `nil` once finished and drained (or cancelled).
    func next() async -> ConsumerBatch? {
        let id = state.withLock { state -> UInt64 in
            defer { state.nextWaiterID &+= 1 }
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<ConsumerBatch?, Never>) in
                let (immediate, wake) = state.withLock { state -> (ConsumerBatch??, Bool) in
                    if !state.buffer.isEmpty {
                        let batch = state.buffer.removeFirst()
                        let wake = state.producerWaiting
                        state.producerWaiting = false
                        return (.some(batch), wake)
                    }
                    if state.isFinished || Task.isCancelled { return (.some(nil), false) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    // A reader waiting means there is room.
                    let wake = state.producerWaiting
                    state.producerWaiting = false
                    return (.none, wake)
                }
                if wake { onSpace() }
                if case .some(let batch) = immediate { continuation.resume(returning: batch) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: nil)
        }
    }

    /// Drops not yet handed out records of `partitions` (on revocation).
    /// Returns how many records were dropped.
    @discardableResult
    func removeRecords(of partitions: Set<TopicPartition>) -> Int {
        state.withLock { state in
            var dropped = 0
            state.buffer = state.buffer.compactMap { batch in
                let kept = batch.removing(partitions: partitions)
                dropped += batch.records.count - kept.records.count
                return kept.isEmpty ? nil : kept
            }
            return dropped
        }
    }

    /// No more batches will come; waiting readers get `nil`, later reads drain
    /// the buffer first.
    func finish() {
        let waiters = state.withLock { state -> [Waiter] in
            state.isFinished = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }

    var bufferedCount: Int { state.withLock { $0.buffer.count } }
}

/// The batches of a `KafkaConsumer`, in order. Meant for one reader: with
/// several, each batch goes to exactly one of them.
public struct ConsumerBatches: AsyncSequence, Sendable {
    public typealias Element = ConsumerBatch
    public typealias Failure = Never

    let handoff: BatchHandoff

    public struct AsyncIterator: AsyncIteratorProtocol {
        let handoff: BatchHandoff

        public mutating func next() async -> ConsumerBatch? {
            await handoff.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handoff: handoff)
    }
}

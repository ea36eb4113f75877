import Foundation
import Kafka
import Logging
import RakorStore
import Synchronization

/// Publishes committed outbox rows through the idempotent producer and
/// learns from delivery reports when they are safely in Kafka.
///
/// Rows are published in the order they were committed (one caller, in
/// sequence order), so each audit chain stays in order on its partition.
/// Each `publish` call is a group: when all its rows are delivered its
/// completion runs (the pipeline then stores the batch's offsets). Delivered
/// rows are handed back with `takeDelivered()` for deletion from the outbox
/// inside the next batch's transaction, so deleting costs no extra fsync.
/// A row whose delivery fails is re-sent after a backoff, forever: nothing
/// is dropped, intake pauses (capacity) and health reports degraded.
final class OutboxRelay: Sendable {
    /// Tickets carry the group and the row's index in it: no per-row lookup table.
    static let indexBits: UInt64 = 24
    static let maxGroupSize = 1 << 24

    private final class Group: @unchecked Sendable {
        // Guarded by the relay's state lock.
        let rows: [OutboxRow]
        var remaining: Int
        let onDone: @Sendable () -> Void

        init(rows: [OutboxRow], onDone: @escaping @Sendable () -> Void) {
            self.rows = rows
            self.remaining = rows.count
            self.onDone = onDone
        }
    }

    private struct State {
        var groups: [UInt64: Group] = [:]
        var nextGroup: UInt64 = 1
        var inFlight = 0
        var delivered: [Int64] = []
        var waiters: [(UInt64, CheckedContinuation<Void, Never>)] = []
        var nextWaiter: UInt64 = 0
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
        var failedDeliveries = 0
        /// Failed attempts per ticket of a row not yet delivered: its backoff.
        var attempts: [UInt64: Int] = [:]
        var lastFailure: String?
        var closed = false
    }

    private let state = Mutex(State())
    private let topics: TopicNames
    private let capacity: Int
    private let logger: Logger
    /// Set once the producer exists (the producer needs our delivery callback first).
    private let producerBox = Mutex<KafkaProducer?>(nil)

    /// - Parameter capacity: rows in flight before `waitForCapacity` suspends.
    init(topics: TopicNames, capacity: Int = 50_000, logger: Logger) {
        self.topics = topics
        self.capacity = capacity
        self.logger = logger
    }

    func attach(_ producer: KafkaProducer) {
        producerBox.withLock { $0 = producer }
    }

    private var producer: KafkaProducer? { producerBox.withLock { $0 } }

    var inFlight: Int { state.withLock { $0.inFlight } }
    var failedDeliveries: Int { state.withLock { $0.failedDeliveries } }
    var lastFailure: String? { state.withLock { $0.lastFailure } }

    /// Suspends while too many rows are undelivered (the replies topic is
    /// down, say): the pipeline stops taking batches and memory stays bounded.
    func waitForCapacity() async {
        let id = state.withLock { state -> UInt64 in
            defer { state.nextWaiter &+= 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.inFlight < capacity || state.closed || Task.isCancelled { return true }
                    state.waiters.append((id, continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            // Shutting down: stop waiting, the caller checks cancellation.
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.0 == id }) else { return nil }
                return state.waiters.remove(at: index).1
            }
            waiter?.resume()
        }
    }

    /// Sends `rows` (already committed) and runs `onDone` once all are delivered.
    func publish(_ rows: [OutboxRow], onDone: @escaping @Sendable () -> Void) async throws(KafkaError) {
        guard !rows.isEmpty else {
            onDone()
            return
        }
        guard let producer else { throw KafkaError(code: .fail, message: "relay has no producer") }
        var start = 0
        while start < rows.count {
            let chunk = Array(rows[start..<min(rows.count, start + Self.maxGroupSize)])
            let isLast = start + chunk.count == rows.count
            let noop: @Sendable () -> Void = {}
            let group = Group(rows: chunk, onDone: isLast ? onDone : noop)
            let groupID = state.withLock { state -> UInt64 in
                let id = state.nextGroup
                state.nextGroup += 1
                state.groups[id] = group
                state.inFlight += chunk.count
                return id
            }
            var records: [ProducerRecord] = []
            records.reserveCapacity(chunk.count)
            for (index, row) in chunk.enumerated() {
                records.append(record(for: row, ticket: groupID << Self.indexBits | UInt64(index)))
            }
            try await producer.send(records)
            start += chunk.count
        }
    }

    private func record(for row: OutboxRow, ticket: UInt64) -> ProducerRecord {
        ProducerRecord(topic: topics.physical(row.topic), key: row.key, value: row.value,
                       headers: row.headers.map { KafkaHeader(name: $0.name, value: $0.value) }, ticket: ticket)
    }

    /// Delivery reports, in batches, on the producer's event thread.
    func handle(_ reports: [DeliveryReport]) {
        var finished: [@Sendable () -> Void] = []
        var retries: [(OutboxRow, UInt64)] = []
        var wake: [CheckedContinuation<Void, Never>] = []
        var attempt = 0
        state.withLock { state in
            for report in reports {
                let groupID = report.ticket >> Self.indexBits
                let index = Int(report.ticket & ((1 << Self.indexBits) - 1))
                guard let group = state.groups[groupID], index < group.rows.count else { continue }
                if let error = report.error {
                    state.failedDeliveries += 1
                    state.lastFailure = "\(report.topic): \(error)"
                    let attempts = state.attempts[report.ticket, default: 0] + 1
                    state.attempts[report.ticket] = attempts
                    attempt = max(attempt, attempts)
                    retries.append((group.rows[index], report.ticket))
                    continue
                }
                if !state.attempts.isEmpty { state.attempts[report.ticket] = nil }
                state.delivered.append(group.rows[index].seq)
                state.inFlight -= 1
                group.remaining -= 1
                if group.remaining == 0 {
                    state.groups[groupID] = nil
                    finished.append(group.onDone)
                }
            }
            if state.inFlight < capacity, !state.waiters.isEmpty {
                wake = state.waiters.map(\.1)
                state.waiters.removeAll()
            }
            if state.inFlight == 0, !state.drainWaiters.isEmpty {
                wake += state.drainWaiters
                state.drainWaiters.removeAll()
            }
        }
        for done in finished { done() }
        for continuation in wake { continuation.resume() }
        if !retries.isEmpty { scheduleRetry(retries, attempt: attempt) }
    }

    /// The wait before re-sending a row that failed `attempt` times in a row:
    /// 0.1 s, doubling, at most 30 s.
    static func backoff(attempt: Int) -> Double {
        min(30.0, 0.1 * pow(2, Double(min(max(attempt, 1), 10) - 1)))
    }

    /// Re-sends failed rows after a backoff; they keep their tickets. The
    /// backoff follows the rows' own consecutive failures (not the bot's
    /// lifetime count of failed deliveries, which once made every later
    /// transient failure wait the 30 s maximum, and grew by one per row of
    /// a failed request rather than per attempt).
    private func scheduleRetry(_ rows: [(OutboxRow, UInt64)], attempt: Int) {
        let delay = Self.backoff(attempt: attempt)
        logger.warning("delivery failed; retrying", metadata: [
            "rows": "\(rows.count)", "retry_in_s": "\(delay)", "last_error": "\(lastFailure ?? "-")",
        ])
        Task { [self] in
            try? await Task.sleep(for: .seconds(delay))
            guard let producer, !state.withLock({ $0.closed }) else { return }
            do {
                try await producer.send(rows.map { record(for: $0.0, ticket: $0.1) })
            } catch {
                logger.error("re-sending failed rows: \(error)")
            }
        }
    }

    /// The outbox sequence numbers delivered since the last call.
    func takeDelivered() -> [Int64] {
        state.withLock { state in
            let delivered = state.delivered
            state.delivered.removeAll(keepingCapacity: true)
            return delivered
        }
    }

    /// Puts back sequence numbers whose deletion did not commit.
    func returnDelivered(_ seqs: [Int64]) {
        guard !seqs.isEmpty else { return }
        state.withLock { $0.delivered.append(contentsOf: seqs) }
    }

    /// Waits until nothing is in flight, or the timeout passes. True if drained.
    func drain(timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { [self] in
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let drained = state.withLock { state -> Bool in
                        if state.inFlight == 0 || state.closed { return true }
                        state.drainWaiters.append(continuation)
                        return false
                    }
                    if drained { continuation.resume() }
                }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            if !first { releaseDrainWaiters() }
            return first || inFlight == 0
        }
    }

    private func releaseDrainWaiters() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            let waiters = state.drainWaiters
            state.drainWaiters.removeAll()
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Releases waiters; nothing new is retried.
    func close() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            let waiters = state.waiters.map(\.1) + state.drainWaiters
            state.waiters.removeAll()
            state.drainWaiters.removeAll()
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

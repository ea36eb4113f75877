import Foundation
import Kafka
import Logging
import Synchronization
import RakorCore
import RakorStore

/// The consume → process → commit → publish → store-offsets loop. One batch
/// at a time through the store (SQLite has one writer anyway), while earlier
/// batches' outputs are still being delivered: batches pipeline, records
/// never wait on each other one by one.
final class PipelineRunner: Sendable {
    let consumer: KafkaConsumer
    let relay: OutboxRelay
    let tracker: OffsetTracker
    let store: RakorStore
    let processor: BatchProcessor
    let clock: any RakorClock
    let topics: TopicNames
    let metrics: PipelineMetrics
    let logger: Logger

    init(consumer: KafkaConsumer, relay: OutboxRelay, tracker: OffsetTracker, store: RakorStore,
         processor: BatchProcessor, clock: any RakorClock, topics: TopicNames, metrics: PipelineMetrics,
         logger: Logger) {
        self.consumer = consumer
        self.relay = relay
        self.tracker = tracker
        self.store = store
        self.processor = processor
        self.clock = clock
        self.topics = topics
        self.metrics = metrics
        self.logger = logger
    }

    /// Told after each committed batch (the scheduler re-plans when a command
    /// or event may have changed what is due).
    private let commitObserver = Mutex<(@Sendable (BatchTally) -> Void)?>(nil)

    func observeCommits(_ observer: @escaping @Sendable (BatchTally) -> Void) {
        commitObserver.withLock { $0 = observer }
    }

    /// The batch being handled, shielded from the run loop's cancellation so
    /// a graceful shutdown finishes it; `abandonCurrentBatch` is the bound.
    private let current = Mutex<Task<Void, Never>?>(nil)

    /// Runs until the consumer's batches end (it was closed) or the task is
    /// cancelled (graceful shutdown: intake stops, the batch in hand finishes).
    func run() async {
        var iterator = consumer.batches.makeAsyncIterator()
        while !Task.isCancelled, let batch = await iterator.next() {
            let work = Task { await self.handle(batch) }
            current.withLock { $0 = work }
            await work.value
            current.withLock { $0 = nil }
        }
    }

    /// Gives up on the batch in hand (shutdown took too long, e.g. the
    /// replies topic is unreachable): nothing of it is committed, it is
    /// redelivered on the next start.
    func abandonCurrentBatch() {
        current.withLock { $0 }?.cancel()
    }

    func handle(_ batch: ConsumerBatch) async {
        var records: [InputRecord] = []
        records.reserveCapacity(batch.records.count)
        for record in batch.records {
            guard let logical = topics.logical(record.topic) else { continue }
            records.append(InputRecord(record, logicalTopic: logical))
        }
        var resets: [OffsetResetNotice] = []
        for error in batch.errors {
            if error.isOffsetReset {
                logger.error("partition log truncated under the consumer; resumed at the earliest offset",
                             metadata: ["topic": "\(error.topic ?? "?")", "partition": "\(error.partition)",
                                        "offset": "\(error.offset)", "error": "\(error.error)"])
                resets.append(OffsetResetNotice(topic: topics.logical(error.topic ?? "") ?? error.topic ?? "?",
                                                partition: error.partition, offset: error.offset,
                                                message: "\(error.error)"))
            } else {
                logger.warning("consumer error", metadata: ["error": "\(error)"])
            }
        }
        let ticket = tracker.begin(batch.nextOffsets)
        guard !records.isEmpty || !resets.isEmpty else {
            // Only records of topics that are not ours: nothing to do but move on, in order.
            tracker.complete(ticket)
            return
        }
        await relay.waitForCapacity()
        let started = ContinuousClock.now
        guard let result = await commit(records, resets: resets) else { return }
        metrics.batchCommitted(result.tally, records: records.count, duration: ContinuousClock.now - started,
                               auditSequence: result.state.chain.head.sequence)
        commitObserver.withLock { $0 }?(result.tally)
        let timestamps = records.compactMap(\.timestampMilliseconds)
        let metrics = self.metrics, tracker = self.tracker
        do {
            try await relay.publish(result.rows) {
                tracker.complete(ticket)
                // Real time, not the (possibly shifted) domain clock: Kafka stamps records in real time.
                metrics.delivered(timestamps: timestamps, now: Date())
            }
        } catch {
            // The producer is gone (fatal error or shut down). The rows are
            // committed in the outbox and go out on the next start; the
            // offsets stay unstored, so nothing is lost.
            logger.critical("publishing committed rows failed; they stay in the outbox", metadata: ["error": "\(error)"])
            metrics.publishFailed()
        }
    }

    /// Processes and commits one batch, retrying the same records with
    /// backoff if the store refuses (disk full, I/O error): a batch is never
    /// skipped. Nil only when cancelled before it could commit.
    private func commit(_ records: [InputRecord], resets: [OffsetResetNotice]) async -> BatchResult? {
        var attempt = 0
        while true {
            let deletions = relay.takeDelivered()
            do {
                let processor = self.processor, clock = self.clock
                let result = try await store.write { session in
                    if !deletions.isEmpty { _ = try session.outbox.delete(seqs: deletions) }
                    return try processor.process(records, offsetResets: resets, session: session, now: clock.now())
                }
                return result
            } catch {
                relay.returnDelivered(deletions)
                await resynchronize()
                attempt += 1
                metrics.batchFailed()
                let delay = min(5.0, 0.05 * pow(2, Double(min(attempt, 7))))
                logger.error("batch failed; retrying the same records", metadata: [
                    "records": "\(records.count)", "attempt": "\(attempt)", "retry_in_s": "\(delay)",
                    "error": "\(error)",
                ])
                if Task.isCancelled { return nil }
                try? await Task.sleep(for: .seconds(delay))
            }
        }
    }

    /// After a failed transaction: the processor's state back to what is committed.
    private func resynchronize() async {
        do {
            let processor = self.processor
            try await store.read { try processor.resynchronize(session: $0) }
        } catch {
            logger.error("could not reload the pipeline state from the store: \(error)")
        }
    }

    /// Commits and publishes messages that no consumed record caused (the
    /// scheduler's reminders), through the same chain, outbox and relay.
    func emit(now: Date, _ body: @escaping @Sendable (inout EffectWriter) throws -> Void) async throws -> BatchTally {
        let deletions = relay.takeDelivered()
        let processor = self.processor
        let result: BatchResult
        do {
            result = try await store.write { session in
                if !deletions.isEmpty { _ = try session.outbox.delete(seqs: deletions) }
                return try processor.emit(session: session, now: now, body)
            }
        } catch {
            relay.returnDelivered(deletions)
            await resynchronize()
            throw error
        }
        await relay.waitForCapacity()
        try await relay.publish(result.rows) {}
        return result.tally
    }

    /// Deletes delivered outbox rows when no batch comes to carry them.
    func flushDeliveredDeletions() async {
        let deletions = relay.takeDelivered()
        guard !deletions.isEmpty else { return }
        do {
            _ = try await store.write { try $0.outbox.delete(seqs: deletions) }
        } catch {
            relay.returnDelivered(deletions)
            logger.warning("could not delete delivered outbox rows: \(error)")
        }
    }
}

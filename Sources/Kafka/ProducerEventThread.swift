import CRdKafka
import Synchronization

/// State shared by a `KafkaProducer` and its event thread.
final class ProducerCore: Sendable {
    let handle: NativeHandle
    let mainQueue: NativeQueue
    let onDelivery: @Sendable ([DeliveryReport]) -> Void
    let onError: (@Sendable (KafkaError) -> Void)?
    let log: LogBridge
    let health = HealthTracker()
    let counters = ProducerCounters()
    let gate = BackpressureGate()
    /// Records librdkafka refused at enqueue time; reported by the event thread
    /// so every report reaches `onDelivery` on that one thread.
    let rejected = Mutex<[DeliveryReport]>([])
    let flushWaiters = Mutex<[FlushWaiter]>([])
    let stopRequested = Atomic<Bool>(false)
    let maxReportsPerCallback: Int
    let pollTimeoutMilliseconds: Int32

    struct FlushWaiter {
        let deadline: ContinuousClock.Instant
        /// Called with the number of records still unreported (0 = flushed).
        let answer: @Sendable (Int) -> Void
    }

    init(
        handle: NativeHandle, mainQueue: NativeQueue, log: LogBridge,
        maxReportsPerCallback: Int, pollTimeout: Duration,
        onError: (@Sendable (KafkaError) -> Void)?,
        onDelivery: @escaping @Sendable ([DeliveryReport]) -> Void
    ) {
        self.handle = handle
        self.mainQueue = mainQueue
        self.log = log
        self.maxReportsPerCallback = max(1, maxReportsPerCallback)
        self.pollTimeoutMilliseconds = max(1, Milliseconds.from(pollTimeout))
        self.onError = onError
        self.onDelivery = onDelivery
    }

    /// Records enqueued but not yet reported to `onDelivery`.
    ///
    /// `rd_kafka_outq_len` also counts events waiting in the main queue (logs,
    /// errors, report batches); subtracting the queue length, read *first*,
    /// leaves the messages librdkafka still holds. Only the event thread pops
    /// the main queue, so the difference is 0 only when no message is pending.
    var pendingRecordCount: Int {
        let queued = Int(rd_kafka_queue_length(mainQueue.pointer))
        let total = Int(rd_kafka_outq_len(handle.pointer))
        return max(0, total - queued)
    }

    func reject(_ reports: [DeliveryReport]) {
        guard !reports.isEmpty else { return }
        rejected.withLock { $0.append(contentsOf: reports) }
        rd_kafka_queue_yield(mainQueue.pointer)
    }

    /// Must be called while the handle is alive (under the producer's state lock).
    func addFlushWaiter(deadline: ContinuousClock.Instant, answer: @escaping @Sendable (Int) -> Void) {
        flushWaiters.withLock { $0.append(FlushWaiter(deadline: deadline, answer: answer)) }
        // Wake the event thread so an already-flushed producer answers at once.
        rd_kafka_queue_yield(mainQueue.pointer)
    }

    /// After the event thread stopped: answer everyone with the current count.
    func answerAllFlushWaiters() {
        let waiters = flushWaiters.withLock { waiters -> [FlushWaiter] in
            defer { waiters.removeAll() }
            return waiters
        }
        guard !waiters.isEmpty else { return }
        let pending = pendingRecordCount
        for waiter in waiters { waiter.answer(pending) }
    }
}

/// The producer's one event thread: blocks in `rd_kafka_queue_poll` on the
/// main queue and serves delivery reports (in batches, to `onDelivery`),
/// client errors (health, `onError`, fatal detection) and librdkafka logs.
/// It never produces and never sleeps: every wait is a queue poll.
enum ProducerEventLoop {
    static func run(_ core: ProducerCore) {
        var loop = State(core: core)
        while !core.stopRequested.load(ordering: .acquiring) {
            loop.iterate(timeoutMilliseconds: core.pollTimeoutMilliseconds)
        }
        // Shutdown: whatever is still queued (purged records' reports) is served.
        loop.iterate(timeoutMilliseconds: 0)
        var rounds = 0
        while rd_kafka_queue_length(core.mainQueue.pointer) > 0, rounds < 10_000 {
            loop.iterate(timeoutMilliseconds: 0)
            rounds += 1
        }
        loop.answerFlushWaiters(force: true)
    }

    private struct State {
        let core: ProducerCore
        var reports: [DeliveryReport] = []
        /// `rd_kafka_topic_t *` → name; producer topic handles live until shutdown.
        var topicNames: [OpaquePointer: String] = [:]
        var lastTopic: (pointer: OpaquePointer, name: String)?
        var lastProbe = ContinuousClock.now

        init(core: ProducerCore) {
            self.core = core
            reports.reserveCapacity(min(core.maxReportsPerCallback, 4096))
        }

        mutating func iterate(timeoutMilliseconds: Int32) {
            var freedSpace = false
            var event = rd_kafka_queue_poll(core.mainQueue.pointer, timeoutMilliseconds)
            let idle = event == nil
            var served = 0
            while let current = event {
                switch rd_kafka_event_type(current) {
                case RD_KAFKA_EVENT_DR:
                    collectReports(current)
                    freedSpace = true
                case RD_KAFKA_EVENT_ERROR:
                    handleError(current)
                case RD_KAFKA_EVENT_LOG:
                    core.log.log(event: current)
                default:
                    break
                }
                // Destroying a report event frees its messages' queue space.
                rd_kafka_event_destroy(current)
                served += 1
                if reports.count >= core.maxReportsPerCallback || served >= 256 { break }
                event = rd_kafka_queue_poll(core.mainQueue.pointer, 0)
            }
            if freedSpace { core.gate.signal() }
            let refused = core.rejected.withLock { list -> [DeliveryReport] in
                defer { list.removeAll() }
                return list
            }
            if !refused.isEmpty {
                reports.append(contentsOf: refused)
                core.counters.failed.add(refused.count, ordering: .relaxed)
            }
            deliver()
            answerFlushWaiters(force: false)
            if idle { probeIfBrokersDown() }
        }

        private mutating func collectReports(_ event: OpaquePointer) {
            var delivered = 0
            var failed = 0
            while let message = rd_kafka_event_message_next(event) {
                let m = message.pointee
                let error: KafkaError? =
                    m.err == RD_KAFKA_RESP_ERR_NO_ERROR
                    ? nil
                    : KafkaError(m.err, message: rd_kafka_err2str(m.err).map { String(cString: $0) })
                if error == nil { delivered += 1 } else { failed += 1 }
                reports.append(
                    DeliveryReport(
                        ticket: UInt64(UInt(bitPattern: m._private)),
                        topic: topicName(m.rkt),
                        partition: m.partition,
                        offset: m.offset,
                        error: error))
            }
            core.counters.delivered.add(delivered, ordering: .relaxed)
            core.counters.failed.add(failed, ordering: .relaxed)
            if delivered > 0 { core.health.brokerReachable() }
        }

        private mutating func topicName(_ topic: OpaquePointer?) -> String {
            guard let topic else { return "" }
            // Reports come in per-partition runs: the last hit is the common case.
            if let lastTopic, lastTopic.pointer == topic { return lastTopic.name }
            let name: String
            if let known = topicNames[topic] {
                name = known
            } else {
                name = String(cString: rd_kafka_topic_name(topic))
                topicNames[topic] = name
            }
            lastTopic = (topic, name)
            return name
        }

        private mutating func deliver() {
            guard !reports.isEmpty else { return }
            core.onDelivery(reports)
            reports.removeAll(keepingCapacity: true)
        }

        private func handleError(_ event: OpaquePointer) {
            let code = rd_kafka_event_error(event)
            var error = KafkaError(code, message: rd_kafka_event_error_string(event).map { String(cString: $0) })
            if rd_kafka_event_error_is_fatal(event) != 0 {
                // The event carries `_FATAL`; the underlying cause is here.
                var text = [CChar](repeating: 0, count: 512)
                let cause = rd_kafka_fatal_error(core.handle.pointer, &text, text.count)
                error = KafkaError(
                    code: KafkaError.Code(rawValue: cause.rawValue), message: String(nulTerminated: text),
                    isFatal: true, isRetriable: false)
                core.log.logger.critical("fatal producer error: \(error)")
            } else if error.code == .allBrokersDown {
                core.log.logger.error("producer: all brokers down: \(error.message)")
            } else {
                core.log.logger.warning("producer error: \(error)")
            }
            core.health.record(error: error)
            core.onError?(error)
        }

        mutating func answerFlushWaiters(force: Bool) {
            let hasWaiters = core.flushWaiters.withLock { !$0.isEmpty }
            guard hasWaiters else { return }
            let pending = core.pendingRecordCount
            let now = ContinuousClock.now
            let ready = core.flushWaiters.withLock { waiters -> [ProducerCore.FlushWaiter] in
                var ready: [ProducerCore.FlushWaiter] = []
                waiters.removeAll { waiter in
                    let done = force || pending == 0 || waiter.deadline <= now
                    if done { ready.append(waiter) }
                    return done
                }
                return ready
            }
            for waiter in ready { waiter.answer(pending) }
        }

        /// While "all brokers down" is flagged and nothing happens, ask the
        /// cluster for (topic-less) metadata about once a second: success means
        /// a broker is reachable again.
        private mutating func probeIfBrokersDown() {
            guard core.health.allBrokersDown else { return }
            let now = ContinuousClock.now
            guard now - lastProbe >= .seconds(1) else { return }
            lastProbe = now
            if MetadataProbe.clusterReachable(core.handle.pointer, timeoutMilliseconds: 500) {
                core.health.brokerReachable()
                core.log.logger.notice("producer: brokers reachable again")
            }
        }
    }
}

enum MetadataProbe {
    /// A topic-less metadata request: cheap, and succeeds only if a broker answers.
    static func clusterReachable(_ handle: OpaquePointer, timeoutMilliseconds: Int32) -> Bool {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, 0, nil, &metadata, timeoutMilliseconds)
        if let metadata { rd_kafka_metadata_destroy(metadata) }
        return err == RD_KAFKA_RESP_ERR_NO_ERROR
    }
}

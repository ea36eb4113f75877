import CRdKafka
import Logging
import Synchronization

/// An idempotent Kafka producer over librdkafka.
///
/// - Every record carries a caller-chosen `ticket`; exactly one
///   `DeliveryReport` per record handed to `send` arrives, in batches, on the
///   producer's event thread through `onDelivery` (keep that closure short:
///   it runs on the thread that frees queue space).
/// - `send` never drops and never fails on a full queue: it suspends until
///   delivery reports free space (backpressure).
/// - `shutdown(timeout:)` must be called explicitly; `deinit` only logs if it
///   was forgotten (destroying a handle can block, so it never happens by accident).
public final class KafkaProducer: Sendable {
    private enum Phase {
        case open
        case closing
        case closed
    }

    private struct State {
        var phase: Phase = .open
        var topics = TopicHandleCache()
    }

    private let core: ProducerCore
    private let state: Mutex<State>
    private let thread: NativeThread
    private let shutdownDone = AsyncLatch()
    private let logger: Logger

    /// - Parameters:
    ///   - onError: client-level errors (all brokers down, fatal errors…), on the event thread.
    ///   - onDelivery: delivery reports in batches, on the event thread. Do not
    ///     call `sendBlocking` from it (it would wait for itself).
    public init(
        configuration: KafkaProducerConfiguration,
        logger: Logger,
        onError: (@Sendable (KafkaError) -> Void)? = nil,
        onDelivery: @escaping @Sendable ([DeliveryReport]) -> Void
    ) throws(KafkaError) {
        let conf = try NativeConfiguration.make(configuration.nativeProperties)
        rd_kafka_conf_set_events(conf, RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_ERROR | RD_KAFKA_EVENT_LOG)
        let handle = try NativeConfiguration.newClient(RD_KAFKA_PRODUCER, conf: conf)
        guard let mainQueue = rd_kafka_queue_get_main(handle) else {
            rd_kafka_destroy(handle)
            throw KafkaError(code: .fail, message: "rd_kafka_queue_get_main failed")
        }
        // Logs go to the main queue and are served as events on our thread.
        let logResult = rd_kafka_set_log_queue(handle, nil)
        if logResult != RD_KAFKA_RESP_ERR_NO_ERROR {
            rd_kafka_queue_destroy(mainQueue)
            rd_kafka_destroy(handle)
            throw KafkaError(logResult, message: "rd_kafka_set_log_queue failed")
        }
        let name = String(cString: rd_kafka_name(handle))
        let core = ProducerCore(
            handle: NativeHandle(pointer: handle), mainQueue: NativeQueue(pointer: mainQueue),
            log: LogBridge(logger: logger, client: name),
            maxReportsPerCallback: configuration.maxReportsPerCallback,
            pollTimeout: configuration.pollTimeout,
            onError: onError, onDelivery: onDelivery)
        do {
            thread = try NativeThread(name: "kafka-producer") { ProducerEventLoop.run(core) }
        } catch {
            rd_kafka_queue_destroy(mainQueue)
            rd_kafka_destroy(handle)
            throw error
        }
        self.core = core
        self.state = Mutex(State())
        self.logger = logger
    }

    deinit {
        let phase = state.withLock { $0.phase }
        if case .closed = phase { return }
        logger.error("KafkaProducer deinitialized without shutdown(); its librdkafka handle is leaked")
    }

    /// Client health for readiness probes.
    public var health: KafkaHealth { core.health.snapshot }

    /// The fatal error librdkafka raised, if any (the producer is then unusable).
    public var fatalError: KafkaError? { core.health.snapshot.fatalError }

    /// Counters since start (delivered, failed, queue-full waits).
    public var statistics: ProducerStatistics { core.counters.snapshot }

    /// Records handed to `send` whose delivery report has not been delivered yet.
    public var pendingCount: Int {
        state.withLock { state in
            if case .closed = state.phase { return 0 }
            return core.pendingRecordCount
        }
    }

    // MARK: Sending

    /// Enqueues `records` in order. Suspends (without blocking a thread) while
    /// librdkafka's queue is full.
    ///
    /// Throws only when the producer is shut down or has a fatal error. Then
    /// some records may already be enqueued: each enqueued record still gets
    /// its delivery report, and a record without a report was not sent.
    public func send(_ records: [ProducerRecord]) async throws(KafkaError) {
        var index = 0
        while index < records.count {
            let generation = core.gate.generation
            switch try enqueue(records, from: index) {
            case .done:
                return
            case .queueFull(let at):
                index = at
                core.counters.queueFullWaits.add(1, ordering: .relaxed)
                guard await core.gate.wait(since: generation) else { throw KafkaError.shutDown("producer") }
            }
        }
    }

    public func send(_ record: ProducerRecord) async throws(KafkaError) {
        try await send([record])
    }

    /// Blocking variant of `send` for callers on their own threads. Never call
    /// it from Swift concurrency's cooperative pool or from `onDelivery`.
    public func sendBlocking(_ records: [ProducerRecord]) throws(KafkaError) {
        var index = 0
        while index < records.count {
            let generation = core.gate.generation
            switch try enqueue(records, from: index) {
            case .done:
                return
            case .queueFull(let at):
                index = at
                core.counters.queueFullWaits.add(1, ordering: .relaxed)
                guard core.gate.waitBlocking(since: generation) else { throw KafkaError.shutDown("producer") }
            }
        }
    }

    /// Enqueues under the state lock: the handle cannot be destroyed meanwhile,
    /// and refused records reach the event thread before it can stop.
    private func enqueue(_ records: [ProducerRecord], from start: Int) throws(KafkaError) -> RecordEnqueuer.Outcome {
        try state.withLock { state throws(KafkaError) -> RecordEnqueuer.Outcome in
            guard case .open = state.phase else { throw KafkaError.shutDown("producer") }
            let enqueuer = RecordEnqueuer(handle: core.handle.pointer)
            var rejected: [DeliveryReport] = []
            defer { core.reject(rejected) }
            return try enqueuer.enqueue(records, from: start, topics: &state.topics, rejected: &rejected)
        }
    }

    /// Registers a flush waiter, unless the producer is closed (then `nil`).
    private func waitForFlush(timeout: Duration) async -> Int? {
        let deadline = ContinuousClock.now + timeout
        return await withUnsafeContinuation { (continuation: UnsafeContinuation<Int?, Never>) in
            let registered = state.withLock { state -> Bool in
                if case .closed = state.phase { return false }
                core.addFlushWaiter(deadline: deadline) { continuation.resume(returning: $0) }
                return true
            }
            if !registered { continuation.resume(returning: nil) }
        }
    }

    /// Makes librdkafka raise a fabricated fatal error (`rd_kafka_test_fatal_error`),
    /// so tests can check how the producer and its callers react.
    func triggerFatalErrorForTesting(_ code: KafkaError.Code, reason: String) throws(KafkaError) {
        try state.withLock { state throws(KafkaError) in
            guard case .open = state.phase else { throw KafkaError.shutDown("producer") }
            let err = rd_kafka_test_fatal_error(core.handle.pointer, rd_kafka_resp_err_t(rawValue: code.rawValue), reason)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err) }
        }
    }

    // MARK: Flushing and shutdown

    /// Waits until every record enqueued so far has been reported to
    /// `onDelivery`, or throws `_TIMED_OUT` (with the count still pending).
    public func flush(timeout: Duration) async throws(KafkaError) {
        guard let pending = await waitForFlush(timeout: timeout) else { throw KafkaError.shutDown("producer") }
        if pending > 0 {
            throw KafkaError(code: .timedOut, message: "flush timed out with \(pending) records unreported")
        }
    }

    /// Flushes for at most `timeout`; records still unreported then are purged
    /// (their reports carry `_PURGE_QUEUE`/`_PURGE_INFLIGHT`); then stops the
    /// event thread and destroys the handle. Idempotent; concurrent callers
    /// all return once the producer is closed.
    public func shutdown(timeout: Duration = .seconds(10)) async {
        let first = state.withLock { state -> Bool in
            guard case .open = state.phase else { return false }
            state.phase = .closing
            return true
        }
        guard first else {
            await shutdownDone.wait()
            return
        }
        var pending = await waitForFlush(timeout: timeout) ?? 0
        if pending > 0 {
            logger.warning("producer shutdown: \(pending) records undelivered after \(timeout); purging them")
            rd_kafka_purge(core.handle.pointer, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            pending = await waitForFlush(timeout: .seconds(5)) ?? 0
            if pending > 0 { logger.error("producer shutdown: \(pending) records still unreported after purge") }
        }
        core.stopRequested.store(true, ordering: .releasing)
        rd_kafka_queue_yield(core.mainQueue.pointer)
        await thread.joinAsync()
        core.gate.close()
        let core = self.core
        let topics = state.withLock { state -> TopicHandleCache in
            state.phase = .closed
            // Flushes registered after the thread's last answer get theirs here.
            core.answerAllFlushWaiters()
            defer { state.topics = TopicHandleCache() }
            return state.topics
        }
        // rd_kafka_destroy joins librdkafka's threads: never on the cooperative pool.
        let destroy: @Sendable () -> Bool = { [topics = SendableBox(topics)] in
            var cache = topics.value
            cache.destroyAll()
            rd_kafka_queue_destroy(core.mainQueue.pointer)
            rd_kafka_destroy(core.handle.pointer)
            return true
        }
        do {
            _ = try await NativeThread.run(name: "kafka-destroy", destroy)
        } catch {
            logger.error("producer shutdown: could not start destroy thread (\(error)); destroying inline")
            _ = destroy()
        }
        core.health.markClosed()
        shutdownDone.open()
    }
}

/// Moves a value that is only used by one thread at a time across an
/// isolation boundary (here: topic handles handed to the destroy thread after
/// the producer stopped using them).
struct SendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

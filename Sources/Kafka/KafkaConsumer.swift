import CRdKafka
import Logging
import Synchronization

/// A high-level (group) Kafka consumer over librdkafka.
///
/// - A dedicated thread polls librdkafka in batches and hands `ConsumerBatch`
///   values to Swift through a bounded hand-off, exposed as `batches`. When
///   the reader falls behind, the thread pauses its partitions (keeping the
///   group membership alive) instead of buffering without bound.
/// - Offsets are stored only by `storeOffsets` (after the application's
///   outputs are delivered); librdkafka auto-commits what was stored.
/// - Rebalances (cooperative-sticky by default) are handled synchronously on
///   the consumer thread, with the application's `KafkaRebalanceHandler`.
/// - `close()` must be called explicitly; `deinit` only logs if it was forgotten.
public final class KafkaConsumer: Sendable {
    private enum Phase {
        case open
        case closing
        case closed
    }

    private let handle: NativeHandle
    private let queue: NativeQueue
    private let runtime: ConsumerRuntime
    private let runtimeReference: SendableBox<Unmanaged<ConsumerRuntime>>
    private let phase: Mutex<Phase>
    private let thread: NativeThread
    private let closeDone = AsyncLatch()
    private let logger: Logger

    /// The batches, in order. One reader is intended; the sequence ends after `close()`.
    public let batches: ConsumerBatches

    /// - Parameters:
    ///   - rebalanceHandler: called on the consumer thread on assignment and revocation.
    ///   - onError: client-level errors (all brokers down, fatal…), on the consumer thread.
    public init(
        configuration: KafkaConsumerConfiguration,
        logger: Logger,
        rebalanceHandler: (any KafkaRebalanceHandler)? = nil,
        onError: (@Sendable (KafkaError) -> Void)? = nil
    ) throws(KafkaError) {
        guard let resetPolicy = configuration.offsetResetPolicy else {
            throw KafkaError.invalidArgument(
                "auto.offset.reset must be earliest, latest or error, got \"\(configuration.properties["auto.offset.reset"] ?? "")\"")
        }
        guard configuration.groupID?.isEmpty == false else { throw KafkaError.invalidArgument("group.id is required") }
        guard !configuration.topics.isEmpty else { throw KafkaError.invalidArgument("at least one topic is required") }

        let conf = try NativeConfiguration.make(configuration.nativeProperties)
        let runtime = ConsumerRuntime(
            configuration: configuration, resetPolicy: resetPolicy,
            log: LogBridge(logger: logger, client: "consumer"),
            rebalanceHandler: rebalanceHandler, onError: onError)
        let reference = Unmanaged.passRetained(runtime)
        ConsumerCallbacks.install(on: conf, runtime: reference)
        let handle: OpaquePointer
        do throws(KafkaError) {
            handle = try NativeConfiguration.newClient(RD_KAFKA_CONSUMER, conf: conf)
        } catch {
            reference.release()
            throw error
        }
        func fail(_ error: KafkaError, queue: OpaquePointer? = nil) -> KafkaError {
            if let queue { rd_kafka_queue_destroy(queue) }
            rd_kafka_destroy(handle)
            reference.release()
            return error
        }
        // Logs → main queue → (poll_set_consumer) consumer queue → our thread.
        let logResult = rd_kafka_set_log_queue(handle, nil)
        guard logResult == RD_KAFKA_RESP_ERR_NO_ERROR else { throw fail(KafkaError(logResult, message: "rd_kafka_set_log_queue failed")) }
        let forward = rd_kafka_poll_set_consumer(handle)
        guard forward == RD_KAFKA_RESP_ERR_NO_ERROR else { throw fail(KafkaError(forward, message: "rd_kafka_poll_set_consumer failed")) }
        guard let queue = rd_kafka_queue_get_consumer(handle) else {
            throw fail(KafkaError(code: .fail, message: "rd_kafka_queue_get_consumer failed"))
        }
        let subscription = PartitionList.make(configuration.topics.map { TopicPartition(topic: $0, partition: RdKafkaConstants.partitionUnassigned) })
        let subscribeResult = rd_kafka_subscribe(handle, subscription)
        PartitionList.destroy(subscription)
        guard subscribeResult == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw fail(KafkaError(subscribeResult, message: "subscribe to \(configuration.topics) failed"), queue: queue)
        }
        runtime.attach(handle: handle, queue: queue)
        do throws(KafkaError) {
            thread = try NativeThread(name: "kafka-consumer") { runtime.run() }
        } catch {
            throw fail(error, queue: queue)
        }
        self.handle = NativeHandle(pointer: handle)
        self.queue = NativeQueue(pointer: queue)
        self.runtime = runtime
        self.runtimeReference = SendableBox(reference)
        self.phase = Mutex(.open)
        self.logger = logger
        self.batches = ConsumerBatches(handoff: runtime.handoff)
    }

    deinit {
        if case .closed = phase.withLock({ $0 }) { return }
        logger.error("KafkaConsumer deinitialized without close(); its thread and librdkafka handle are leaked")
    }

    /// Client health for readiness probes.
    public var health: KafkaHealth { runtime.health.snapshot }

    /// Counters since start (records fetched, pauses, resets, revocation drops).
    public var statistics: ConsumerStatistics { runtime.counters.snapshot }

    /// The fatal error librdkafka raised, if any (the consumer is then unusable).
    public var fatalError: KafkaError? { runtime.health.snapshot.fatalError }

    /// Runs `body` with the handle while it is guaranteed alive (not closed).
    private func withHandle<T>(_ body: (OpaquePointer) throws(KafkaError) -> T) throws(KafkaError) -> T {
        try phase.withLock { phase throws(KafkaError) -> T in
            if case .closed = phase { throw KafkaError.shutDown("consumer") }
            return try body(handle.pointer)
        }
    }

    // MARK: Offsets

    /// Stores `offsets` for the next (auto) commit. Each `offset` is the
    /// **next offset to consume**, i.e. last handled record's offset + 1 (use
    /// `ConsumerBatch.nextOffsets` or `ConsumerRecord.nextOffset`); this method
    /// stores exactly what it is given, it does not add 1.
    ///
    /// Returns the offsets librdkafka refused (partitions no longer assigned:
    /// expected around rebalances; the new owner restarts from the last commit).
    /// Safe to call from any thread, including inside `partitionsRevoked`.
    @discardableResult
    public func storeOffsets(_ offsets: [TopicPartitionOffset]) throws(KafkaError) -> [OffsetStoreFailure] {
        guard !offsets.isEmpty else { return [] }
        return try withHandle { handle throws(KafkaError) -> [OffsetStoreFailure] in
            let list = PartitionList.make(offsets)
            defer { PartitionList.destroy(list) }
            let result = rd_kafka_offsets_store(handle, list)
            if result == RD_KAFKA_RESP_ERR__INVALID_ARG {
                throw KafkaError(result, message: "offsets_store refused (enable.auto.offset.store must be false)")
            }
            return PartitionList.elements(list).compactMap { element in
                guard element.error != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
                return OffsetStoreFailure(
                    offset: TopicPartitionOffset(topic: element.topic, partition: element.partition, offset: element.offset),
                    error: KafkaError(element.error))
            }
        }
    }

    // MARK: Introspection

    /// The partitions currently assigned to this consumer, sorted. (A quick
    /// in-process request to librdkafka's main thread; no network.)
    public func assignment() throws(KafkaError) -> [TopicPartition] {
        try withHandle { handle throws(KafkaError) -> [TopicPartition] in
            var list: PartitionList.Pointer?
            let result = rd_kafka_assignment(handle, &list)
            defer { PartitionList.destroy(list) }
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result) }
            return PartitionList.partitions(list).sorted()
        }
    }

    /// Per assigned partition: position and high watermark (from librdkafka's
    /// cached fetch state, no network round trip), for lag metrics.
    public func lag() throws(KafkaError) -> [PartitionLag] {
        try withHandle { handle throws(KafkaError) -> [PartitionLag] in
            var list: PartitionList.Pointer?
            let result = rd_kafka_assignment(handle, &list)
            defer { PartitionList.destroy(list) }
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { throw KafkaError(result) }
            _ = rd_kafka_position(handle, list)
            return PartitionList.elements(list).map { element in
                var low: Int64 = RdKafkaConstants.offsetInvalid
                var high: Int64 = RdKafkaConstants.offsetInvalid
                let watermarks = rd_kafka_get_watermark_offsets(handle, element.topic, element.partition, &low, &high)
                return PartitionLag(
                    topicPartition: element.topicPartition,
                    position: element.offset >= 0 ? element.offset : nil,
                    highWatermark: watermarks == RD_KAFKA_RESP_ERR_NO_ERROR && high >= 0 ? high : nil)
            }.sorted { $0.topicPartition < $1.topicPartition }
        }
    }

    // MARK: Close

    /// Leaves the group (revocation runs: buffered records are dropped, the
    /// rebalance handler is called, stored offsets are committed), ends
    /// `batches`, joins the consumer thread and destroys the handle, in that
    /// order. Idempotent; concurrent callers all return once it is closed.
    public func close() async {
        let first = phase.withLock { phase -> Bool in
            guard case .open = phase else { return false }
            phase = .closing
            return true
        }
        guard first else {
            await closeDone.wait()
            return
        }
        runtime.requestStop()
        await thread.joinAsync()
        runtime.waker.disarm()
        phase.withLock { $0 = .closed }
        let handle = self.handle
        let queue = self.queue
        let reference = runtimeReference
        let destroy: @Sendable () -> Bool = {
            rd_kafka_queue_destroy(queue.pointer)
            rd_kafka_destroy(handle.pointer)
            // No callback can run any more: drop the reference librdkafka held.
            reference.value.release()
            return true
        }
        do {
            _ = try await NativeThread.run(name: "kafka-destroy", destroy)
        } catch {
            logger.error("consumer close: could not start destroy thread (\(error)); destroying inline")
            _ = destroy()
        }
        runtime.health.markClosed()
        closeDone.open()
    }
}

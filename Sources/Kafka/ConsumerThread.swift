import CRdKafka
import Dispatch
import Synchronization

/// Everything the consumer thread and librdkafka's consumer callbacks use.
///
/// `@unchecked Sendable`: the mutable fields (`pending`, `pausedPartitions`,
/// `builder`, `clientErrors`) are confined to the consumer thread. librdkafka
/// invokes this handle's rebalance, error, log and commit callbacks only from
/// inside the poll calls that thread makes (`log.queue=true`, main queue
/// forwarded to the consumer queue), so they run on that thread too. Fields
/// used from other threads are immutable or synchronized (`Atomic`, `Mutex`,
/// `BatchHandoff`, `HealthTracker`).
final class ConsumerRuntime: @unchecked Sendable {
    let log: LogBridge
    let health = HealthTracker()
    let counters = ConsumerCounters()
    let handoff: BatchHandoff
    let rebalanceHandler: (any KafkaRebalanceHandler)?
    let onError: (@Sendable (KafkaError) -> Void)?
    let resetPolicy: OffsetResetPolicy
    let maxBatchSize: Int
    let pollTimeoutMilliseconds: Int32
    let committedTimeoutMilliseconds: Int32
    let stopRequested = Atomic<Bool>(false)
    /// Wakes the thread out of its poll; disarmed before the queue is destroyed.
    let waker = QueueWaker()
    /// Signalled when the reader makes room while the thread is waiting for it.
    let spaceSignal = DispatchSemaphore(value: 0)
    let backpressureGraceNanoseconds: UInt64

    // Set once before the thread starts (no callback can run earlier).
    private(set) var handle: OpaquePointer?
    private(set) var queue: OpaquePointer?

    // Confined to the consumer thread.
    private var pending: [ConsumerBatch] = []
    private var pausedPartitions: Set<TopicPartition> = []
    private var isPausedForBackpressure = false
    private var builder = ConsumerBatchBuilder()
    private var clientErrors: [ConsumerError] = []
    private var lastProbe = ContinuousClock.now

    init(
        configuration: KafkaConsumerConfiguration, resetPolicy: OffsetResetPolicy, log: LogBridge,
        rebalanceHandler: (any KafkaRebalanceHandler)?, onError: (@Sendable (KafkaError) -> Void)?
    ) {
        let waker = self.waker
        let spaceSignal = self.spaceSignal
        self.handoff = BatchHandoff(capacity: configuration.handoffCapacity) {
            spaceSignal.signal()
            waker.wake()
        }
        let grace = configuration.backpressureGrace.components
        self.backpressureGraceNanoseconds =
            grace.seconds < 0 ? 0 : UInt64(grace.seconds) * 1_000_000_000 + UInt64(grace.attoseconds / 1_000_000_000)
        self.log = log
        self.rebalanceHandler = rebalanceHandler
        self.onError = onError
        self.resetPolicy = resetPolicy
        self.maxBatchSize = max(1, configuration.maxBatchSize)
        self.pollTimeoutMilliseconds = max(1, Milliseconds.from(configuration.pollTimeout))
        self.committedTimeoutMilliseconds = max(1, Milliseconds.from(configuration.committedOffsetsTimeout))
    }

    func attach(handle: OpaquePointer, queue: OpaquePointer) {
        self.handle = handle
        self.queue = queue
        waker.arm(NativeQueue(pointer: queue))
    }

    func requestStop() {
        stopRequested.store(true, ordering: .releasing)
        spaceSignal.signal()
        waker.wake()
    }

    // MARK: The thread

    func run() {
        guard let handle, let queue else { return }
        let messages = UnsafeMutablePointer<ConsumerBatchBuilder.Message?>.allocate(capacity: maxBatchSize)
        defer { messages.deallocate() }
        while !stopRequested.load(ordering: .acquiring) {
            if !pending.isEmpty {
                deliverPending()
                if !pending.isEmpty, !isPausedForBackpressure { waitForReader() }
                if !pending.isEmpty {
                    // Full: keep serving the group (rebalances, max.poll.interval)
                    // with partitions paused until the reader makes room.
                    pauseForBackpressure(handle)
                    if let batch = poll(queue, messages, timeoutMilliseconds: pollTimeoutMilliseconds) {
                        counters.batchesFetched.add(1, ordering: .relaxed)
                        counters.recordsFetched.add(batch.records.count, ordering: .relaxed)
                        pending.append(batch)
                    }
                    continue
                }
                if isPausedForBackpressure { resumeAfterBackpressure(handle) }
            }
            guard let batch = poll(queue, messages, timeoutMilliseconds: pollTimeoutMilliseconds) else {
                probeIfBrokersDown(handle)
                continue
            }
            counters.batchesFetched.add(1, ordering: .relaxed)
            counters.recordsFetched.add(batch.records.count, ordering: .relaxed)
            if !handoff.offer(batch) {
                pending.append(batch)
            }
        }
        // Leave the group: revocation callbacks run here, on this thread.
        let closeResult = rd_kafka_consumer_close(handle)
        if closeResult != RD_KAFKA_RESP_ERR_NO_ERROR {
            log.logger.warning("consumer close: \(KafkaError(closeResult))")
        }
        pending.removeAll()
        pausedPartitions.removeAll()
        handoff.finish()
    }

    /// One poll: takes what is queued without waiting; if nothing is, waits up
    /// to `timeoutMilliseconds` for the first message, then takes the rest.
    /// (`rd_kafka_consume_batch_queue` alone would wait the whole timeout to
    /// fill the batch, adding latency when traffic is light.)
    private func poll(
        _ queue: OpaquePointer, _ messages: UnsafeMutablePointer<ConsumerBatchBuilder.Message?>,
        timeoutMilliseconds: Int32
    ) -> ConsumerBatch? {
        var count = rd_kafka_consume_batch_queue(queue, 0, messages, maxBatchSize)
        if count == 0 {
            guard let first = rd_kafka_consume_queue(queue, timeoutMilliseconds) else {
                return takeClientErrors()
            }
            messages[0] = first
            let more = maxBatchSize > 1 ? rd_kafka_consume_batch_queue(queue, 0, messages + 1, maxBatchSize - 1) : 0
            count = 1 + max(0, more)
        }
        guard count > 0 else {
            if count < 0 { log.logger.error("rd_kafka_consume_batch_queue failed: \(KafkaError(rd_kafka_last_error()))") }
            return takeClientErrors()
        }
        let buffer = UnsafeMutableBufferPointer(start: messages, count: count)
        let (batch, resets) = builder.build(buffer, resetPolicy: resetPolicy)
        for message in buffer { if let message { rd_kafka_message_destroy(message) } }
        if !batch.records.isEmpty { health.brokerReachable() }
        for reset in resets {
            if reset.offset >= 0 { counters.offsetResets.add(1, ordering: .relaxed) }
            reposition(reset)
        }
        let extra = takeClientErrors()
        if let extra { return batch.appending(errors: extra.errors) }
        return batch.isEmpty ? nil : batch
    }

    private func takeClientErrors() -> ConsumerBatch? {
        guard !clientErrors.isEmpty else { return nil }
        defer { clientErrors.removeAll() }
        return ConsumerBatch(records: [], errors: clientErrors)
    }

    /// Waits (without polling librdkafka) up to the grace period for the
    /// reader to make room.
    private func waitForReader() {
        guard backpressureGraceNanoseconds > 0 else { return }
        let deadline = DispatchTime.now().uptimeNanoseconds + backpressureGraceNanoseconds
        while !pending.isEmpty, !stopRequested.load(ordering: .acquiring) {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { return }
            _ = spaceSignal.wait(timeout: DispatchTime(uptimeNanoseconds: deadline))
            deliverPending()
        }
    }

    private func deliverPending() {
        while let first = pending.first, handoff.offer(first) {
            pending.removeFirst()
        }
    }

    // MARK: Backpressure

    private func pauseForBackpressure(_ handle: OpaquePointer) {
        guard !isPausedForBackpressure else { return }
        isPausedForBackpressure = true
        counters.backpressurePauses.add(1, ordering: .relaxed)
        let assigned = currentAssignment(handle)
        pause(handle, assigned)
        log.logger.debug("consumer hand-off full: paused \(assigned.count) partitions")
    }

    /// Pausing makes librdkafka discard records it fetched but has not handed
    /// to this thread and rewind the fetch position to the record after the
    /// last one handed out (`rktp_app_pos`). Records this thread holds in
    /// `pending` were handed out, so on resume nothing is skipped or repeated.
    /// Pause/resume/seek are only called on this thread, between polls, which
    /// librdkafka 2.0 requires for the batch API to stay consistent.
    private func pause(_ handle: OpaquePointer, _ partitions: [TopicPartition]) {
        guard !partitions.isEmpty else { return }
        let list = PartitionList.make(partitions)
        defer { PartitionList.destroy(list) }
        let err = rd_kafka_pause_partitions(handle, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { log.logger.error("pause failed: \(KafkaError(err))") }
        pausedPartitions.formUnion(partitions)
    }

    private func resumeAfterBackpressure(_ handle: OpaquePointer) {
        isPausedForBackpressure = false
        let partitions = Array(pausedPartitions)
        pausedPartitions.removeAll()
        guard !partitions.isEmpty else { return }
        let list = PartitionList.make(partitions)
        defer { PartitionList.destroy(list) }
        let err = rd_kafka_resume_partitions(handle, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { log.logger.error("resume failed: \(KafkaError(err))") }
        log.logger.debug("consumer hand-off has room: resumed \(partitions.count) partitions")
    }

    private func currentAssignment(_ handle: OpaquePointer) -> [TopicPartition] {
        var list: PartitionList.Pointer?
        let err = rd_kafka_assignment(handle, &list)
        defer { PartitionList.destroy(list) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { return [] }
        return PartitionList.partitions(list)
    }

    private var isCooperative: Bool {
        guard let handle, let name = rd_kafka_rebalance_protocol(handle) else { return false }
        return String(cString: name) == "COOPERATIVE"
    }

    // MARK: Offset reset

    /// librdkafka (with `auto.offset.reset=error`) stopped fetching the
    /// partition. A seek is refused in that state, so the partition is
    /// re-assigned at the policy's logical offset (the only repositioning
    /// librdkafka 2.0 accepts there).
    private func reposition(_ reset: ConsumerBatchBuilder.ResetRequest) {
        guard let handle else { return }
        let offset: Int64
        switch resetPolicy {
        case .earliest: offset = RdKafkaConstants.offsetBeginning
        case .latest: offset = RdKafkaConstants.offsetEnd
        case .none:
            log.logger.error("offset reset needed for \(reset.partition) at \(reset.offset) but auto.offset.reset=error: partition stopped")
            return
        }
        let assigned = currentAssignment(handle)
        guard assigned.contains(reset.partition) else { return }
        if reset.offset >= 0 {
            log.logger.warning(
                "offset \(reset.offset) out of range for \(reset.partition): resetting to \(resetPolicy.rawValue)",
                metadata: ["kafka.error": "\(reset.error)"])
        }
        // (Re-)assigning clears stored offsets: commit what the app stored first.
        let committed = rd_kafka_commit(handle, nil, 0)
        if committed != RD_KAFKA_RESP_ERR_NO_ERROR, committed != RD_KAFKA_RESP_ERR__NO_OFFSET {
            log.logger.warning("commit before offset reset failed: \(KafkaError(committed))")
        }
        if isCooperative {
            let list = PartitionList.make([TopicPartitionOffset(topic: reset.partition.topic, partition: reset.partition.partition, offset: offset)])
            defer { PartitionList.destroy(list) }
            if let error = rd_kafka_incremental_unassign(handle, list) {
                log.logger.error("offset reset: unassign \(reset.partition) failed: \(KafkaError.consuming(error))")
                return
            }
            if let error = rd_kafka_incremental_assign(handle, list) {
                log.logger.error("offset reset: assign \(reset.partition) failed: \(KafkaError.consuming(error))")
                return
            }
        } else {
            // EAGER: the whole assignment is replaced; keep everyone else's position.
            var list: PartitionList.Pointer?
            guard rd_kafka_assignment(handle, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return }
            defer { PartitionList.destroy(list) }
            _ = rd_kafka_position(handle, list)
            PartitionList.setOffsets(list) { element in
                element.topicPartition == reset.partition ? offset : element.offset
            }
            let err = rd_kafka_assign(handle, list)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                log.logger.error("offset reset: assign failed: \(KafkaError(err))")
                return
            }
        }
        if pausedPartitions.contains(reset.partition) {
            // A fresh assignment is unpaused; keep backpressure in force.
            pausedPartitions.remove(reset.partition)
            pause(handle, [reset.partition])
        }
    }

    // MARK: Rebalance (librdkafka callback, on this thread)

    func rebalance(_ err: rd_kafka_resp_err_t, _ list: PartitionList.Pointer?) {
        guard let handle, let list else { return }
        let partitions = PartitionList.partitions(list)
        let cooperative = isCooperative
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            let start = startPositions(handle, list)
            defer { PartitionList.destroy(start) }
            if cooperative {
                if let error = rd_kafka_incremental_assign(handle, start) {
                    report(KafkaError.consuming(error), context: "incremental assign")
                }
            } else {
                let result = rd_kafka_assign(handle, start)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR { report(KafkaError(result), context: "assign") }
            }
            if isPausedForBackpressure { pause(handle, partitions) }
            // Cooperative rebalances also deliver empty increments: not news for the app.
            if !partitions.isEmpty {
                log.logger.info("partitions assigned: \(partitions.map(\.description).joined(separator: ", "))")
                rebalanceHandler?.partitionsAssigned(partitions)
            }

        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(handle) != 0
            let revoked = Set(partitions)
            // 1. Buffered records of these partitions will never be handed out.
            let dropped = dropBuffered(revoked)
            log.logger.info(
                "partitions \(lost ? "lost" : "revoked"): \(partitions.map(\.description).joined(separator: ", ")); dropped \(dropped) buffered records")
            // 2. The application finishes or abandons its in-flight work and stores offsets.
            if lost {
                if !partitions.isEmpty { rebalanceHandler?.partitionsLost(partitions) }
            } else {
                if !partitions.isEmpty { rebalanceHandler?.partitionsRevoked(partitions) }
                // 3. Commit what is stored, synchronously, while we still own it.
                let result = rd_kafka_commit(handle, nil, 0)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR, result != RD_KAFKA_RESP_ERR__NO_OFFSET {
                    log.logger.warning("commit on revoke failed: \(KafkaError(result))")
                }
            }
            // 4. Give them up.
            if cooperative {
                if let error = rd_kafka_incremental_unassign(handle, list) {
                    report(KafkaError.consuming(error), context: "incremental unassign")
                }
            } else {
                let result = rd_kafka_assign(handle, nil)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR { report(KafkaError(result), context: "unassign") }
            }
            pausedPartitions.subtract(revoked)

        default:
            report(KafkaError(err), context: "rebalance")
            _ = rd_kafka_assign(handle, nil)
        }
    }

    /// The start offset for each newly assigned partition: the committed
    /// offset, or the reset policy's logical offset if there is none (so a new
    /// group starts cleanly instead of going through the error path). If the
    /// committed offsets cannot be fetched, librdkafka fetches them itself.
    private func startPositions(_ handle: OpaquePointer, _ list: PartitionList.Pointer) -> PartitionList.Pointer {
        guard let copy = rd_kafka_topic_partition_list_copy(list) else { return PartitionList.make(PartitionList.partitions(list)) }
        let err = rd_kafka_committed(handle, copy, committedTimeoutMilliseconds)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            log.logger.warning("could not fetch committed offsets (\(KafkaError(err))); librdkafka will")
            PartitionList.setOffsets(copy) { _ in RdKafkaConstants.offsetInvalid }
            return copy
        }
        PartitionList.setOffsets(copy) { element in
            if element.offset >= 0 { return element.offset }
            switch resetPolicy {
            case .earliest: return RdKafkaConstants.offsetBeginning
            case .latest: return RdKafkaConstants.offsetEnd
            case .none: return RdKafkaConstants.offsetInvalid
            }
        }
        return copy
    }

    private func dropBuffered(_ partitions: Set<TopicPartition>) -> Int {
        var dropped = 0
        pending = pending.compactMap { batch in
            let kept = batch.removing(partitions: partitions)
            dropped += batch.records.count - kept.records.count
            return kept.isEmpty ? nil : kept
        }
        dropped += handoff.removeRecords(of: partitions)
        counters.recordsDroppedOnRevoke.add(dropped, ordering: .relaxed)
        return dropped
    }

    // MARK: Errors and logs (librdkafka callbacks, on this thread)

    func clientError(_ err: rd_kafka_resp_err_t, reason: String) {
        var error = KafkaError(err, message: reason)
        if err == RD_KAFKA_RESP_ERR__FATAL, let handle {
            var text = [CChar](repeating: 0, count: 512)
            let cause = rd_kafka_fatal_error(handle, &text, text.count)
            error = KafkaError(
                code: KafkaError.Code(rawValue: cause.rawValue), message: String(nulTerminated: text),
                isFatal: true, isRetriable: false)
            log.logger.critical("fatal consumer error: \(error)")
            clientErrors.append(ConsumerError(topic: nil, partition: -1, offset: -1, error: error, kind: .other))
        } else if err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN {
            log.logger.error("consumer: all brokers down: \(reason)")
        } else {
            log.logger.warning("consumer error: \(error)")
        }
        health.record(error: error)
        onError?(error)
    }

    private func report(_ error: KafkaError, context: String) {
        log.logger.error("\(context) failed: \(error)")
        health.record(error: error)
        onError?(error)
    }

    private func probeIfBrokersDown(_ handle: OpaquePointer) {
        guard health.allBrokersDown else { return }
        let now = ContinuousClock.now
        guard now - lastProbe >= .seconds(1) else { return }
        lastProbe = now
        if MetadataProbe.clusterReachable(handle, timeoutMilliseconds: 500) {
            health.brokerReachable()
            log.logger.notice("consumer: brokers reachable again")
        }
    }
}

/// Cancels a thread's current `rd_kafka_queue_poll`/consume on a queue, from any
/// thread, for as long as the queue is alive.
final class QueueWaker: Sendable {
    private let queue = Mutex<NativeQueue?>(nil)

    func arm(_ queue: NativeQueue) { self.queue.withLock { $0 = queue } }

    /// After this returns no `wake()` touches the queue any more.
    func disarm() { queue.withLock { $0 = nil } }

    func wake() {
        queue.withLock { queue in if let queue { rd_kafka_queue_yield(queue.pointer) } }
    }
}

/// C entry points librdkafka calls (on the consumer thread, see `ConsumerRuntime`).
enum ConsumerCallbacks {
    static func runtime(_ opaque: UnsafeMutableRawPointer?) -> ConsumerRuntime? {
        opaque.map { Unmanaged<ConsumerRuntime>.fromOpaque($0).takeUnretainedValue() }
    }

    static func install(on conf: OpaquePointer, runtime: Unmanaged<ConsumerRuntime>) {
        rd_kafka_conf_set_opaque(conf, runtime.toOpaque())
        rd_kafka_conf_set_rebalance_cb(conf) { _, err, partitions, opaque in
            ConsumerCallbacks.runtime(opaque)?.rebalance(err, partitions)
        }
        rd_kafka_conf_set_error_cb(conf) { _, err, reason, opaque in
            ConsumerCallbacks.runtime(opaque)?.clientError(
                rd_kafka_resp_err_t(rawValue: err), reason: reason.map { String(cString: $0) } ?? "")
        }
        rd_kafka_conf_set_log_cb(conf) { handle, level, facility, message in
            guard let handle else { return }
            ConsumerCallbacks.runtime(rd_kafka_opaque(handle))?.log.log(syslogLevel: level, facility: facility, message: message)
        }
        rd_kafka_conf_set_offset_commit_cb(conf) { _, err, offsets, opaque in
            guard let runtime = ConsumerCallbacks.runtime(opaque) else { return }
            if err != RD_KAFKA_RESP_ERR_NO_ERROR, err != RD_KAFKA_RESP_ERR__NO_OFFSET {
                runtime.log.logger.warning("offset commit failed: \(KafkaError(err))")
                return
            }
            for element in PartitionList.elements(offsets) where element.error != RD_KAFKA_RESP_ERR_NO_ERROR {
                runtime.log.logger.warning("offset commit failed for \(element.topicPartition): \(KafkaError(element.error))")
            }
        }
    }
}

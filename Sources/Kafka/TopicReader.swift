import CRdKafka
import Dispatch
import Logging
import Synchronization

/// Reads one topic without joining a consumer group: every partition is
/// assigned directly at an offset fixed when the reader opens, so there is no
/// group join to wait for (~3 s on the embedded cluster) and nothing is
/// committed. For tools: `rakorbot chat` follows replies from the end,
/// `rakorbot audit verify` reads the audit topic from its start to the end
/// that existed when it began.
///
/// The start offsets are the partitions' watermarks, queried (ListOffsets)
/// before `open` returns, not the logical "end" resolved later by librdkafka:
/// a record produced after `open` returns is always read, even if it lands
/// before librdkafka's first fetch.
///
/// Batches are handed over exactly like `KafkaConsumer`'s (`ConsumerBatch`,
/// polled in batches on a dedicated thread). A partition whose position falls
/// out of range (records removed by retention while reading) is reported once
/// as a `ConsumerError` with `isOffsetReset` and read no further; it is never
/// silently skipped. Call `close()` when done.
public final class TopicReader: Sendable {
    /// Where reading starts in every partition.
    public enum Start: Sendable, Hashable {
        /// The oldest record still in the log (low watermark).
        case beginning
        /// After the last record written when `open` ran (high watermark).
        case end
    }

    /// When `batches` ends.
    public enum Stop: Sendable, Hashable {
        /// Once every partition reached the high watermark it had when `open`
        /// ran; later records are not delivered. A snapshot of the topic.
        case atOpeningEnd
        /// Never: follow the topic until `close()`.
        case never
    }

    /// One partition's extent when the reader opened.
    public struct PartitionRange: Sendable, Hashable, CustomStringConvertible {
        public let partition: Int32
        /// The oldest offset still in the log.
        public let low: Int64
        /// The offset the next record will get (one past the last record).
        public let high: Int64
        /// Where reading started.
        public let start: Int64

        public init(partition: Int32, low: Int64, high: Int64, start: Int64) {
            self.partition = partition
            self.low = low
            self.high = high
            self.start = start
        }

        /// Records between `start` and `high`.
        public var count: Int64 { max(0, high - start) }

        public var description: String { "[\(partition)] \(low)..<\(high) from \(start)" }
    }

    public let topic: String
    /// Sorted by partition.
    public let partitions: [PartitionRange]
    /// The batches, in offset order per partition; one reader is intended.
    public let batches: ConsumerBatches

    private let handle: NativeHandle
    private let queue: NativeQueue
    private let runtime: TopicReaderRuntime
    private let thread: NativeThread
    private let logContext: SendableBox<Unmanaged<LogCallbackContext>>
    private let closed = Mutex(false)
    private let logger: Logger

    /// Looks `topic` up, queries its watermarks and assigns every partition.
    ///
    /// - Parameters:
    ///   - properties: extra librdkafka properties (SASL, SSL, …).
    ///   - timeout: bound for the metadata and watermark requests.
    /// - Throws: when the cluster cannot be reached within `timeout` or the topic does not exist.
    public static func open(
        bootstrapServers: String, topic: String, from start: Start, until stop: Stop,
        properties: [String: String] = [:], timeout: Duration = .seconds(10), logger: Logger
    ) async throws(KafkaError) -> TopicReader {
        guard !topic.isEmpty else { throw KafkaError.invalidArgument("topic name is empty") }
        var settings: [String: String] = [
            // A group id only so librdkafka gives the client a consumer queue;
            // partitions are assigned, never subscribed: no group is joined.
            "group.id": "rakor-topic-reader-\(UInt64.random(in: 0...UInt64.max))",
            "enable.auto.commit": "false",
            "enable.auto.offset.store": "false",
            "fetch.wait.max.ms": "100",
        ]
        settings.merge(properties) { _, new in new }
        settings["bootstrap.servers"] = bootstrapServers
        // Positions out of range surface as errors (see the type's comment).
        settings["auto.offset.reset"] = "error"
        // End-of-partition events tell a snapshot reader it is done even when
        // the last offsets hold no record it can see.
        settings["enable.partition.eof"] = stop == .atOpeningEnd ? "true" : "false"

        let conf = try NativeConfiguration.make(settings)
        let context = LogCallbackContext.install(on: conf, bridge: LogBridge(logger: logger, client: "reader"))
        let raw: OpaquePointer
        do throws(KafkaError) {
            raw = try NativeConfiguration.newClient(RD_KAFKA_CONSUMER, conf: conf)
        } catch {
            context.release()
            throw error
        }
        let handle = NativeHandle(pointer: raw)
        // Until the reader owns them, failures must free the handle (off the cooperative pool).
        func discard(_ error: KafkaError, queue: OpaquePointer? = nil) async -> KafkaError {
            let queue = queue.map(NativeQueue.init(pointer:))
            _ = try? await NativeThread.run(name: "kafka-destroy") {
                if let queue { rd_kafka_queue_destroy(queue.pointer) }
                rd_kafka_destroy(handle.pointer)
                return true
            }
            context.release()
            return error
        }

        let milliseconds = Milliseconds.from(timeout)
        let lookup: Result<[PartitionRange], KafkaError>
        do {
            lookup = try await NativeThread.run(name: "kafka-watermarks") {
                Self.ranges(handle.pointer, topic: topic, from: start, timeoutMilliseconds: milliseconds)
            }
        } catch {
            throw await discard(error)
        }
        let ranges: [PartitionRange]
        switch lookup {
        case .success(let found): ranges = found
        case .failure(let error): throw await discard(error)
        }

        let forward = rd_kafka_poll_set_consumer(raw)
        guard forward == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw await discard(KafkaError(forward, message: "rd_kafka_poll_set_consumer failed"))
        }
        guard let queue = rd_kafka_queue_get_consumer(raw) else {
            throw await discard(KafkaError(code: .fail, message: "rd_kafka_queue_get_consumer failed"))
        }
        let list = PartitionList.make(ranges.map { TopicPartitionOffset(topic: topic, partition: $0.partition, offset: $0.start) })
        let assigned = rd_kafka_assign(raw, list)
        PartitionList.destroy(list)
        guard assigned == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw await discard(KafkaError(assigned, message: "assigning the partitions of \(topic) failed"), queue: queue)
        }

        let runtime = TopicReaderRuntime(
            handle: handle, queue: NativeQueue(pointer: queue), topic: topic, ranges: ranges, stop: stop,
            logger: logger)
        let thread: NativeThread
        do throws(KafkaError) {
            thread = try NativeThread(name: "kafka-reader") { runtime.run() }
        } catch {
            throw await discard(error, queue: queue)
        }
        return TopicReader(
            topic: topic, partitions: ranges, handle: handle, queue: NativeQueue(pointer: queue), runtime: runtime,
            thread: thread, logContext: SendableBox(context), logger: logger)
    }

    private init(
        topic: String, partitions: [PartitionRange], handle: NativeHandle, queue: NativeQueue,
        runtime: TopicReaderRuntime, thread: NativeThread, logContext: SendableBox<Unmanaged<LogCallbackContext>>,
        logger: Logger
    ) {
        self.topic = topic
        self.partitions = partitions
        self.handle = handle
        self.queue = queue
        self.runtime = runtime
        self.thread = thread
        self.logContext = logContext
        self.logger = logger
        self.batches = ConsumerBatches(handoff: runtime.handoff)
    }

    deinit {
        if !closed.withLock({ $0 }) { logger.error("TopicReader deinitialized without close(); its thread and handle are leaked") }
    }

    /// Records between the start and the opening high watermark, all partitions.
    public var expectedCount: Int64 { partitions.reduce(0) { $0 + $1.count } }

    /// Stops the thread, ends `batches` and destroys the client. Idempotent.
    public func close() async {
        let first = closed.withLock { closed -> Bool in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        runtime.requestStop()
        await thread.joinAsync()
        let handle = self.handle
        let queue = self.queue
        let context = logContext
        let destroy: @Sendable () -> Bool = {
            _ = rd_kafka_consumer_close(handle.pointer)
            rd_kafka_queue_destroy(queue.pointer)
            rd_kafka_destroy(handle.pointer)
            context.value.release()
            return true
        }
        do {
            _ = try await NativeThread.run(name: "kafka-destroy", destroy)
        } catch {
            _ = destroy()
        }
    }

    /// Partition count from metadata, then each partition's watermarks (blocking calls).
    private static func ranges(
        _ handle: OpaquePointer, topic: String, from start: Start, timeoutMilliseconds: Int32
    ) -> Result<[PartitionRange], KafkaError> {
        let cluster: ClusterDescription
        switch ClusterDescription.fetch(handle, timeoutMilliseconds: timeoutMilliseconds) {
        case .success(let found): cluster = found
        case .failure(let error): return .failure(error)
        }
        guard let description = cluster.topics.first(where: { $0.name == topic }), description.error == nil,
            !description.partitions.isEmpty
        else {
            return .failure(KafkaError(code: .unknownTopicOrPartition, message: "topic \(topic) does not exist"))
        }
        var ranges: [PartitionRange] = []
        for partition in description.partitions {
            var low: Int64 = 0
            var high: Int64 = 0
            let err = rd_kafka_query_watermark_offsets(handle, topic, partition.id, &low, &high, timeoutMilliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                return .failure(KafkaError(err, message: "watermarks of \(topic)[\(partition.id)]: \(KafkaError.Code(rawValue: err.rawValue).description)"))
            }
            ranges.append(PartitionRange(partition: partition.id, low: low, high: high, start: start == .beginning ? low : high))
        }
        return .success(ranges.sorted { $0.partition < $1.partition })
    }
}

/// The reader thread's state. `@unchecked Sendable`: `builder`, `pending`
/// and `remaining` are touched only by the reader thread; everything used
/// from other threads is immutable or synchronized.
final class TopicReaderRuntime: @unchecked Sendable {
    let handoff: BatchHandoff
    private let handle: NativeHandle
    private let queue: NativeQueue
    private let topic: String
    private let stop: TopicReader.Stop
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)
    private let spaceSignal = DispatchSemaphore(value: 0)
    private let maxBatchSize = 4096

    // Reader thread only.
    private var builder = ConsumerBatchBuilder()
    private var pending: ConsumerBatch?
    /// Snapshot mode: partition → opening high watermark, for partitions not yet done.
    private var remaining: [Int32: Int64] = [:]
    private let targets: [Int32: Int64]

    init(handle: NativeHandle, queue: NativeQueue, topic: String, ranges: [TopicReader.PartitionRange],
         stop: TopicReader.Stop, logger: Logger) {
        let spaceSignal = self.spaceSignal
        self.handoff = BatchHandoff(capacity: 4) { spaceSignal.signal() }
        self.handle = handle
        self.queue = queue
        self.topic = topic
        self.stop = stop
        self.logger = logger
        var targets: [Int32: Int64] = [:]
        for range in ranges { targets[range.partition] = range.high }
        self.targets = targets
        if stop == .atOpeningEnd {
            for range in ranges where range.start < range.high { remaining[range.partition] = range.high }
        }
    }

    func requestStop() {
        stopRequested.store(true, ordering: .releasing)
        spaceSignal.signal()
        rd_kafka_queue_yield(queue.pointer)
    }

    private var isDone: Bool { stop == .atOpeningEnd && remaining.isEmpty }

    func run() {
        let messages = UnsafeMutablePointer<ConsumerBatchBuilder.Message?>.allocate(capacity: maxBatchSize)
        defer {
            messages.deallocate()
            handoff.finish()
        }
        while !stopRequested.load(ordering: .acquiring) {
            if let batch = pending {
                if handoff.offer(batch) {
                    pending = nil
                } else {
                    // No group to keep alive: simply wait for the reader.
                    _ = spaceSignal.wait(timeout: .now() + .milliseconds(100))
                    continue
                }
            }
            if isDone { return }
            guard let batch = poll(messages) else { continue }
            if !handoff.offer(batch) { pending = batch }
        }
    }

    private func poll(_ messages: UnsafeMutablePointer<ConsumerBatchBuilder.Message?>) -> ConsumerBatch? {
        var count = rd_kafka_consume_batch_queue(queue.pointer, 0, messages, maxBatchSize)
        if count == 0 {
            guard let first = rd_kafka_consume_queue(queue.pointer, 100) else { return nil }
            messages[0] = first
            let more = rd_kafka_consume_batch_queue(queue.pointer, 0, messages + 1, maxBatchSize - 1)
            count = 1 + max(0, more)
        }
        guard count > 0 else { return nil }
        let buffer = UnsafeMutableBufferPointer(start: messages, count: count)
        // End-of-partition events (the builder drops them): the snapshot end may
        // sit past the last record a reader can see.
        var reachedEnd: [(partition: Int32, offset: Int64)] = []
        if stop == .atOpeningEnd {
            for case let message? in buffer where message.pointee.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
                reachedEnd.append((message.pointee.partition, message.pointee.offset))
            }
        }
        let (built, resets) = builder.build(buffer, resetPolicy: .none)
        for message in buffer { if let message { rd_kafka_message_destroy(message) } }
        for reset in resets {
            logger.error("\(reset.partition): offset \(reset.offset) is out of range (records removed while reading); partition not read further")
            remaining[reset.partition.partition] = nil
        }
        guard stop == .atOpeningEnd else { return built.isEmpty ? nil : built }

        // Snapshot: keep what lies before the opening end, note finished partitions.
        var records = built.records
        if records.contains(where: { ($0.offset + 1) >= (targets[$0.partition] ?? .max) }) {
            records = records.filter { $0.offset < (targets[$0.partition] ?? .max) }
            for partition in Set(built.records.filter { $0.offset + 1 >= (targets[$0.partition] ?? .max) }.map(\.partition)) {
                remaining[partition] = nil
            }
        }
        for end in reachedEnd where end.offset >= (targets[end.partition] ?? .max) {
            remaining[end.partition] = nil
        }
        let batch = records.count == built.records.count ? built : ConsumerBatch(records: records, errors: built.errors)
        return batch.isEmpty ? nil : batch
    }
}

import CRdKafka

/// Turns the messages of one `rd_kafka_consume_batch_queue` call into a
/// `ConsumerBatch`.
///
/// All keys, values and header values of the batch are copied into ONE byte
/// array; records hold `ArraySlice` views into it. A batch therefore costs a
/// constant number of allocations (bytes, records array) plus one header
/// array per record that has headers, instead of 2–3 per record, and the
/// librdkafka messages can be destroyed immediately (their fetch buffers
/// are not pinned while the application works).
struct ConsumerBatchBuilder {
    /// An `_AUTO_OFFSET_RESET` for a partition: the consumer thread must reposition it.
    struct ResetRequest {
        let partition: TopicPartition
        /// The offset that was invalid (negative when there was none).
        let offset: Int64
        let error: KafkaError
    }

    typealias Message = UnsafeMutablePointer<rd_kafka_message_t>

    /// `rd_kafka_topic_t *` → name. Consumer topic handles live as long as the
    /// client, so the pointers are stable keys. The last hit is remembered:
    /// consecutive messages are usually from the same topic.
    private var topicNames: [OpaquePointer: String] = [:]
    private var lastTopic: (pointer: OpaquePointer, name: String)?

    /// Scratch, reused across batches: whether each message has headers
    /// (asked once; librdkafka parses headers on that first call).
    private var headerFlags: [Bool] = []

    /// Highest offset per partition in the batch being built (few entries: linear search).
    private struct Highest {
        let topic: OpaquePointer
        let partition: Int32
        var offset: Int64
    }
    private var highest: [Highest] = []

    mutating func build(
        _ messages: UnsafeMutableBufferPointer<Message?>, resetPolicy: OffsetResetPolicy
    ) -> (batch: ConsumerBatch, resets: [ResetRequest]) {
        // Pass 1: how many bytes and records; which messages have headers.
        var byteCount = 0
        var recordCount = 0
        headerFlags.removeAll(keepingCapacity: true)
        for message in messages {
            guard let message, message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                headerFlags.append(false)
                continue
            }
            recordCount += 1
            let m = message.pointee
            if m.key != nil { byteCount += m.key_len }
            if m.payload != nil { byteCount += m.len }
            var hasHeaders = false
            Self.forEachHeader(message) { _, value, size in
                hasHeaders = true
                if value != nil { byteCount += size }
            }
            headerFlags.append(hasHeaders)
        }
        let headerFlags = self.headerFlags

        // Pass 2: copy every byte once.
        let storage = [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
            var cursor = 0
            func copy(_ pointer: UnsafeRawPointer?, _ count: Int) {
                guard let pointer, count > 0, let base = buffer.baseAddress else { return }
                (base + cursor).initialize(from: pointer.assumingMemoryBound(to: UInt8.self), count: count)
                cursor += count
            }
            for (index, message) in messages.enumerated() {
                guard let message, message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
                let m = message.pointee
                copy(m.key, m.key_len)
                copy(m.payload, m.len)
                if headerFlags[index] { Self.forEachHeader(message) { _, value, size in copy(value, size) } }
            }
            initialized = cursor
        }

        // Pass 3: records as views (same walk, same order as pass 2).
        var records: [ConsumerRecord] = []
        records.reserveCapacity(recordCount)
        var errors: [ConsumerError] = []
        var resets: [ResetRequest] = []
        var cursor = 0
        func slice(_ pointer: UnsafeRawPointer?, _ count: Int) -> ArraySlice<UInt8>? {
            guard pointer != nil else { return nil }
            defer { cursor += count }
            return storage[cursor..<(cursor + count)]
        }
        highest.removeAll(keepingCapacity: true)
        var lastHighest = 0
        for (index, message) in messages.enumerated() {
            guard let message else { continue }
            let m = message.pointee
            let topic = topicName(m.rkt)
            guard m.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                handleError(message, topic: topic, resetPolicy: resetPolicy, errors: &errors, resets: &resets)
                continue
            }
            let key = slice(m.key, m.key_len)
            let value = slice(m.payload, m.len)
            var headers: [KafkaHeader] = []
            if headerFlags[index] {
                Self.forEachHeader(message) { name, pointer, size in
                    let headerName = name.map { String(cString: $0) } ?? ""
                    headers.append(KafkaHeader(name: headerName, value: slice(pointer, size)))
                }
            }
            records.append(
                ConsumerRecord(
                    topic: topic ?? "", partition: m.partition, offset: m.offset,
                    timestamp: Self.timestamp(message), key: key, value: value, headers: headers))
            if let rkt = m.rkt { trackHighest(rkt, m.partition, m.offset, hint: &lastHighest) }
        }
        let nextOffsets = highest.map {
            TopicPartitionOffset(topic: topicName($0.topic) ?? "", partition: $0.partition, offset: $0.offset + 1)
        }.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
        return (ConsumerBatch(records: records, errors: errors, nextOffsets: nextOffsets), resets)
    }

    private func handleError(
        _ message: Message, topic: String?, resetPolicy: OffsetResetPolicy,
        errors: inout [ConsumerError], resets: inout [ResetRequest]
    ) {
        let m = message.pointee
        if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return }
        let error = KafkaError(m.err, message: rd_kafka_message_errstr(message).map { String(cString: $0) })
        if m.err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET, let topic {
            let partition = TopicPartition(topic: topic, partition: m.partition)
            resets.append(ResetRequest(partition: partition, offset: m.offset, error: error))
            // A negative offset means "no committed offset yet" (normally resolved
            // at assignment): not a loss, so only reported when it stops the partition.
            if m.offset >= 0 || resetPolicy == .none {
                errors.append(
                    ConsumerError(
                        topic: topic, partition: m.partition, offset: m.offset, error: error,
                        kind: .offsetReset(resetTo: resetPolicy)))
            }
            return
        }
        errors.append(ConsumerError(topic: topic, partition: m.partition, offset: m.offset, error: error, kind: .other))
    }

    private mutating func trackHighest(_ topic: OpaquePointer, _ partition: Int32, _ offset: Int64, hint: inout Int) {
        if hint < highest.count, highest[hint].topic == topic, highest[hint].partition == partition {
            if offset > highest[hint].offset { highest[hint].offset = offset }
            return
        }
        if let index = highest.firstIndex(where: { $0.topic == topic && $0.partition == partition }) {
            if offset > highest[index].offset { highest[index].offset = offset }
            hint = index
            return
        }
        highest.append(Highest(topic: topic, partition: partition, offset: offset))
        hint = highest.count - 1
    }

    private mutating func topicName(_ topic: OpaquePointer?) -> String? {
        guard let topic else { return nil }
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

    private static func timestamp(_ message: Message) -> KafkaTimestamp? {
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(message, &type)
        guard milliseconds >= 0 else { return nil }
        switch type {
        case RD_KAFKA_TIMESTAMP_CREATE_TIME: return KafkaTimestamp(milliseconds: milliseconds, kind: .createTime)
        case RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME: return KafkaTimestamp(milliseconds: milliseconds, kind: .logAppendTime)
        default: return nil
        }
    }

    /// Calls `body(name, value, size)` for each header (value NULL = null header).
    /// librdkafka parses headers once per message and caches them.
    @inline(__always)
    private static func forEachHeader(
        _ message: Message, _ body: (UnsafePointer<CChar>?, UnsafeRawPointer?, Int) -> Void
    ) {
        var headers: OpaquePointer?
        guard rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else { return }
        var index = 0
        while true {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(headers, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR else { return }
            body(name, value, size)
            index += 1
        }
    }
}

import CRdKafka

/// Turns `ProducerRecord`s into `rd_kafka_produceva` calls.
///
/// Everything is copied by librdkafka (`RD_KAFKA_MSG_F_COPY`), so Swift buffers
/// only need to live for the duration of the call; the ticket rides in the
/// message opaque as a plain integer (no allocation, nothing to free).
struct RecordEnqueuer {
    enum Outcome {
        case done
        /// librdkafka's queue is full; `records[index...]` were not enqueued.
        case queueFull(at: Int)
    }

    let handle: OpaquePointer

    /// Enqueues `records[start...]` until done or the queue is full.
    ///
    /// Records librdkafka rejects individually (unknown partition, too large…)
    /// are appended to `rejected` as failed delivery reports, so every record
    /// handed to the producer gets exactly one report. A fatal error throws.
    func enqueue(
        _ records: [ProducerRecord], from start: Int,
        topics: inout TopicHandleCache, rejected: inout [DeliveryReport]
    ) throws(KafkaError) -> Outcome {
        var index = start
        while index < records.count {
            let record = records[index]
            guard let topic = topics.handle(for: record.topic, client: handle) else {
                let code = KafkaError.Code(rawValue: rd_kafka_last_error().rawValue)
                rejected.append(Self.rejection(record, KafkaError(code: code, message: "cannot create topic handle for \"\(record.topic)\"")))
                index += 1
                continue
            }
            if let error = produce(record, topic: topic) {
                if error.code == .queueFull { return .queueFull(at: index) }
                if error.isFatal { throw error }
                rejected.append(Self.rejection(record, error))
            }
            index += 1
        }
        return .done
    }

    static func rejection(_ record: ProducerRecord, _ error: KafkaError) -> DeliveryReport {
        DeliveryReport(
            ticket: record.ticket, topic: record.topic,
            partition: record.partition ?? RdKafkaConstants.partitionUnassigned,
            offset: RdKafkaConstants.offsetInvalid, error: error)
    }

    /// One `rd_kafka_produceva` call. Returns `nil` on success.
    private func produce(_ record: ProducerRecord, topic: OpaquePointer) -> KafkaError? {
        var headers: OpaquePointer?
        if !record.headers.isEmpty {
            headers = Self.makeHeaders(record.headers)
        }
        let failure: OpaquePointer? = withOptionalBytes(record.key) { keyPointer, keyCount in
            withOptionalBytes(record.value) { valuePointer, valueCount in
                withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 8) { vus in
                    var count = 0
                    func add(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                        var vu = rd_kafka_vu_t()
                        vu.vtype = type
                        fill(&vu)
                        vus.initializeElement(at: count, to: vu)
                        count += 1
                    }
                    add(RD_KAFKA_VTYPE_RKT) { $0.u.rkt = topic }
                    add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = record.partition ?? RdKafkaConstants.partitionUnassigned }
                    add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RdKafkaConstants.messageFlagCopy }
                    add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(record.ticket)) }
                    if let keyPointer {
                        add(RD_KAFKA_VTYPE_KEY) {
                            $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: keyPointer)
                            $0.u.mem.size = keyCount
                        }
                    }
                    if let valuePointer {
                        add(RD_KAFKA_VTYPE_VALUE) {
                            $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: valuePointer)
                            $0.u.mem.size = valueCount
                        }
                    }
                    if let timestamp = record.timestampMilliseconds {
                        add(RD_KAFKA_VTYPE_TIMESTAMP) { $0.u.i64 = timestamp }
                    }
                    if let headers {
                        add(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers }
                    }
                    return rd_kafka_produceva(handle, vus.baseAddress, count)
                }
            }
        }
        guard let failure else { return nil }
        // On failure ownership of the headers stays with us.
        if let headers { rd_kafka_headers_destroy(headers) }
        return KafkaError.consuming(failure)
    }

    /// Builds an `rd_kafka_headers_t` (librdkafka copies names and values).
    private static func makeHeaders(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            withOptionalBytes(header.value) { pointer, count in
                _ = rd_kafka_header_add(list, header.name, -1, pointer, count)
            }
        }
        return list
    }
}

/// A stand-in address for empty buffers: librdkafka treats a NULL pointer as a
/// null key/value, so an empty (non-null) one needs a non-NULL pointer.
// `nonisolated(unsafe)`: written once at initialisation, never mutated afterwards.
nonisolated(unsafe) private let emptyBytes: UnsafeMutableRawPointer = {
    let pointer = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
    pointer.storeBytes(of: 0, as: UInt8.self)
    return pointer
}()

/// Calls `body` with a pointer to `bytes` (`nil` for a null value; a non-NULL
/// pointer with count 0 for an empty one).
@inline(__always)
func withOptionalBytes<R>(_ bytes: ArraySlice<UInt8>?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
    guard let bytes else { return body(nil, 0) }
    return bytes.withUnsafeBytes { raw in
        body(raw.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(emptyBytes), raw.count)
    }
}

/// Producer topic handles (`rd_kafka_topic_t`), created once per topic name and
/// destroyed at shutdown. The last lookup is remembered because batches are
/// usually for one topic.
struct TopicHandleCache {
    private var handles: [String: OpaquePointer] = [:]
    private var lastName: String?
    private var lastHandle: OpaquePointer?

    mutating func handle(for name: String, client: OpaquePointer) -> OpaquePointer? {
        if let lastHandle, lastName == name { return lastHandle }
        let handle: OpaquePointer
        if let existing = handles[name] {
            handle = existing
        } else {
            guard let created = rd_kafka_topic_new(client, name, nil) else { return nil }
            handles[name] = created
            handle = created
        }
        lastName = name
        lastHandle = handle
        return handle
    }

    mutating func destroyAll() {
        for handle in handles.values { rd_kafka_topic_destroy(handle) }
        handles.removeAll()
        lastName = nil
        lastHandle = nil
    }
}

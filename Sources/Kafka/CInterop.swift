import CRdKafka

/// An `rd_kafka_t *` as a value that may cross threads.
///
/// `@unchecked Sendable` because librdkafka documents `rd_kafka_t` as
/// thread-safe for every call this layer makes from several threads
/// (produce, offsets_store, assignment, position, watermarks, queue_yield);
/// the owning type guarantees the handle is destroyed only after all users are done.
struct NativeHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// An `rd_kafka_queue_t *` (same reasoning as `NativeHandle`).
struct NativeQueue: @unchecked Sendable {
    let pointer: OpaquePointer
}

extension String {
    /// Decodes a NUL-terminated C buffer (e.g. an `errstr` array).
    init(nulTerminated buffer: [CChar]) {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        self = String(decoding: bytes, as: UTF8.self)
    }
}

enum Milliseconds {
    /// Converts a Swift `Duration` to librdkafka's `int timeout_ms`,
    /// clamped to `0...Int32.max`.
    static func from(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 { return 0 }
        let ms = seconds.multipliedReportingOverflow(by: 1000)
        if ms.overflow || ms.partialValue > Int64(Int32.max) { return Int32.max }
        return Int32(clamping: ms.partialValue + attoseconds / 1_000_000_000_000_000)
    }
}

/// librdkafka constants that are macros with casts (not imported by Swift).
enum RdKafkaConstants {
    static let partitionUnassigned: Int32 = -1
    static let offsetBeginning: Int64 = -2
    static let offsetEnd: Int64 = -1
    static let offsetStored: Int64 = -1000
    static let offsetInvalid: Int64 = -1001
    static let messageFlagCopy: Int32 = 0x2
}

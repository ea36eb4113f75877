/// A growable byte buffer written through a raw pointer.
///
/// Serialization is a long run of tiny appends (a quote, a key, a comma);
/// `Array.append` pays a uniqueness check, a capacity check and generic
/// machinery on each, which profiling showed to be most of the encoding
/// time. This buffer is noncopyable, so it owns its memory outright: an
/// append is a capacity compare and a store. `finish()` hands the bytes over
/// as an `[UInt8]`.
///
/// `@unchecked Sendable`: the memory is owned by exactly one noncopyable
/// value, so moving it to another thread moves the only reference.
struct ByteOutput: ~Copyable, @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count: Int
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 32)
        base = .allocate(capacity: self.capacity)
        count = 0
    }

    deinit {
        base.deallocate()
    }

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count &+ extra > capacity { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        let newCapacity = max(capacity &* 2, count &+ extra)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func append(_ first: UInt8, _ second: UInt8) {
        reserve(2)
        base[count] = first
        base[count &+ 1] = second
        count &+= 2
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let length = bytes.count
        guard length > 0 else { return }
        reserve(length)
        let source = bytes.baseAddress.unsafelyUnwrapped
        if length <= 16 {
            // Keys, punctuation runs and short values: a call to memcpy costs
            // more than the copy.
            var index = 0
            while index < length {
                base[count &+ index] = source[index]
                index &+= 1
            }
        } else {
            (base + count).update(from: source, count: length)
        }
        count &+= length
    }

    @inline(__always)
    mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    mutating func append(repeating byte: UInt8, count extra: Int) {
        guard extra > 0 else { return }
        reserve(extra)
        (base + count).update(repeating: byte, count: extra)
        count &+= extra
    }

    /// Direct access to the written bytes (e.g. to hash or patch them).
    mutating func withWrittenBytes<R>(_ body: (UnsafeMutableBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: base, count: count))
    }

    /// The bytes written, as an array (one copy); the buffer is freed.
    consuming func finish() -> [UInt8] {
        [UInt8](UnsafeBufferPointer(start: base, count: count))
    }

    /// Appends the bytes written to `array`; the buffer is freed.
    consuming func finish(appendingTo array: inout [UInt8]) {
        array.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }
}

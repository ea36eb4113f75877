/// Word-at-a-time (SWAR) tests that let string scanning skip 8 plain bytes
/// per step. Each returns zero exactly when none of the 8 bytes qualifies
/// (individual flag bits may be imprecise above a match, which is fine: a
/// non-zero result only sends the caller to its byte-by-byte path).
enum ByteScan {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Bytes that JSON must escape: below 0x20, `"` or `\`.
    @inline(__always)
    static func escapeMask(_ word: UInt64) -> UInt64 {
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        return control | ((quote &- ones) & ~quote & highs) | ((backslash &- ones) & ~backslash & highs)
    }

    /// Bytes a parser must look at: those `escapeMask` finds, or non-ASCII.
    @inline(__always)
    static func parserMask(_ word: UInt64) -> UInt64 {
        escapeMask(word) | (word & highs)
    }

    /// Bytes that may start a Unicode control character: below 0x20, 0x7F
    /// (DEL), or 0xC2 (lead byte of U+0080–U+00BF, which holds the C1 controls).
    @inline(__always)
    static func controlMask(_ word: UInt64) -> UInt64 {
        let control = (word &- ones &* 0x20) & ~word & highs
        let delete = word ^ (ones &* 0x7F)
        let c2 = word ^ (ones &* 0xC2)
        return control | ((delete &- ones) & ~delete & highs) | ((c2 &- ones) & ~c2 & highs)
    }

    /// Runs `body` over the string's UTF-8 bytes without copying when the
    /// string is native (always, on Linux).
    @inline(__always)
    static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    /// How many leading bytes (in memory order) a non-zero mask lets the
    /// caller skip: the lowest flagged byte is always a genuine match.
    @inline(__always)
    static func plainPrefix(_ mask: UInt64) -> Int {
        #if _endian(little)
        return mask.trailingZeroBitCount &>> 3
        #else
        return 0
        #endif
    }

    @inline(__always)
    static func load(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        UnsafeRawPointer(buffer.baseAddress.unsafelyUnwrapped + index).loadUnaligned(as: UInt64.self)
    }
}

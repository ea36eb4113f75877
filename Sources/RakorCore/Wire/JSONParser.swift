/// Our own strict JSON parser (RFC 8259) over bytes.
///
/// It exists because the bot must never crash or stall on anything a client
/// sends, and because decoding is on the hot path of every command:
/// - iterative, with an explicit stack, so nesting depth costs heap not call
///   stack and is refused at `JSONLimits.maxDepth` (never more than
///   `JSONLimits.hardMaxDepth`: values are released and serialized
///   recursively, so no value may be deeper than that);
/// - strict: invalid UTF-8 anywhere, raw control characters in strings, lone
///   surrogate escapes, `NaN`/`Infinity`, leading zeros, duplicate keys and
///   trailing data are errors, never "repaired";
/// - integers that fit `Int64` become `.int`, every other number `.double`.
public struct JSONParser: Sendable {
    public var limits: JSONLimits

    public init(limits: JSONLimits = .default) {
        self.limits = limits
    }

    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        let buffer = UnsafeBufferPointer<UInt8>(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                                count: bytes.count)
        var reader = JSONReader(bytes: buffer, limits: limits)
        return try reader.parseDocument()
    }

    public func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) -> JSONValue in try parse(raw) }
        }
        return try result.get()
    }

    public func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONValue {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONError) -> JSONValue in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        if let contiguous { return try contiguous.get() }
        return try parse(Array(bytes))
    }

    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONError) -> JSONValue in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        return try result.get()
    }
}

/// One parse over one buffer. Every read of `bytes[i]` is preceded by an
/// `i < end` check: release builds do not bounds-check unsafe buffers.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    let limits: JSONLimits
    let maxDepth: Int
    var pos = 0
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.end = bytes.count
        self.limits = limits
        self.maxDepth = min(limits.maxDepth, JSONLimits.hardMaxDepth)
    }

    /// The error for a byte that cannot appear here: a byte ≥ 0x80 outside a
    /// string is never valid, and saying "invalid UTF-8" is the useful hint.
    func unexpected(at index: Int) -> JSONError {
        let byte = bytes[index]
        return JSONError(byte >= 0x80 ? .invalidUTF8 : .unexpectedByte(byte), at: index)
    }

    /// An array or object being filled.
    struct Frame {
        var isObject: Bool
        var array: [JSONValue] = []
        var object = JSONObject()
        /// The key whose value is being parsed (objects only).
        var key = ""

        init(isObject: Bool) {
            self.isObject = isObject
        }
    }

    /// A whole document: one value, nothing after it but whitespace.
    mutating func parseDocument() throws(JSONError) -> JSONValue {
        guard end <= limits.maxBytes else { throw JSONError(.tooLarge(limit: limits.maxBytes), at: limits.maxBytes) }
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard pos == end else { throw JSONError(.trailingData, at: pos) }
        return value
    }

    /// One value starting at `pos` (after optional whitespace), nested inside
    /// `depth` containers the caller already opened.
    mutating func parseValue(depth: Int) throws(JSONError) -> JSONValue {
        let maxDepth = self.maxDepth - depth
        var stack: [Frame] = []
        outer: while true {
            skipWhitespace()
            guard pos < end else { throw JSONError(.unexpectedEnd, at: pos) }
            var value: JSONValue
            switch bytes[pos] {
            case UInt8(ascii: "{"):
                guard stack.count < maxDepth else { throw JSONError(.tooDeep(limit: self.maxDepth), at: pos) }
                pos += 1
                skipWhitespace()
                if pos < end, bytes[pos] == UInt8(ascii: "}") {
                    pos += 1
                    value = .object(JSONObject())
                } else {
                    var frame = Frame(isObject: true)
                    frame.object = JSONObject(minimumCapacity: 8)
                    try readKey(into: &frame)
                    stack.append(frame)
                    continue outer
                }
            case UInt8(ascii: "["):
                guard stack.count < maxDepth else { throw JSONError(.tooDeep(limit: self.maxDepth), at: pos) }
                pos += 1
                skipWhitespace()
                if pos < end, bytes[pos] == UInt8(ascii: "]") {
                    pos += 1
                    value = .array([])
                } else {
                    stack.append(Frame(isObject: false))
                    continue outer
                }
            case UInt8(ascii: "\""):
                value = .string(try readString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = try readNumber()
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            default:
                throw unexpected(at: pos)
            }

            // A value is complete: put it into the open containers, closing
            // those that end here, until one expects another value.
            while true {
                guard let top = stack.indices.last else { return value }
                if stack[top].isObject {
                    let key = stack[top].key
                    stack[top].object.appendNew(key, value)
                    skipWhitespace()
                    guard pos < end else { throw JSONError(.unexpectedEnd, at: pos) }
                    switch bytes[pos] {
                    case UInt8(ascii: ","):
                        pos += 1
                        skipWhitespace()
                        try readKey(into: &stack[top])
                        continue outer
                    case UInt8(ascii: "}"):
                        pos += 1
                        value = .object(stack.removeLast().object)
                    default:
                        throw unexpected(at: pos)
                    }
                } else {
                    guard stack[top].array.count < limits.maxMembers else {
                        throw JSONError(.tooManyMembers(limit: limits.maxMembers), at: pos)
                    }
                    stack[top].array.append(value)
                    skipWhitespace()
                    guard pos < end else { throw JSONError(.unexpectedEnd, at: pos) }
                    switch bytes[pos] {
                    case UInt8(ascii: ","):
                        pos += 1
                        continue outer
                    case UInt8(ascii: "]"):
                        pos += 1
                        value = .array(stack.removeLast().array)
                    default:
                        throw unexpected(at: pos)
                    }
                }
            }
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    /// Reads `"key" :` (whitespace before it already skipped) into the frame,
    /// refusing duplicates and too many members.
    mutating func readKey(into frame: inout Frame) throws(JSONError) {
        guard pos < end else { throw JSONError(.unexpectedEnd, at: pos) }
        guard bytes[pos] == UInt8(ascii: "\"") else { throw unexpected(at: pos) }
        let keyOffset = pos
        guard frame.object.count < limits.maxMembers else {
            throw JSONError(.tooManyMembers(limit: limits.maxMembers), at: keyOffset)
        }
        let key = try readString()
        guard !frame.object.contains(key) else { throw JSONError(.duplicateKey(key), at: keyOffset) }
        skipWhitespace()
        guard pos < end else { throw JSONError(.unexpectedEnd, at: pos) }
        guard bytes[pos] == UInt8(ascii: ":") else { throw unexpected(at: pos) }
        pos += 1
        frame.key = key
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let count = literal.utf8CodeUnitCount
        let text = literal.utf8Start
        for offset in 0..<count {
            guard pos + offset < end else { throw JSONError(.unexpectedEnd, at: end) }
            let byte = bytes[pos + offset]
            guard byte == text[offset] else { throw unexpected(at: pos + offset) }
        }
        pos += count
    }

    // MARK: Strings

    /// A string as read: the bytes between the quotes when it had no escapes
    /// (already validated), else the unescaped string.
    enum StringToken {
        case span(Range<Int>)
        case unescaped(String)
    }

    /// Reads a string starting at its opening quote. Strings without escapes
    /// (nearly all of them) are validated in place and copied once.
    mutating func readString() throws(JSONError) -> String {
        switch try readStringToken() {
        case .span(let range): String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        case .unescaped(let text): text
        }
    }

    mutating func readStringToken() throws(JSONError) -> StringToken {
        pos += 1
        let start = pos
        var index = pos
        while index < end {
            // Skip plain ASCII 8 bytes at a time, then straight to the first
            // byte that needs a look.
            if index &+ 8 <= end {
                let mask = ByteScan.parserMask(ByteScan.load(bytes, at: index))
                if mask == 0 {
                    index &+= 8
                    continue
                }
                index &+= ByteScan.plainPrefix(mask)
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard index - start <= limits.maxStringBytes else {
                    throw JSONError(.stringTooLong(limit: limits.maxStringBytes), at: start - 1)
                }
                pos = index + 1
                return .span(start..<index)
            }
            if byte == UInt8(ascii: "\\") {
                return .unescaped(try readEscapedString(start: start, escape: index))
            }
            if byte < 0x20 { throw JSONError(.controlCharacterInString, at: index) }
            index = byte < 0x80 ? index + 1 : try skipUTF8Sequence(at: index)
        }
        throw JSONError(.unexpectedEnd, at: end)
    }

    /// The slow path from the first backslash: unescape into `scratch`.
    mutating func readEscapedString(start: Int, escape: Int) throws(JSONError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<escape]))
        var index = escape
        var run = escape
        while index < end {
            if index &+ 8 <= end {
                let mask = ByteScan.parserMask(ByteScan.load(bytes, at: index))
                if mask == 0 {
                    index &+= 8
                    continue
                }
                index &+= ByteScan.plainPrefix(mask)
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                guard scratch.count <= limits.maxStringBytes else {
                    throw JSONError(.stringTooLong(limit: limits.maxStringBytes), at: start - 1)
                }
                pos = index + 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                guard index + 1 < end else { throw JSONError(.unexpectedEnd, at: end) }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""): scratch.append(0x22); index += 2
                case UInt8(ascii: "\\"): scratch.append(0x5C); index += 2
                case UInt8(ascii: "/"): scratch.append(0x2F); index += 2
                case UInt8(ascii: "b"): scratch.append(0x08); index += 2
                case UInt8(ascii: "f"): scratch.append(0x0C); index += 2
                case UInt8(ascii: "n"): scratch.append(0x0A); index += 2
                case UInt8(ascii: "r"): scratch.append(0x0D); index += 2
                case UInt8(ascii: "t"): scratch.append(0x09); index += 2
                case UInt8(ascii: "u"):
                    let scalar: UInt32
                    (scalar, index) = try readUnicodeEscape(at: index)
                    appendUTF8(scalar)
                default:
                    throw JSONError(.invalidEscape, at: index)
                }
                run = index
                // Escapes expand at most 6:1 backwards, so check as we go
                // rather than only at the end.
                guard scratch.count <= limits.maxStringBytes else {
                    throw JSONError(.stringTooLong(limit: limits.maxStringBytes), at: start - 1)
                }
                continue
            }
            if byte < 0x20 { throw JSONError(.controlCharacterInString, at: index) }
            index = byte < 0x80 ? index + 1 : try skipUTF8Sequence(at: index)
        }
        throw JSONError(.unexpectedEnd, at: end)
    }

    /// `\uXXXX` (or a surrogate pair of them) at `index`; returns the scalar and the index after it.
    func readUnicodeEscape(at index: Int) throws(JSONError) -> (UInt32, Int) {
        let first = try hex4(at: index + 2, escape: index)
        switch first {
        case 0xD800...0xDBFF:
            guard index + 7 < end, bytes[index + 6] == UInt8(ascii: "\\"), bytes[index + 7] == UInt8(ascii: "u") else {
                throw JSONError(.loneSurrogate, at: index)
            }
            let second = try hex4(at: index + 8, escape: index + 6)
            guard (0xDC00...0xDFFF).contains(second) else { throw JSONError(.loneSurrogate, at: index) }
            return (0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00), index + 12)
        case 0xDC00...0xDFFF:
            throw JSONError(.loneSurrogate, at: index)
        default:
            return (first, index + 6)
        }
    }

    func hex4(at index: Int, escape: Int) throws(JSONError) -> UInt32 {
        guard index + 4 <= end else { throw JSONError(.invalidEscape, at: escape) }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONError(.invalidEscape, at: escape)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Validates one multi-byte UTF-8 sequence starting at `index` (its lead
    /// byte is ≥ 0x80) per RFC 3629 — no overlongs, no surrogates, nothing
    /// past U+10FFFF — and returns the index after it.
    func skipUTF8Sequence(at index: Int) throws(JSONError) -> Int {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw JSONError(.invalidUTF8, at: index)
        }
        guard index + length <= end else { throw JSONError(.invalidUTF8, at: index) }
        let second = bytes[index + 1]
        guard second >= low, second <= high else { throw JSONError(.invalidUTF8, at: index) }
        if length > 2 {
            guard bytes[index + 2] & 0xC0 == 0x80 else { throw JSONError(.invalidUTF8, at: index) }
        }
        if length > 3 {
            guard bytes[index + 3] & 0xC0 == 0x80 else { throw JSONError(.invalidUTF8, at: index) }
        }
        return index + length
    }

    // MARK: Numbers

    mutating func readNumber() throws(JSONError) -> JSONValue {
        let start = pos
        var index = pos
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < end else { throw JSONError(.unexpectedEnd, at: end) }
        guard isDigit(bytes[index]) else { throw JSONError(.invalidNumber, at: index) }

        var magnitude: UInt64 = 0
        var overflow = false
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < end, isDigit(bytes[index]) { throw JSONError(.invalidNumber, at: index) }
        } else {
            while index < end, isDigit(bytes[index]) {
                if !overflow {
                    let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
                    overflow = o1 || o2
                    magnitude = sum
                }
                index += 1
                // Stop early on absurdly long literals.
                if index - start > limits.maxNumberLength {
                    throw JSONError(.numberTooLong(limit: limits.maxNumberLength), at: start)
                }
            }
        }
        var integral = true
        if index < end, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < end else { throw JSONError(.unexpectedEnd, at: end) }
            guard isDigit(bytes[index]) else { throw JSONError(.invalidNumber, at: index) }
            while index < end, isDigit(bytes[index]) { index += 1 }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < end else { throw JSONError(.unexpectedEnd, at: end) }
            guard isDigit(bytes[index]) else { throw JSONError(.invalidNumber, at: index) }
            while index < end, isDigit(bytes[index]) { index += 1 }
        }
        guard index - start <= limits.maxNumberLength else {
            throw JSONError(.numberTooLong(limit: limits.maxNumberLength), at: start)
        }
        pos = index

        if integral, !overflow {
            if !negative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            if negative, magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
            if negative, magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else { throw JSONError(.numberOutOfRange, at: start) }
        return .double(double)
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}

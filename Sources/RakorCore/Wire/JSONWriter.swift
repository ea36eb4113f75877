/// Compact JSON serialization into bytes.
///
/// Two ways to use it:
/// - `JSONWriter.serialize(value)` / `serialize(value, into: &buffer)` for a
///   whole `JSONValue`;
/// - a writer instance as a streaming builder (`beginObject()`, `key(_:)`,
///   `string(_:)`, …, then `finish()`) so hot encoders (replies, envelopes)
///   write their fields straight into bytes without building a `JSONValue`
///   first. Commas are inserted automatically. The writer is noncopyable: it
///   owns its buffer, which is what makes each append cheap.
///
/// Escaping is exactly RFC 8785's (which is also valid RFC 8259): `\"`, `\\`,
/// `\b \t \n \f \r`, other C0 controls as `\u00xx` (lowercase hex), every other
/// character as raw UTF-8. Doubles use ECMAScript formatting (with `.0` on
/// integral values so they parse back as doubles); a non-finite
/// double (which no parser can produce) is written as `null`, as
/// `JSON.stringify` does. Serialization recurses: values from the parser are
/// bounded by `JSONLimits.maxDepth`.
public struct JSONWriter: ~Copyable, Sendable {
    var output: ByteOutput
    private var needsComma = false

    public init(capacity: Int = 256) {
        output = ByteOutput(capacity: capacity)
    }

    /// Bytes written so far.
    public var count: Int { output.count }

    /// The JSON written; ends the writer.
    public consuming func finish() -> [UInt8] {
        output.finish()
    }

    // MARK: Whole values

    public static func serialize(_ value: JSONValue) -> [UInt8] {
        var output = ByteOutput(capacity: 128)
        output.appendJSON(value)
        return output.finish()
    }

    /// Appends the serialization to `bytes`.
    public static func serialize(_ value: JSONValue, into bytes: inout [UInt8]) {
        var output = ByteOutput(capacity: 128)
        output.appendJSON(value)
        output.finish(appendingTo: &bytes)
    }

    // MARK: Streaming builder

    @inline(__always)
    private mutating func separate() {
        if needsComma { output.append(UInt8(ascii: ",")) }
    }

    public mutating func beginObject() {
        separate()
        output.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        output.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        output.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        output.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// An object member's key; the next value written is its value.
    public mutating func key(_ key: String) {
        separate()
        output.appendQuoted(key)
        output.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A key known at compile time that needs no escaping (plain ASCII
    /// letters, digits, `_`, `-`): written in one copy.
    public mutating func key(literal key: StaticString) {
        separate()
        output.append(UInt8(ascii: "\""))
        output.append(key)
        output.append(UInt8(ascii: "\""), UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ text: String) {
        separate()
        output.appendQuoted(text)
        needsComma = true
    }

    public mutating func int(_ number: Int64) {
        separate()
        output.appendInteger(number)
        needsComma = true
    }

    public mutating func double(_ number: Double) {
        separate()
        output.appendDouble(number)
        needsComma = true
    }

    public mutating func bool(_ flag: Bool) {
        separate()
        output.append(flag ? "true" : "false")
        needsComma = true
    }

    public mutating func null() {
        separate()
        output.append("null")
        needsComma = true
    }

    public mutating func value(_ value: JSONValue) {
        separate()
        output.appendJSON(value)
        needsComma = true
    }

    /// Bytes that are already one complete JSON value (e.g. a cached serialization).
    public mutating func raw(_ json: [UInt8]) {
        separate()
        output.append(json)
        needsComma = true
    }
}

// MARK: - Primitives shared by the writer, JCS and the audit chain

extension ByteOutput {
    mutating func appendJSON(_ value: JSONValue) {
        switch value {
        case .null:
            append("null")
        case .bool(let flag):
            append(flag ? "true" : "false")
        case .int(let number):
            appendInteger(number)
        case .double(let number):
            appendDouble(number)
        case .string(let text):
            appendQuoted(text)
        case .array(let elements):
            append(UInt8(ascii: "["))
            for position in elements.indices {
                if position > 0 { append(UInt8(ascii: ",")) }
                appendJSON(elements[position])
            }
            append(UInt8(ascii: "]"))
        case .object(let object):
            append(UInt8(ascii: "{"))
            for position in object.members.indices {
                if position > 0 { append(UInt8(ascii: ",")) }
                appendQuoted(object.members[position].key)
                append(UInt8(ascii: ":"))
                appendJSON(object.members[position].value)
            }
            append(UInt8(ascii: "}"))
        }
    }

    /// ECMAScript digits, plus `.0` when they would read back as an integer
    /// (`3.0` stays a double through a write/parse round trip; JCS, which
    /// has one number type, does not add it).
    mutating func appendDouble(_ number: Double) {
        let start = count
        guard ECMAScriptNumber.append(number, to: &self) else {
            append("null")
            return
        }
        let integral = withWrittenBytes { written in
            !written[start...].contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }
        }
        if integral { append(UInt8(ascii: "."), UInt8(ascii: "0")) }
    }

    /// A quoted, escaped JSON string.
    mutating func appendQuoted(_ text: String) {
        ByteScan.withUTF8(text) { utf8 in
            reserve(utf8.count &+ 2)
            append(UInt8(ascii: "\""))
            appendEscaped(utf8)
            append(UInt8(ascii: "\""))
        }
    }

    /// The escaped string without quotes.
    mutating func appendEscaped(_ text: String) {
        ByteScan.withUTF8(text) { appendEscaped($0) }
    }

    mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        let count = utf8.count
        var run = 0
        var index = 0
        while index < count {
            // Skip 8 bytes at a time while none needs escaping (the usual case).
            if index &+ 8 <= count {
                let mask = ByteScan.escapeMask(ByteScan.load(utf8, at: index))
                if mask == 0 {
                    index &+= 8
                    continue
                }
                index &+= ByteScan.plainPrefix(mask)
            }
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                index &+= 1
                continue
            }
            if run < index { append(UnsafeBufferPointer(rebasing: utf8[run..<index])) }
            index &+= 1
            run = index
            switch byte {
            case UInt8(ascii: "\""): append(UInt8(ascii: "\\"), UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): append(UInt8(ascii: "\\"), UInt8(ascii: "\\"))
            case 0x08: append(UInt8(ascii: "\\"), UInt8(ascii: "b"))
            case 0x09: append(UInt8(ascii: "\\"), UInt8(ascii: "t"))
            case 0x0A: append(UInt8(ascii: "\\"), UInt8(ascii: "n"))
            case 0x0C: append(UInt8(ascii: "\\"), UInt8(ascii: "f"))
            case 0x0D: append(UInt8(ascii: "\\"), UInt8(ascii: "r"))
            default:
                append("\\u00")
                append(Hex.lowercaseDigit(byte >> 4), Hex.lowercaseDigit(byte & 0x0F))
            }
        }
        if run < count { append(UnsafeBufferPointer(rebasing: utf8[run...])) }
    }

    mutating func appendInteger(_ number: Int64) {
        if number < 0 { append(UInt8(ascii: "-")) }
        appendDecimal(number.magnitude)
    }

    mutating func appendDecimal(_ magnitude: UInt64) {
        if magnitude < 10 {
            append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude))
            return
        }
        // Digits right to left into a 20-byte scratch, then one copy.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            var position = 20
            var rest = magnitude
            while rest > 0 {
                position &-= 1
                scratch[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            append(UnsafeBufferPointer(rebasing: scratch[position...]))
        }
    }
}

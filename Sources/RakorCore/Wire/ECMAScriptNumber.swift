/// Formats a Double the way ECMAScript's `Number.prototype.toString` does
/// (ECMA-262 §6.1.6.1.20), which is what RFC 8785 (JCS) prescribes: the
/// shortest digits that round-trip, plain notation for 1e-7 < |x| < 1e21,
/// exponent form (`1e+21`, `1.5e-7`) outside it, `-0` as `0`.
///
/// The digits come from Swift's own `description`, which is already the
/// shortest round-tripping, closest representation (SwiftDtoa); only the
/// layout differs from ECMAScript's (Swift writes `1e+16` where ECMAScript
/// writes `10000000000000000`), so we re-lay the digits out.
public enum ECMAScriptNumber {
    /// The ECMAScript text, or nil for NaN and ±Infinity (which JSON cannot carry).
    public static func format(_ value: Double) -> String? {
        var output = ByteOutput(capacity: 32)
        guard append(value, to: &output) else { return nil }
        return String(decoding: output.finish(), as: UTF8.self)
    }

    /// Appends the ECMAScript text; false (and nothing appended) for non-finite values.
    @discardableResult
    static func append(_ value: Double, to bytes: inout ByteOutput) -> Bool {
        guard value.isFinite else { return false }
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return true
        }
        // Split Swift's "123.45", "0.001", "1e+16" or "1.5e-07" into digits and
        // a decimal exponent n such that value = 0.d1d2…dk × 10^n.
        var digits: [UInt8] = []
        digits.reserveCapacity(24)
        var pointPosition: Int?
        var exponent = 0
        var exponentNegative = false
        var inExponent = false
        for byte in value.magnitude.description.utf8 {
            if inExponent {
                switch byte {
                case UInt8(ascii: "-"): exponentNegative = true
                case UInt8(ascii: "+"): break
                default: exponent = exponent * 10 + Int(byte &- UInt8(ascii: "0"))
                }
            } else {
                switch byte {
                case UInt8(ascii: "."): pointPosition = digits.count
                case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
                default: digits.append(byte)
                }
            }
        }
        if exponentNegative { exponent = -exponent }
        var n = (pointPosition ?? digits.count) + exponent
        var first = 0
        while first < digits.count - 1, digits[first] == UInt8(ascii: "0") {
            first += 1
            n -= 1
        }
        var last = digits.count
        while last > first + 1, digits[last - 1] == UInt8(ascii: "0") { last -= 1 }
        let k = last - first

        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let significant = Array(digits[first..<last])
        if k <= n, n <= 21 {
            bytes.append(significant)
            bytes.append(repeating: UInt8(ascii: "0"), count: n - k)
        } else if 0 < n, n <= 21 {
            bytes.append(Array(significant[..<n]))
            bytes.append(UInt8(ascii: "."))
            bytes.append(Array(significant[n...]))
        } else if -6 < n, n <= 0 {
            bytes.append(UInt8(ascii: "0"), UInt8(ascii: "."))
            bytes.append(repeating: UInt8(ascii: "0"), count: -n)
            bytes.append(significant)
        } else {
            bytes.append(significant[0])
            if k > 1 {
                bytes.append(UInt8(ascii: "."))
                bytes.append(Array(significant[1...]))
            }
            bytes.append(UInt8(ascii: "e"))
            bytes.append(n - 1 >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
            bytes.appendDecimal(UInt64((n - 1).magnitude))
        }
        return true
    }
}

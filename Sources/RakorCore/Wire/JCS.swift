/// RFC 8785 JSON Canonicalization Scheme: the byte-exact form the audit
/// chain hashes, so anyone can re-derive a hash with any conforming library.
///
/// - object members sorted by their keys' UTF-16 code units, recursively;
/// - no whitespace; strings escaped as `JSONWriter` does (which is JCS's rule);
/// - numbers as ECMAScript doubles. JCS models every number as an IEEE
///   double, so an `.int` beyond ±2^53 is written as the double it rounds to
///   (what a JavaScript or Python verifier would produce); within ±2^53 the
///   integer and double forms are identical.
/// - NaN/Infinity cannot occur in parsed values; a constructed one is written
///   as `null`, as ECMAScript's `JSON.stringify` (JCS's model) does.
public enum JCS {
    public static func canonicalize(_ value: JSONValue) -> [UInt8] {
        var output = ByteOutput(capacity: 256)
        append(value, to: &output)
        return output.finish()
    }

    /// Parses JSON text and canonicalizes it.
    public static func canonicalize(json: [UInt8], limits: JSONLimits = .default) throws(JSONError) -> [UInt8] {
        canonicalize(try JSONParser(limits: limits).parse(json))
    }

    static func append(_ value: JSONValue, to bytes: inout ByteOutput) {
        switch value {
        case .int(let number):
            if number.magnitude <= 1 << 53 {
                bytes.appendInteger(number)
            } else {
                ECMAScriptNumber.append(Double(number), to: &bytes)
            }
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                append(element, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            let members = object.members
            let order = members.indices.sorted { precedes(members[$0].key, members[$1].key) }
            for (position, memberIndex) in order.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.appendQuoted(members[memberIndex].key)
                bytes.append(UInt8(ascii: ":"))
                append(members[memberIndex].value, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        case .double(let number):
            if !ECMAScriptNumber.append(number, to: &bytes) { bytes.append("null") }
        case .null, .bool, .string:
            bytes.appendJSON(value)
        }
    }

    /// JCS key order: lexicographic by UTF-16 code units.
    ///
    /// UTF-8 byte order equals code point order, which equals UTF-16 order
    /// for every code point below U+E000. Only keys holding a byte ≥ 0xEE
    /// (U+E000 and up, where supplementary characters sort *before*
    /// U+E000–U+FFFF in UTF-16) take the slower UTF-16 comparison.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        var needsUTF16 = false
        for byte in lhs.utf8 where byte >= 0xEE { needsUTF16 = true; break }
        if !needsUTF16 {
            for byte in rhs.utf8 where byte >= 0xEE { needsUTF16 = true; break }
        }
        if needsUTF16 { return lhs.utf16.lexicographicallyPrecedes(rhs.utf16) }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}

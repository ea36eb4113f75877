/// Headers stored as one BLOB: a varint count, then per header a varint name
/// length, the UTF-8 name, a varint value tag (0 = null value, n + 1 = n
/// bytes) and the value bytes. Compact, no parsing of text, and a damaged
/// blob is reported rather than trapped on.
enum HeaderCodec {
    static func encode(_ headers: [OutboxHeader]) -> [UInt8]? {
        guard !headers.isEmpty else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(headers.reduce(1) { $0 + $1.name.utf8.count + ($1.value?.count ?? 0) + 4 })
        appendVarint(UInt64(headers.count), to: &out)
        for header in headers {
            let name = header.name.utf8
            appendVarint(UInt64(name.count), to: &out)
            out.append(contentsOf: name)
            if let value = header.value {
                appendVarint(UInt64(value.count) + 1, to: &out)
                out.append(contentsOf: value)
            } else {
                appendVarint(0, to: &out)
            }
        }
        return out
    }

    /// Nil when the blob is malformed.
    static func decode(_ bytes: [UInt8]?) -> [OutboxHeader]? {
        guard let bytes else { return [] }
        var index = 0
        guard let count = readVarint(bytes, &index), count <= UInt64(bytes.count) else { return nil }
        var headers: [OutboxHeader] = []
        headers.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let nameLength = readVarint(bytes, &index), nameLength <= UInt64(bytes.count - index) else { return nil }
            let nameEnd = index + Int(nameLength)
            guard let name = String(validating: bytes[index..<nameEnd], as: UTF8.self) else { return nil }
            index = nameEnd
            guard let tag = readVarint(bytes, &index) else { return nil }
            if tag == 0 {
                headers.append(OutboxHeader(name: name, value: nil))
            } else {
                guard tag - 1 <= UInt64(bytes.count - index) else { return nil }
                let valueEnd = index + Int(tag - 1)
                headers.append(OutboxHeader(name: name, value: Array(bytes[index..<valueEnd])))
                index = valueEnd
            }
        }
        return index == bytes.count ? headers : nil
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    static func readVarint(_ bytes: [UInt8], _ index: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        return nil
    }
}

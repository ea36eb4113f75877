/// The bytes an integrator signs for a record on `rakor.events`.
///
/// Structured mode: the value bytes, exactly as for commands. Binary mode
/// keeps the event's attributes in `ce_` headers, outside the value; signing
/// only the value would let anyone holding one signed record replay its data
/// under a new `ce_id` (a grant disbursed twice) or another `ce_type`. So in
/// binary mode the signed bytes are every `ce_*` and `content-type` header,
/// names lower-cased and sorted, each as `name=value` and a line feed, then
/// one more line feed, then the value (empty when null).
public enum EventSigning {
    public static func signedBytes(value: [UInt8]?, headers: [(name: String, value: [UInt8]?)]) -> [UInt8] {
        guard CloudEvent.isBinaryMode(headers: headers) else { return value ?? [] }
        let signedHeaders = headers
            .map { (name: $0.name.lowercased(), value: $0.value) }
            .filter { $0.name.hasPrefix("ce_") || $0.name == "content-type" }
            .sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((value?.count ?? 0) + 256)
        for header in signedHeaders {
            bytes += Array(header.name.utf8)
            bytes.append(UInt8(ascii: "="))
            bytes += header.value ?? []
            bytes.append(UInt8(ascii: "\n"))
        }
        bytes.append(UInt8(ascii: "\n"))
        bytes += value ?? []
        return bytes
    }
}

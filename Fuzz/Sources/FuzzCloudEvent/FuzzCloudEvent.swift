import FuzzDriver
import RakorCore

/// libFuzzer entry point: one input is one `rakor.events` record.
///
/// Input layout: the first byte picks the framing. Bit 0 clear: the rest is
/// a structured-mode value (bit 1 set adds `content-type:
/// application/cloudevents+json`). Bit 0 set: header lines `name:value` up to
/// an empty line, then the body (no empty line: a null body); a line without
/// `:` is a header with a null value. So binary mode, duplicate and odd
/// headers are all reachable.
///
/// Checks, beyond "does not crash": a refusal carries a contract code and a
/// message; an accepted event re-encodes in structured mode to bytes that
/// decode to the same encoding again; its binary-mode form decodes without
/// crashing, and signing input is computed for both.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCloudEvent(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mode = input.first else { return 0 }
    let rest = Array(input.dropFirst())
    let record: (value: [UInt8]?, headers: [(name: String, value: [UInt8]?)])
    if mode & 1 == 0 {
        let headers: [(name: String, value: [UInt8]?)] = mode & 2 == 0
            ? [] : [("content-type", Array("application/cloudevents+json".utf8))]
        record = (rest, headers)
    } else {
        record = binaryFraming(rest)
    }

    _ = EventSigning.signedBytes(value: record.value, headers: record.headers)
    let event: CloudEvent
    do throws(CloudEventError) {
        event = try CloudEvent.decode(value: record.value, headers: record.headers)
    } catch {
        require(error.code == .invalidEnvelope || error.code == .tooLarge, "refusal code \(error.code)")
        require(!error.message.isEmpty, "refusal without a message")
        return 0
    }
    _ = try? event.jsonData()

    // Structured mode is the canonical form: stable under a round trip.
    let encoded = event.encode()
    let again: CloudEvent
    do throws(CloudEventError) {
        again = try CloudEvent.decode(structured: encoded)
    } catch {
        fail("the structured encoding of an accepted event is refused: \(error)")
    }
    require(again.encode() == encoded, "structured encoding is not stable")
    require(again.id == event.id && again.source == event.source && again.type == event.type
            && again.subject == event.subject, "attributes changed in a round trip")

    // Binary mode: what the bot's own tools would send. It may legitimately
    // refuse (e.g. extension values that are not strings), but must not crash.
    let binary = event.binaryMode()
    let headers = binary.headers.map { (name: $0.name, value: Optional($0.value)) }
    _ = EventSigning.signedBytes(value: binary.body, headers: headers)
    _ = try? CloudEvent.decode(value: binary.body, headers: headers)
    return 0
}

/// `name:value` lines up to an empty line, then the body.
private func binaryFraming(_ bytes: [UInt8]) -> (value: [UInt8]?, headers: [(name: String, value: [UInt8]?)]) {
    var headers: [(name: String, value: [UInt8]?)] = []
    var index = 0
    while index < bytes.count {
        let end = bytes[index...].firstIndex(of: 0x0A) ?? bytes.count
        let line = bytes[index..<end]
        index = end + 1
        if line.isEmpty { return (Array(bytes[min(index, bytes.count)...]), headers) }
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            headers.append((String(decoding: line[..<colon], as: UTF8.self), Array(line[(colon + 1)...])))
        } else {
            headers.append((String(decoding: line, as: UTF8.self), nil))
        }
    }
    return (nil, headers)
}

private func require(_ condition: Bool, _ what: @autoclosure () -> String) {
    if !condition { fail(what()) }
}

/// A broken invariant is a finding: abort so libFuzzer saves the input.
private func fail(_ what: String) -> Never {
    fatalError("FuzzCloudEvent: \(what)")
}

/// The process entry point (SwiftPM links `main` to `FuzzCloudEvent_main`): libFuzzer's driver.
@_cdecl("FuzzCloudEvent_main")
public func fuzzCloudEventMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    rakor_fuzz_run(argc, argv) { data, size in fuzzCloudEvent(data, size) }
}

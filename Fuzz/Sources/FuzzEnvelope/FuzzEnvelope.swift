import FuzzDriver
import RakorCore

/// libFuzzer entry point: one input is one `rakor.commands` record value.
///
/// Checks, beyond "does not crash": a decoded envelope encodes to bytes that
/// decode to the same envelope (and encode identically again); the fast
/// field reader agrees with the general JSON parser on what is an envelope;
/// a refusal carries a contract code and a message; replies built from the
/// envelope survive the outbound encoding round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnvelope(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let decoded: CommandEnvelope
    do throws(EnvelopeError) {
        decoded = try CommandEnvelope.decode(bytes)
    } catch {
        require(error.code == .invalidEnvelope || error.code == .tooLarge, "refusal code \(error.code)")
        require(!error.message.en.isEmpty && !error.message.id.isEmpty, "refusal without a message")
        require(generalParser(bytes) == nil, "JSON parser accepts an envelope the field reader refused: \(error)")
        return 0
    }
    require(generalParser(bytes) == decoded, "JSON parser and field reader disagree")

    let encoded = decoded.encode()
    guard let again = try? CommandEnvelope.decode(encoded) else { fail("encoded envelope does not decode") }
    require(again.id == decoded.id && again.chat == decoded.chat && again.sender == decoded.sender
            && again.text == decoded.text && again.lang == decoded.lang, "envelope changed in a round trip")
    require(again.encode() == encoded, "encoding is not stable")

    let lang = decoded.lang ?? .id
    let reply = OutboundMessage.reply(to: decoded.id, chat: decoded.chat, text: decoded.text,
                                      data: .object(["text": .string(decoded.text), "sender": .string(decoded.sender)]),
                                      lang: lang)
    roundTrip(reply)
    let refusal = CommandFailure(.badArguments, id: "Ditolak: \(decoded.text)", en: "Refused: \(decoded.text)")
    roundTrip(OutboundMessage.failure(to: decoded.id, chat: decoded.chat, failure: refusal, lang: lang))
    return 0
}

/// The same bytes through the general parser and the object validator.
private func generalParser(_ bytes: [UInt8]) -> CommandEnvelope? {
    guard let value = try? JSONParser(limits: JSONLimits(maxBytes: CommandEnvelope.maxValueBytes)).parse(bytes),
          let object = value.objectValue else { return nil }
    return try? CommandEnvelope.decode(object)
}

private func roundTrip(_ message: OutboundMessage) {
    let bytes = message.encode()
    guard let back = try? OutboundMessage.decode(bytes) else { fail("outbound message does not decode") }
    require(back == message, "outbound message changed in a round trip")
}

private func require(_ condition: Bool, _ what: @autoclosure () -> String) {
    if !condition { fail(what()) }
}

/// A broken invariant is a finding: abort so libFuzzer saves the input.
private func fail(_ what: String) -> Never {
    fatalError("FuzzEnvelope: \(what)")
}

/// The process entry point (SwiftPM links `main` to `FuzzEnvelope_main`): libFuzzer's driver.
@_cdecl("FuzzEnvelope_main")
public func fuzzEnvelopeMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    rakor_fuzz_run(argc, argv) { data, size in fuzzEnvelope(data, size) }
}

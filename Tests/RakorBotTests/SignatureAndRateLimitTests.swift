import Foundation
@testable import RakorBot
import RakorCore
import RakorStore
import Testing

@Suite("Processor: bridge signatures")
struct BridgeSignatureTests {
    static let current: [UInt8] = Array("bridge secret 2024".utf8)
    static let previous: [UInt8] = Array("bridge secret 2023".utf8)

    func harness() throws -> (ProcessorHarness, HMACKeyRing) {
        let ring = try HMACKeyRing(keys: ["bridge-2024": Self.current, "bridge-2023": Self.previous])
        let h = try ProcessorHarness(settings: ProcessorSettings(bridgeKeys: ring, rateLimit: .unlimited))
        return (h, ring)
    }

    func signed(_ h: ProcessorHarness, _ ring: HMACKeyRing, id: String, keyID: String) throws -> InputRecord {
        let envelope = CommandEnvelope(id: id, chat: "wa:test-chat", sender: "u-heriansyah", text: "/tenggat")
        let value = envelope.encode()
        let signature = try ring.sign(value: value, keyID: keyID)
        return h.raw(value, headers: [InputRecord.Header("rakor-key-id", keyID),
                                      InputRecord.Header("rakor-signature", signature)])
    }

    @Test func bothKeysOfARotationAreAccepted() throws {
        let (h, ring) = try harness()
        let out = try h.run([try signed(h, ring, id: "s-new", keyID: "bridge-2024"),
                             try signed(h, ring, id: "s-old", keyID: "bridge-2023")])
        #expect(out.reply(to: "s-new")?.ok == true)
        #expect(out.reply(to: "s-old")?.ok == true)
        #expect(out.deadLetters.isEmpty)
    }

    @Test func headerNamesMatchCaseInsensitively() throws {
        let (h, ring) = try harness()
        var record = try signed(h, ring, id: "s-case", keyID: "bridge-2024")
        record.headers = record.headers.map { InputRecord.Header(name: $0.name.uppercased(), value: $0.value) }
        #expect(try h.run([record]).reply(to: "s-case")?.ok == true)
    }

    struct Forgery: CustomTestStringConvertible, Sendable {
        let name: String
        let headers: @Sendable ([UInt8], HMACKeyRing) throws -> [InputRecord.Header]
        var testDescription: String { name }
    }

    static let forgeries: [Forgery] = [
        Forgery(name: "unsigned") { _, _ in [] },
        Forgery(name: "key id without signature") { _, _ in [InputRecord.Header("rakor-key-id", "bridge-2024")] },
        Forgery(name: "signature without key id") { value, ring in
            [InputRecord.Header("rakor-signature", try ring.sign(value: value, keyID: "bridge-2024"))]
        },
        Forgery(name: "unknown key id") { value, ring in
            [InputRecord.Header("rakor-key-id", "bridge-1999"),
             InputRecord.Header("rakor-signature", try ring.sign(value: value, keyID: "bridge-2024"))]
        },
        Forgery(name: "signed under the other key id") { value, ring in
            [InputRecord.Header("rakor-key-id", "bridge-2023"),
             InputRecord.Header("rakor-signature", try ring.sign(value: value, keyID: "bridge-2024"))]
        },
        Forgery(name: "signature of other bytes") { value, ring in
            [InputRecord.Header("rakor-key-id", "bridge-2024"),
             InputRecord.Header("rakor-signature", try ring.sign(value: value + [0x20], keyID: "bridge-2024"))]
        },
        Forgery(name: "malformed signature") { _, _ in
            [InputRecord.Header("rakor-key-id", "bridge-2024"), InputRecord.Header("rakor-signature", "v1=zz")]
        },
        Forgery(name: "unsupported version") { value, ring in
            let good = try ring.sign(value: value, keyID: "bridge-2024")
            return [InputRecord.Header("rakor-key-id", "bridge-2024"),
                    InputRecord.Header("rakor-signature", "v2=" + good.dropFirst(3))]
        },
    ]

    @Test(arguments: forgeries)
    func isUnauthenticatedDeadLetteredAndAudited(_ forgery: Forgery) throws {
        let (h, ring) = try harness()
        let envelope = CommandEnvelope(id: "forged", chat: "wa:test-chat", sender: "u-heriansyah",
                                       text: #"/tugas baru @kpu-banjar "X" tenggat 2024-12-01"#)
        let value = envelope.encode()
        let record = h.raw(value, key: "wa:test-chat", headers: try forgery.headers(value, ring))
        let good = try signed(h, ring, id: "genuine", keyID: "bridge-2024")
        let out = try h.run([record, good])

        #expect(out.deadLetters.count == 1)
        #expect(out.deadLetters.first?.value == value)
        #expect(out.deadLetters.first?.header("error_code") == "unauthenticated")
        let refusal = try #require(out.replies.first { !$0.ok })
        #expect(refusal.error?.code == .unauthenticated)
        #expect(refusal.chat == "wa:test-chat")
        // The envelope is not trusted: no id is echoed from it.
        #expect(refusal.inReplyTo == nil)
        #expect(out.auditTypes == ["rakor.command.rejected", "rakor.command.accepted"])
        #expect(out.audit.first?["data"]?["code"] == "unauthenticated")
        #expect(out.reply(to: "genuine")?.ok == true)
        #expect(try h.store.readSync { try $0.tugas.count(TugasFilter()) } == 0)
        // A forged record does not burn the id for the genuine command.
        #expect(try h.ledger("cmd:forged") == nil)
    }

    @Test func withoutBridgeKeysUnsignedCommandsAreServed() throws {
        let h = try ProcessorHarness()
        #expect(h.settings.bridgeKeys == nil)
        #expect(try h.ask("/tenggat", as: "u-heriansyah").ok)
        // An empty ring means "not configured", not "refuse everything".
        let empty = ProcessorSettings(bridgeKeys: try HMACKeyRing(keys: [:]))
        #expect(empty.bridgeKeys == nil)
    }
}

@Suite("Processor: rate limit")
struct RateLimitTests {
    @Test func theFourthRapidCommandOfOneSenderIsRateLimitedWhileAnotherIsServed() throws {
        let h = try ProcessorHarness(settings: ProcessorSettings(rateLimit: RateLimitPolicy(ratePerSecond: 0.5, burst: 3)))
        let records = (1...4).map { h.command("/tenggat", as: "u-heriansyah", id: "rl-\($0)") }
            + [h.command("/tenggat", as: "u-sarmuji", id: "other")]
        let out = try h.run(records)
        for id in ["rl-1", "rl-2", "rl-3", "other"] {
            #expect(out.reply(to: id)?.ok == true, "\(id)")
        }
        let limited = try #require(out.reply(to: "rl-4"))
        #expect(limited.error?.code == .rateLimited)
        #expect(limited.text.contains("2 detik"), "\(limited.text)")
        #expect(out.audit(correlatedWith: "rl-4").first?["data"]?["code"] == "rate_limited")
        #expect(out.deadLetters.isEmpty)
        #expect(out.tally.rateLimited == 1)
        #expect(try h.ledger("cmd:rl-4")?.outcome == .rejected(.rateLimited))
    }

    @Test func tokensComeBackWithTime() throws {
        let h = try ProcessorHarness(settings: ProcessorSettings(rateLimit: RateLimitPolicy(ratePerSecond: 0.5, burst: 3)))
        try h.run((1...3).map { h.command("/tenggat", as: "u-heriansyah", id: "a-\($0)") })
        #expect(try h.ask("/tenggat", as: "u-heriansyah").error?.code == .rateLimited)
        h.now += 2
        #expect(try h.ask("/tenggat", as: "u-heriansyah").ok)
        #expect(try h.ask("/tenggat", as: "u-heriansyah").error?.code == .rateLimited)
    }

    @Test func aRateLimitedCommandIsNotRetriedByRedelivery() throws {
        // The refusal is final for that id (the ledger has it): a bridge that
        // wants a retry sends a new id once the wait is over.
        let h = try ProcessorHarness(settings: ProcessorSettings(rateLimit: RateLimitPolicy(ratePerSecond: 0.5, burst: 1)))
        try h.run([h.command("/tenggat", as: "u-heriansyah", id: "b-1")])
        let limited = h.command("/tenggat", as: "u-heriansyah", id: "b-2")
        let first = try h.run([limited])
        h.now += 10
        let second = try h.run([limited])
        #expect(second.replyRows.map(\.value) == first.replyRows.map(\.value))
        #expect(second.replies.first?.error?.code == .rateLimited)
    }

    @Test func theLimiterBucketsRefillAndReportTheWait() {
        var limiter = RateLimiter(policy: RateLimitPolicy(ratePerSecond: 1, burst: 2))
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let burst = [limiter.allow("a", at: start), limiter.allow("a", at: start), limiter.allow("a", at: start)]
        #expect(burst == [true, true, false])
        #expect(limiter.retryAfter("a") == 1)
        #expect(limiter.retryAfter("b") == 0)
        let refilled = limiter.allow("a", at: start.addingTimeInterval(1))
        #expect(refilled)
        // A clock that steps back does not mint tokens.
        let backwards = limiter.allow("a", at: start.addingTimeInterval(-100))
        #expect(!backwards)
        var unlimited = RateLimiter(policy: .unlimited)
        let all = (0..<1000).allSatisfy { _ in unlimited.allow("a", at: start) }
        #expect(all)
        #expect(RateLimitPolicy.default == RateLimitPolicy(ratePerSecond: 2, burst: 20))
    }
}

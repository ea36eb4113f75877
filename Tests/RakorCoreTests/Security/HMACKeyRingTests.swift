import Foundation
import Testing
@testable import RakorCore

private let value = Array(#"{"id":"m-1","chat":"c","sender":"s","text":"/bantuan"}"#.utf8)

private func ring() throws -> HMACKeyRing {
    try HMACKeyRing(keys: ["bridge-2024": Array("rahasia-lama".utf8), "bridge-2025": Array("rahasia-baru".utf8)])
}

@Suite struct HMACKeyRingTests {
    /// RFC 4231 test case 2 (HMAC-SHA256, key "Jefe").
    @Test func knownAnswer() throws {
        let keys = try HMACKeyRing(keys: ["jefe": Array("Jefe".utf8)])
        let signature = try keys.sign(value: Array("what do ya want for nothing?".utf8), keyID: "jefe")
        #expect(signature == "v1=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func signThenVerifyWithEitherRotationKey() throws {
        let keys = try ring()
        #expect(keys.keyIDs == ["bridge-2024", "bridge-2025"])
        for keyID in keys.keyIDs {
            let signature = try keys.sign(value: value, keyID: keyID)
            #expect(signature.hasPrefix("v1="))
            #expect(signature.utf8.count == 67)
            #expect(keys.verify(value: value, keyID: keyID, signature: signature) == .success(keyID))
            #expect(keys.verify(value: Data(value), keyID: keyID, signature: signature.uppercased().replacingOccurrences(of: "V1=", with: "v1=")) == .success(keyID))
        }
        let old = try keys.sign(value: value, keyID: "bridge-2024")
        #expect(keys.verify(value: value, keyID: "bridge-2025", signature: old) == .failure(.mismatch(keyID: "bridge-2025")))
    }

    @Test func anyChangeToTheValueIsAMismatch() throws {
        let keys = try ring()
        let signature = try keys.sign(value: value, keyID: "bridge-2025")
        var changed = value
        changed[changed.count - 3] ^= 0x01
        #expect(keys.verify(value: changed, keyID: "bridge-2025", signature: signature) == .failure(.mismatch(keyID: "bridge-2025")))
        #expect(keys.verify(value: value + [0x20], keyID: "bridge-2025", signature: signature) == .failure(.mismatch(keyID: "bridge-2025")))
    }

    @Test(arguments: [
        (nil as String?, "v1=00" as String?, SignatureError.missingKeyID),
        ("", "v1=00", .missingKeyID),
        ("bridge-2025", nil, .missingSignature),
        ("bridge-2025", "", .missingSignature),
        ("nope", "v1=00", .unknownKeyID("nope")),
        ("bridge-2025", "00112233", .malformedSignature("missing the v1= prefix")),
        ("bridge-2025", "sha256=abcd", .malformedSignature("missing the v1= prefix")),
        ("bridge-2025", "v2=" + String(repeating: "0", count: 64), .malformedSignature("unsupported version v2")),
        ("bridge-2025", "v1=abc", .malformedSignature("expected 64 hex digits, found 3 characters")),
        ("bridge-2025", "v1=" + String(repeating: "0", count: 65), .malformedSignature("expected 64 hex digits, found 65 characters")),
        ("bridge-2025", "v1=" + String(repeating: "g", count: 64), .malformedSignature("not hexadecimal")),
        ("bridge-2025", "v1=" + String(repeating: "é", count: 32), .malformedSignature("not hexadecimal")),
        ("bridge-2025", "v1=" + String(repeating: "0", count: 64), .mismatch(keyID: "bridge-2025")),
    ])
    func verificationFailures(keyID: String?, signature: String?, expected: SignatureError) throws {
        #expect(try ring().verify(value: value, keyID: keyID, signature: signature) == .failure(expected))
    }

    @Test func verifiesFromRawHeaderBytes() throws {
        let keys = try ring()
        let signature = try keys.sign(value: value, keyID: "bridge-2024")
        #expect(keys.verify(value: value, keyIDHeader: Array("bridge-2024".utf8), signatureHeader: Array(signature.utf8)) == .success("bridge-2024"))
        #expect(keys.verify(value: value, keyIDHeader: nil, signatureHeader: Array(signature.utf8)) == .failure(.missingKeyID))
        #expect(keys.verify(value: value, keyIDHeader: Array("bridge-2024".utf8), signatureHeader: []) == .failure(.missingSignature))
        #expect(keys.verify(value: value, keyIDHeader: Array("bridge-2024".utf8), signatureHeader: [0xFF]) == .failure(.malformedSignature("not valid UTF-8")))
        if case .failure(.unknownKeyID) = keys.verify(value: value, keyIDHeader: [0xFF, 0x41], signatureHeader: Array(signature.utf8)) {} else {
            Issue.record("non-UTF-8 key id must be unknown")
        }
    }

    @Test func signingWithAnUnknownKeyThrows() throws {
        #expect(throws: SignatureError.unknownKeyID("x")) { try ring().sign(value: value, keyID: "x") }
    }

    @Test func configurationErrors() {
        #expect(throws: HMACKeyRing.ConfigurationError.emptySecret(keyID: "k")) { try HMACKeyRing(keys: ["k": []]) }
        #expect(throws: HMACKeyRing.ConfigurationError.emptyKeyID) { try HMACKeyRing(keys: ["": [1]]) }
        #expect((try? HMACKeyRing(keys: [:]))?.isEmpty == true)
    }

    @Test func errorsAreUnauthenticatedWithBilingualMessages() {
        let errors: [SignatureError] = [.missingKeyID, .missingSignature, .unknownKeyID("k"), .malformedSignature("x"), .mismatch(keyID: "k")]
        for error in errors {
            #expect(error.code == .unauthenticated)
            #expect(!error.message.id.isEmpty && !error.message.en.isEmpty && error.message.id != error.message.en)
        }
        #expect(SignatureError.missingSignature.description == "The rakor-signature header is missing.")
        #expect(HMACKeyRing.headerKeyID == "rakor-key-id")
        #expect(HMACKeyRing.headerSignature == "rakor-signature")
    }
}

import Crypto
import Foundation

/// The bridge keys: key id → secret. Several ids at once allow rotation (the
/// bridge switches `rakor-key-id` to the new key, the old one is removed later).
///
/// Signature header: `rakor-signature: v1=<lower-case hex HMAC-SHA256(secret,
/// raw value bytes)>`, the key named by `rakor-key-id`.
public struct HMACKeyRing: Sendable {
    public enum ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
        case emptyKeyID
        case emptySecret(keyID: String)

        public var description: String {
            switch self {
            case .emptyKeyID: "a bridge key has an empty key id"
            case .emptySecret(let keyID): "bridge key \"\(keyID)\" has an empty secret"
            }
        }
    }

    /// Per key: the HMAC state after absorbing the padded key (inner and outer
    /// pads), computed once, so a verification hashes only the value.
    ///
    /// swift-crypto does not mark these Sendable on Linux. The stored state is
    /// never mutated: each use copies it, and its storage is copy-on-write
    /// with atomic reference counts, so sharing it across threads is safe.
    struct Key: @unchecked Sendable {
        let keyed: HMAC<SHA256>

        func authenticationCode(for value: some DataProtocol) -> HMAC<SHA256>.MAC {
            var mac = keyed
            mac.update(data: value)
            return mac.finalize()
        }
    }

    private var keys: [String: Key]

    public static let headerKeyID = "rakor-key-id"
    public static let headerSignature = "rakor-signature"
    static let prefix = "v1="

    public init(keys: [String: [UInt8]]) throws(ConfigurationError) {
        var built: [String: Key] = [:]
        for (keyID, secret) in keys {
            guard !keyID.isEmpty else { throw .emptyKeyID }
            guard !secret.isEmpty else { throw .emptySecret(keyID: keyID) }
            built[keyID] = Key(keyed: HMAC<SHA256>(key: SymmetricKey(data: secret)))
        }
        self.keys = built
    }

    /// The configured key ids, sorted.
    public var keyIDs: [String] { keys.keys.sorted() }
    public var isEmpty: Bool { keys.isEmpty }

    /// `v1=<hex>` for `value` under `keyID`.
    public func sign(value: some DataProtocol, keyID: String) throws(SignatureError) -> String {
        guard let key = keys[keyID] else { throw .unknownKeyID(keyID) }
        return HMACKeyRing.prefix + Hex.encode(key.authenticationCode(for: value))
    }

    /// Checks the headers of a record: `.success(keyID)` or why not. The MAC
    /// comparison is constant-time (swift-crypto's `isValidAuthenticationCode`).
    public func verify(value: some DataProtocol, keyID: String?, signature: String?) -> Result<String, SignatureError> {
        guard let keyID, !keyID.isEmpty else { return .failure(.missingKeyID) }
        guard let signature, !signature.isEmpty else { return .failure(.missingSignature) }
        guard let key = keys[keyID] else { return .failure(.unknownKeyID(keyID)) }
        let claimed: [UInt8]
        switch HMACKeyRing.parseSignature(signature) {
        case .success(let mac): claimed = mac
        case .failure(let error): return .failure(error)
        }
        let computed = key.authenticationCode(for: value)
        // Constant time: every byte is compared whatever the first difference.
        let difference = computed.withUnsafeBytes { mac in
            var accumulated: UInt8 = 0
            for index in 0..<32 { accumulated |= mac[index] ^ claimed[index] }
            return accumulated
        }
        return difference == 0 ? .success(keyID) : .failure(.mismatch(keyID: keyID))
    }

    /// `v1=<64 hex>` (surrounding spaces/tabs tolerated) → the 32 MAC bytes.
    static func parseSignature(_ signature: String) -> Result<[UInt8], SignatureError> {
        ByteScan.withUTF8(signature) { utf8 in
            var start = 0
            var end = utf8.count
            while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start += 1 }
            while end > start, utf8[end - 1] == 0x20 || utf8[end - 1] == 0x09 { end -= 1 }
            let text = UnsafeBufferPointer(rebasing: utf8[start..<end])
            guard text.count >= 3, text[0] == UInt8(ascii: "v"), text[1] == UInt8(ascii: "1"),
                  text[2] == UInt8(ascii: "=") else {
                // `v2=…` is a version we do not speak; anything else lacks the prefix.
                if let equals = text.firstIndex(of: UInt8(ascii: "=")), equals > 1, text[0] == UInt8(ascii: "v"),
                   text[1..<equals].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                    let version = String(decoding: UnsafeBufferPointer(rebasing: text[1..<equals]), as: UTF8.self)
                    return .failure(.malformedSignature("unsupported version v\(JSONError.clip(version))"))
                }
                return .failure(.malformedSignature("missing the v1= prefix"))
            }
            let hex = UnsafeBufferPointer(rebasing: text[3...])
            guard hex.count == 64 else {
                let characters = String(decoding: hex, as: UTF8.self).unicodeScalars.count
                return .failure(.malformedSignature("expected 64 hex digits, found \(characters) characters"))
            }
            guard let mac = Hex.decode(utf8: hex) else { return .failure(.malformedSignature("not hexadecimal")) }
            return .success(mac)
        }
    }

    /// Same, from raw Kafka header bytes (absent header = nil; bytes that are
    /// not UTF-8 make the header malformed / the key id unknown).
    public func verify(value: some DataProtocol, keyIDHeader: [UInt8]?, signatureHeader: [UInt8]?) -> Result<String, SignatureError> {
        guard let keyIDHeader, !keyIDHeader.isEmpty else { return .failure(.missingKeyID) }
        guard let signatureHeader, !signatureHeader.isEmpty else { return .failure(.missingSignature) }
        guard let keyID = String(validating: keyIDHeader, as: UTF8.self) else {
            return .failure(.unknownKeyID(String(decoding: keyIDHeader, as: UTF8.self)))
        }
        guard let signature = String(validating: signatureHeader, as: UTF8.self) else {
            return .failure(.malformedSignature("not valid UTF-8"))
        }
        return verify(value: value, keyID: keyID, signature: signature)
    }
}

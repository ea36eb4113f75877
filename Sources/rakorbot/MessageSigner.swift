import ArgumentParser
import Kafka
import RakorCore

/// Signs record values the way the bot checks them: headers `rakor-key-id`
/// and `rakor-signature: v1=<hex HMAC-SHA256(secret, value bytes)>`.
struct MessageSigner: Sendable {
    let keyID: String
    let ring: HMACKeyRing

    /// From `--sign-key-file keyid=/path/to/secret` (nil when the flag is absent).
    static func load(_ pair: String?, flag: String) throws -> MessageSigner? {
        guard let pair else { return nil }
        let keys = try SecretFiles.load([pair], flag: flag)
        guard let keyID = keys.keys.first else { return nil }
        do {
            return MessageSigner(keyID: keyID, ring: try HMACKeyRing(keys: keys))
        } catch {
            throw ValidationError("\(flag): \(error)")
        }
    }

    func headers(for value: [UInt8]) throws -> [KafkaHeader] {
        let signature = try ring.sign(value: value, keyID: keyID)
        return [KafkaHeader(name: HMACKeyRing.headerKeyID, string: keyID),
                KafkaHeader(name: HMACKeyRing.headerSignature, string: signature)]
    }
}

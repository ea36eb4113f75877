/// Why a bridge signature was refused. Every case maps to `unauthenticated`;
/// the message tells the bridge operator what to fix without revealing key
/// material.
public enum SignatureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No `rakor-key-id` header (or an empty one).
    case missingKeyID
    /// No `rakor-signature` header (or an empty one).
    case missingSignature
    case unknownKeyID(String)
    /// Not `v1=<64 hex digits>`; the reason says what is wrong.
    case malformedSignature(String)
    /// Well-formed, but not the HMAC of this value under this key.
    case mismatch(keyID: String)

    public var code: ErrorCode { .unauthenticated }

    public var message: Localized {
        switch self {
        case .missingKeyID:
            Localized(id: "Header rakor-key-id tidak ada.", en: "The rakor-key-id header is missing.")
        case .missingSignature:
            Localized(id: "Header rakor-signature tidak ada.", en: "The rakor-signature header is missing.")
        case .unknownKeyID(let keyID):
            Localized(id: "Kunci \"\(JSONError.clip(keyID))\" tidak dikenal.", en: "Unknown key id \"\(JSONError.clip(keyID))\".")
        case .malformedSignature(let reason):
            Localized(id: "Header rakor-signature tidak sah (\(reason)); bentuknya v1=<64 digit heksadesimal>.",
                      en: "Malformed rakor-signature header (\(reason)); expected v1=<64 hex digits>.")
        case .mismatch(let keyID):
            Localized(id: "Tanda tangan tidak cocok untuk kunci \"\(JSONError.clip(keyID))\".",
                      en: "Signature does not match for key id \"\(JSONError.clip(keyID))\".")
        }
    }

    public var description: String { message.en }
}

import Crypto
import Foundation

/// Appends hash-chained audit events (contract § "Audit event").
///
/// Each event is a CloudEvent with extensions `actor`, `correlationid`,
/// `sequence` (decimal string, first event "1"), `prevhash` and `hash`, where
/// `hash` = hex SHA-256 of the RFC 8785 serialization of the event without
/// `hash`. The published bytes are themselves that canonical form with
/// `hash` in its sorted place, so a verifier can also compare bytes.
///
/// A value type: the pipeline appends inside its write transaction and
/// persists `head` with the outbox rows; a failed transaction simply drops
/// the mutated copy.
public struct AuditChain: Sendable {
    public let chainID: String
    /// The CloudEvent `source`, `rakorbot/<chainID>` by default.
    public let source: String
    public private(set) var head: AuditHead
    /// Applied to `data` before hashing; nil stores data as given.
    public var redactor: Redactor?

    public init(chainID: String, source: String? = nil, head: AuditHead = .genesis, redactor: Redactor? = .standard) {
        self.chainID = chainID
        self.source = source ?? "rakorbot/\(chainID)"
        self.head = head
        self.redactor = redactor
    }

    /// Appends the next event. `time` is written as RFC 3339 UTC with
    /// milliseconds; absent `subject`, `correlationID` or `data` are omitted.
    public mutating func append(type: String, subject: String?, time: Date, actor: String,
                                correlationID: String?, data: JSONValue?) -> AuditRecord {
        let sequence = head.sequence + 1
        let previousHash = head.hash

        // One buffer, members in JCS order (all keys are ASCII, so byte order
        // is UTF-16 order). The `hash` member is written with a placeholder;
        // the hash covers everything but that member, then fills it in.
        var out = ByteOutput(capacity: 512 + actor.utf8.count + type.utf8.count + (subject?.utf8.count ?? 0))
        out.append("{\"actor\":")
        out.appendQuoted(actor)
        if let correlationID {
            out.append(",\"correlationid\":")
            out.appendQuoted(correlationID)
        }
        if let data {
            out.append(",\"data\":")
            JCS.append(redactor.map { $0.redact(data) } ?? data, to: &out)
        }
        out.append(",\"datacontenttype\":\"application/json\"")
        let hashMemberStart = out.count
        out.append(",\"hash\":\"")
        let hashStart = out.count
        out.append(repeating: UInt8(ascii: "0"), count: 64)
        out.append(UInt8(ascii: "\""))
        let hashMemberEnd = out.count
        out.append(",\"id\":\"")
        out.appendEscaped(chainID)
        out.append(UInt8(ascii: "-"))
        out.appendDecimal(sequence)
        out.append("\",\"prevhash\":")
        out.appendQuoted(previousHash)
        out.append(",\"sequence\":\"")
        out.appendDecimal(sequence)
        out.append("\",\"source\":")
        out.appendQuoted(source)
        out.append(",\"specversion\":\"1.0\"")
        if let subject {
            out.append(",\"subject\":")
            out.appendQuoted(subject)
        }
        out.append(",\"time\":\"")
        RFC3339.appendMilliseconds(time, to: &out)
        out.append("\",\"type\":")
        out.appendQuoted(type)
        out.append(UInt8(ascii: "}"))

        let hash = out.withWrittenBytes { buffer -> String in
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[..<hashMemberStart])))
            hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[hashMemberEnd...])))
            let digest = hasher.finalize()
            var position = hashStart
            digest.withUnsafeBytes { raw in
                for byte in raw {
                    buffer[position] = Hex.lowercaseDigit(byte >> 4)
                    buffer[position + 1] = Hex.lowercaseDigit(byte & 0x0F)
                    position += 2
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[hashStart..<hashStart + 64]), as: UTF8.self)
        }
        let bytes = out.finish()

        head = AuditHead(sequence: sequence, hash: hash)
        return AuditRecord(chainID: chainID, sequence: sequence, hash: hash, previousHash: previousHash,
                           type: type, bytes: bytes)
    }

    /// The hash of an event object per the contract: SHA-256 of the JCS form
    /// of the object without its `hash` member. Used by the verifier.
    public static func computeHash(of event: JSONObject) -> String {
        var withoutHash = event
        withoutHash.removeValue(forKey: "hash")
        return Hex.encode(SHA256.hash(data: JCS.canonicalize(.object(withoutHash))))
    }
}

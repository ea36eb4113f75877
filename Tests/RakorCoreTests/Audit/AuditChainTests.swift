import Crypto
import Foundation
import Testing
@testable import RakorCore

private let assigned: JSONValue = [
    "task": "T-12", "org": "kesbangpol-kalsel", "due": "2024-12-01", "judul": "Peta konflik sosial — triwulan IV",
]

@Suite struct AuditChainTests {
    @Test func firstEventHasTheContractShape() throws {
        var chain = AuditChain(chainID: "rakorbot")
        let record = chain.append(type: "rakor.task.assigned", subject: "task/T-12",
                                  time: Date(timeIntervalSince1970: 1_732_065_300.123), actor: "u-heriansyah",
                                  correlationID: "9f1c2d7e", data: assigned)
        let event = try #require(try JSONParser().parse(record.bytes).objectValue)
        #expect(event["specversion"] == "1.0")
        #expect(event["id"] == "rakorbot-1")
        #expect(event["source"] == "rakorbot/rakorbot")
        #expect(event["type"] == "rakor.task.assigned")
        #expect(event["subject"] == "task/T-12")
        #expect(event["time"] == "2024-11-20T01:15:00.123Z")
        #expect(event["datacontenttype"] == "application/json")
        #expect(event["actor"] == "u-heriansyah")
        #expect(event["correlationid"] == "9f1c2d7e")
        #expect(event["sequence"] == "1")
        #expect(event["prevhash"] == .string(String(repeating: "0", count: 64)))
        #expect(event["hash"] == .string(record.hash))
        #expect(event["data"] == assigned)
        #expect(record.sequence == 1)
        #expect(record.id == "rakorbot-1")
        #expect(record.chainID == "rakorbot")
        #expect(record.previousHash == AuditHead.zeroHash)
        #expect(record.type == "rakor.task.assigned")
        #expect(chain.head == AuditHead(sequence: 1, hash: record.hash))
        #expect(record.head == chain.head)
        // It is also a valid CloudEvent with the contract's extensions.
        let cloudEvent = try CloudEvent.decode(structured: record.bytes)
        #expect(cloudEvent.extensions.keys.sorted() == ["actor", "correlationid", "hash", "prevhash", "sequence"])
    }

    /// Hashes computed independently with Python (json.dumps sort_keys,
    /// compact separators, ensure_ascii=False — JCS for this content) and
    /// hashlib.sha256. Pins the format: a change here breaks every verifier.
    @Test func knownAnswerHashes() {
        var chain = AuditChain(chainID: "rakorbot")
        let first = chain.append(type: "rakor.task.assigned", subject: "task/T-12",
                                 time: Date(timeIntervalSince1970: 1_732_065_300.123), actor: "u-heriansyah",
                                 correlationID: "9f1c2d7e", data: assigned)
        #expect(first.hash == "fac2f325e9c0dd5669e2f64cffef1f1d588d5bf87d389fc6be3504102ba2d331")
        let second = chain.append(type: "rakor.command.accepted", subject: nil,
                                  time: Date(timeIntervalSince1970: 1_732_065_301), actor: "u-heriansyah",
                                  correlationID: nil, data: ["command": "tugas baru", "n": 3])
        #expect(second.previousHash == first.hash)
        #expect(second.hash == "f020e8355f30d0f6862b74e71a5c2c5a0dbdc21b71e3a5ac03e9ccd92520ca85")
        let text = String(decoding: second.bytes, as: UTF8.self)
        #expect(!text.contains("subject"))
        #expect(!text.contains("correlationid"))
    }

    @Test func hashIsSHA256OfJCSWithoutHashAndBytesAreCanonical() throws {
        var chain = AuditChain(chainID: "kalsel-1")
        for index in 1...5 {
            let record = chain.append(type: "rakor.command.accepted", subject: "cmd/\(index)",
                                      time: Date(timeIntervalSince1970: 1_732_065_300 + Double(index)), actor: "u-\(index)",
                                      correlationID: "c-\(index)", data: ["i": .int(Int64(index)), "z": [1.5, "\u{1F600}", nil]])
            var object = try #require(try JSONParser().parse(record.bytes).objectValue)
            #expect(JCS.canonicalize(.object(object)) == record.bytes)
            object["hash"] = nil
            let expected = Hex.encode(SHA256.hash(data: JCS.canonicalize(.object(object))))
            #expect(record.hash == expected)
            #expect(AuditChain.computeHash(of: object) == expected)
            #expect(record.sequence == UInt64(index))
            #expect(object["sequence"] == .string(String(index)))
        }
    }

    @Test func chainLinksAndContinuesFromAStoredHead() {
        var chain = AuditChain(chainID: "rakorbot", source: "rakorbot/prod-a")
        let time = Date(timeIntervalSince1970: 1_732_065_300)
        let one = chain.append(type: "a", subject: nil, time: time, actor: "x", correlationID: nil, data: nil)
        let two = chain.append(type: "b", subject: nil, time: time, actor: "x", correlationID: nil, data: nil)
        #expect(two.previousHash == one.hash)
        #expect(two.sequence == 2)

        var restarted = AuditChain(chainID: "rakorbot", source: "rakorbot/prod-a", head: chain.head)
        let three = restarted.append(type: "c", subject: nil, time: time, actor: "x", correlationID: nil, data: nil)
        #expect(three.sequence == 3)
        #expect(three.previousHash == two.hash)
        #expect(three.id == "rakorbot-3")

        var verifier = AuditVerifier()
        for record in [one, two, three] { verifier.verify(record.bytes) }
        #expect(verifier.summary.isValid)
        #expect(verifier.summary.chains.first?.chainID == "rakorbot/prod-a")
    }

    @Test func dataIsRedactedBeforeHashing() throws {
        var chain = AuditChain(chainID: "rakorbot")
        let record = chain.append(type: "rakor.config", subject: nil, time: Date(timeIntervalSince1970: 0), actor: "admin",
                                  correlationID: nil, data: ["bridge_secret": "hunter2", "key_id": "k1", "nested": ["api_token": 5]])
        let text = String(decoding: record.bytes, as: UTF8.self)
        #expect(!text.contains("hunter2"))
        let event = try JSONParser().parse(record.bytes)
        #expect(event["data"] == ["bridge_secret": "[redacted]", "key_id": "k1", "nested": ["api_token": "[redacted]"]])

        var raw = AuditChain(chainID: "rakorbot", redactor: nil)
        let unredacted = raw.append(type: "x", subject: nil, time: Date(timeIntervalSince1970: 0), actor: "a",
                                    correlationID: nil, data: ["password": "p"])
        #expect(String(decoding: unredacted.bytes, as: UTF8.self).contains(#""password":"p""#))
    }

    @Test func hostileStringsStayInsideTheirFields() throws {
        var chain = AuditChain(chainID: "rakorbot")
        let nasty = "\",\"hash\":\"0000\",\"x\":\"\u{0}\n\u{2028}"
        let record = chain.append(type: nasty, subject: nasty, time: Date(timeIntervalSince1970: 0), actor: nasty,
                                  correlationID: nasty, data: [nasty: .string(nasty)])
        let event = try JSONParser().parse(record.bytes)
        #expect(event["actor"]?.stringValue == nasty)
        #expect(event["hash"]?.stringValue == record.hash)
        var verifier = AuditVerifier()
        verifier.verify(record.bytes)
        #expect(verifier.summary.isValid)
    }
}

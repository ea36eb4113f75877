import Foundation
import Testing
@testable import RakorCore

private func makeChain(_ id: String, count: Int, startingAt head: AuditHead = .genesis) -> [AuditRecord] {
    var chain = AuditChain(chainID: id, head: head)
    return (0..<count).map { index in
        chain.append(type: "rakor.command.accepted", subject: "cmd/\(index)",
                     time: Date(timeIntervalSince1970: 1_732_065_300 + Double(index)), actor: "u-\(index % 3)",
                     correlationID: "c-\(index)", data: ["index": .int(Int64(index)), "note": "catatan ke-\(index)"])
    }
}

private func verify(_ records: [[UInt8]], options: AuditVerifier.Options = .init()) -> AuditSummary {
    var verifier = AuditVerifier(options: options)
    for record in records { verifier.verify(record) }
    return verifier.summary
}

private func replacing(_ bytes: [UInt8], _ old: String, with new: String) -> [UInt8] {
    Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: old, with: new).utf8)
}

@Suite struct AuditVerifierTests {
    @Test func anIntactChainVerifies() {
        let records = makeChain("rakorbot", count: 20)
        let summary = verify(records.map(\.bytes))
        #expect(summary.isValid)
        #expect(summary.records == 20)
        #expect(summary.events == 20)
        #expect(summary.duplicates == 0)
        #expect(summary.chains == [AuditSummary.Chain(chainID: "rakorbot/rakorbot", firstSequence: 1, lastSequence: 20,
                                                      lastHash: records[19].hash, events: 20)])
    }

    @Test func interleavedChainsVerifySeparately() {
        let a = makeChain("a", count: 5)
        let b = makeChain("b", count: 3)
        let interleaved = [a[0], b[0], a[1], a[2], b[1], a[3], b[2], a[4]].map(\.bytes)
        let summary = verify(interleaved)
        #expect(summary.isValid)
        #expect(summary.chains.map(\.chainID) == ["rakorbot/a", "rakorbot/b"])
        #expect(summary.chains.map(\.lastSequence) == [5, 3])
        #expect(summary.events == 8)
    }

    @Test func explicitChainKeysGroupRecords() {
        let a = makeChain("a", count: 2)
        var verifier = AuditVerifier()
        let outcome = verifier.verify(a[0].bytes, chain: "key-a", position: "partition 0 offset 0")
        #expect(outcome.chain == "key-a")
        #expect(outcome.sequence == 1)
        #expect(outcome.isValid)
        verifier.verify(a[1].bytes, chain: "key-a")
        #expect(verifier.summary.chains.map(\.chainID) == ["key-a"])
        #expect(verifier.summary.isValid)
    }

    @Test func changingOneByteOfDataIsDetected() {
        var records = makeChain("rakorbot", count: 5).map(\.bytes)
        records[2] = replacing(records[2], "catatan ke-2", with: "catatan ke-X")
        let summary = verify(records)
        #expect(summary.problems.count == 1)
        let problem = summary.problems.first
        #expect(problem?.sequence == 3)
        #expect(problem?.index == 2)
        guard case .hashMismatch? = problem?.kind else {
            Issue.record("expected hashMismatch, got \(String(describing: problem))")
            return
        }
        #expect(problem?.description.contains("sequence 3") == true)
    }

    @Test func tamperingAndRehashingBreaksTheNextLink() throws {
        let original = makeChain("rakorbot", count: 4)
        var records = original.map(\.bytes)
        // The attacker edits event 2 and recomputes its hash: event 3's prevhash no longer matches.
        var object = try #require(try JSONParser().parse(records[1]).objectValue)
        object["data"] = ["index": 1, "note": "diubah"]
        let forged = AuditChain.computeHash(of: object)
        object["hash"] = .string(forged)
        records[1] = JSONWriter.serialize(.object(object))
        let summary = verify(records)
        #expect(summary.problems.map(\.kind) == [.brokenLink(expected: forged, found: original[1].hash)])
        #expect(summary.problems.first?.sequence == 3)
    }

    @Test func droppedEventIsAGap() {
        var records = makeChain("rakorbot", count: 5).map(\.bytes)
        records.remove(at: 2)
        let summary = verify(records)
        #expect(summary.problems.map(\.kind) == [.gap(expected: 3, found: 4)])
        #expect(summary.problems.first?.description.contains("1 missing") == true)
        #expect(summary.chains.first?.lastSequence == 5)
    }

    @Test func reorderedEventsAreDetected() {
        var records = makeChain("rakorbot", count: 4).map(\.bytes)
        records.swapAt(1, 2)
        let summary = verify(records)
        #expect(summary.problems.map(\.kind) == [.gap(expected: 2, found: 3), .outOfOrder(head: 3, found: 2)])
        #expect(!summary.isValid)
    }

    @Test func exactRedeliveriesAreDuplicatesNotProblems() {
        let records = makeChain("rakorbot", count: 6).map(\.bytes)
        // At-least-once after a crash: 5 and 6 go out again, then the chain continues.
        let more = makeChain("rakorbot", count: 8)
        let stream = records + [records[4], records[5], records[5]] + [more[6].bytes, more[7].bytes]
        var verifier = AuditVerifier()
        var duplicates = 0
        for record in stream where verifier.verify(record).isDuplicate { duplicates += 1 }
        let summary = verifier.summary
        #expect(summary.isValid)
        #expect(summary.duplicates == 3)
        #expect(duplicates == 3)
        #expect(summary.events == 8)
        #expect(summary.records == 11)
    }

    @Test func aForkedSequenceIsAConflict() {
        let main = makeChain("rakorbot", count: 3)
        var fork = AuditChain(chainID: "rakorbot", head: main[1].head)
        let other = fork.append(type: "forged", subject: nil, time: Date(timeIntervalSince1970: 0), actor: "x",
                                correlationID: nil, data: nil)
        let summary = verify(main.map(\.bytes) + [other.bytes])
        #expect(summary.problems.map(\.kind) == [.conflictingDuplicate(verifiedHash: main[2].hash, found: other.hash)])
    }

    @Test func chainsMustStartAtOneUnlessAllowed() {
        let records = makeChain("rakorbot", count: 6).map(\.bytes)
        let partial = Array(records[3...])
        #expect(verify(partial).problems.map(\.kind) == [.missingStart(found: 4)])
        let relaxed = verify(partial, options: .init(requireGenesis: false))
        #expect(relaxed.isValid)
        #expect(relaxed.chains.first?.firstSequence == 4)
    }

    @Test func firstEventMustLinkToZeros() {
        let records = makeChain("rakorbot", count: 1, startingAt: .genesis)
        var object = (try? JSONParser().parse(records[0].bytes).objectValue) ?? [:]
        object["prevhash"] = .string(String(repeating: "a", count: 64))
        object["hash"] = .string(AuditChain.computeHash(of: object))
        let summary = verify([JSONWriter.serialize(.object(object))])
        #expect(summary.problems.map(\.kind) == [.brokenLink(expected: AuditHead.zeroHash, found: String(repeating: "a", count: 64))])
    }

    @Test func formattingDoesNotMatterOnlyContent() throws {
        let records = makeChain("rakorbot", count: 2)
        let reordered = try records.map { record -> [UInt8] in
            let object = try #require(try JSONParser().parse(record.bytes).objectValue)
            // Reverse member order and add whitespace: same JSON, different bytes.
            let text = "{ " + object.reversed().map { "\"\($0.key)\" : \($0.value)" }.joined(separator: " ,\n ") + " }"
            return Array(text.utf8)
        }
        #expect(reordered[0] != records[0].bytes)
        #expect(verify(reordered).isValid)
    }

    @Test(arguments: [
        ("not json", "not valid JSON"),
        ("[1]", "not a JSON object"),
        (#"{"specversion":"1.0"}"#, "`id` is missing"),
    ])
    func malformedRecords(text: String, reason: String) {
        let summary = verify([Array(text.utf8)])
        guard case .malformed(let found)? = summary.problems.first?.kind else {
            Issue.record("expected malformed, got \(summary.problems)")
            return
        }
        #expect(found.contains(reason))
        #expect(summary.events == 0)
        #expect(summary.records == 1)
    }

    @Test(arguments: [
        ("\"sequence\":\"1\"", "\"sequence\":\"01\"", "`sequence`"),
        ("\"sequence\":\"1\"", "\"sequence\":1", "`sequence` must be a string"),
        ("\"sequence\":\"1\"", "\"sequence\":\"0\"", "`sequence`"),
        ("\"sequence\":\"1\"", "\"sequence\":\"99999999999999999999999\"", "`sequence`"),
        ("\"specversion\":\"1.0\"", "\"specversion\":\"0.3\"", "specversion"),
        ("\"time\":\"2024-11-20T01:15:00.000Z\"", "\"time\":\"later\"", "`time`"),
    ])
    func malformedFields(old: String, new: String, reason: String) {
        let record = makeChain("rakorbot", count: 1)[0]
        let changed = replacing(record.bytes, old, with: new)
        #expect(changed != record.bytes)
        guard case .malformed(let found)? = verify([changed]).problems.first?.kind else {
            Issue.record("expected malformed for \(new)")
            return
        }
        #expect(found.contains(reason), "\(found)")
    }

    @Test func hashesMustBeLowercaseHex() {
        let record = makeChain("rakorbot", count: 1)[0]
        let upper = replacing(record.bytes, record.hash, with: record.hash.uppercased())
        guard case .malformed(let reason)? = verify([upper]).problems.first?.kind else {
            Issue.record("expected malformed")
            return
        }
        #expect(reason == "`hash` is not 64 lower-case hex digits")
    }

    @Test func problemListIsCapped() {
        let garbage = Array(repeating: Array("x".utf8), count: 10)
        let summary = verify(garbage, options: .init(maxProblems: 3))
        #expect(summary.problems.count == 3)
        #expect(summary.problemsOmitted == 7)
        #expect(!summary.isValid)
    }

    @Test func duplicateWindowBoundsMemoryButRemembersRecentEvents() {
        let records = makeChain("rakorbot", count: 300).map(\.bytes)
        var verifier = AuditVerifier(options: .init(duplicateWindow: 100))
        for record in records { verifier.verify(record) }
        #expect(verifier.verify(records[250]).isDuplicate)
        // Older than the window: can no longer be told apart from a replay.
        let old = verifier.verify(records[10])
        #expect(!old.isDuplicate)
        #expect(old.problems.map(\.kind) == [.outOfOrder(head: 300, found: 11)])
    }
}

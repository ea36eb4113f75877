import Foundation
import Testing
@testable import RakorCore

/// `Fixtures/wire/audit-stream.jsonl` was produced by an independent Python
/// implementation of the contract (json.dumps with sorted keys and compact
/// separators, which is JCS for this content, and hashlib.sha256): two
/// interleaved chains and one redelivered event. Our verifier must accept
/// it and our chain must produce the very same bytes.
@Suite struct AuditFixtureTests {
    private func lines() throws -> [[UInt8]] {
        let url = try #require(Bundle.module.url(forResource: "audit-stream", withExtension: "jsonl", subdirectory: "Fixtures/wire"))
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").map { Array($0.utf8) }
    }

    @Test func independentlyProducedStreamVerifies() throws {
        var verifier = AuditVerifier()
        for line in try lines() { verifier.verify(line) }
        let summary = verifier.summary
        #expect(summary.isValid, "\(summary.problems)")
        #expect(summary.records == 6)
        #expect(summary.events == 5)
        #expect(summary.duplicates == 1)
        #expect(summary.chains.map(\.chainID) == ["rakorbot/kalsel", "rakorbot/kaltim"])
        #expect(summary.chains.map(\.lastSequence) == [3, 2])
    }

    @Test func ourChainProducesTheSameBytes() throws {
        let expected = try lines()
        var kalsel = AuditChain(chainID: "kalsel")
        var kaltim = AuditChain(chainID: "kaltim")
        let produced = [
            kalsel.append(type: "rakor.command.accepted", subject: "command/tugas", time: Date(timeIntervalSince1970: 1_732_065_300.123),
                          actor: "u-heriansyah", correlationID: "9f1c2d7e",
                          data: ["command": "tugas baru", "text": "/tugas baru @kesbangpol-kab-banjar \"Peta konflik sosial\" tenggat 2024-12-01"]),
            kalsel.append(type: "rakor.task.assigned", subject: "task/T-12", time: Date(timeIntervalSince1970: 1_732_065_300.124),
                          actor: "u-heriansyah", correlationID: "9f1c2d7e",
                          data: ["task": "T-12", "org": "kesbangpol-kab-banjar", "due": "2024-12-01", "judul": "Peta konflik sosial — triwulan IV"]),
            kaltim.append(type: "rakor.command.rejected", subject: "command/anggaran", time: Date(timeIntervalSince1970: 1_732_068_000),
                          actor: "u-rina", correlationID: "a1b2c3",
                          data: ["code": "forbidden", "message": "Anda tidak berwenang untuk anggaran @kabkota-balikpapan."]),
            kalsel.append(type: "rakor.agreement.status", subject: "agreement/K-3", time: Date(timeIntervalSince1970: 1_732_159_800.5),
                          actor: "u-heriansyah", correlationID: "c0ffee",
                          data: ["agreement": "K-3", "from": "disepakati", "to": "berjalan", "amount": 1_250_000_000]),
            kaltim.append(type: "rakor.command.accepted", subject: "command/tenggat", time: Date(timeIntervalSince1970: 1_732_161_600),
                          actor: "u-rina", correlationID: "d00d", data: ["command": "tenggat", "days": 30, "ok": true, "ratio": 0.25]),
        ]
        #expect(produced.count == 5)
        for (record, line) in zip(produced, expected) {
            #expect(String(decoding: record.bytes, as: UTF8.self) == String(decoding: line, as: UTF8.self))
        }
    }
}

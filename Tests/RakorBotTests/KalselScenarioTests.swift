import Foundation
import Kafka
@testable import RakorBot
import RakorCore
import RakorStore
import Testing

/// Issue 3's "done when", through Kafka with an external client (kcat), then
/// a stop and a start of the bot on the same data folder and cluster.
@Suite("Kalsel scenario through Kafka", .timeLimit(.minutes(2)))
struct KalselScenarioTests {
    @Test func aRakorItsAgreementTaskAndBudgetSurviveARestart() async throws {
        let fixture = try await BotFixture()
        let first = try await fixture.startBot()
        let kalsel = "wa:group-kesbangpol-kalsel"
        let banjar = "wa:group-kesbangpol-banjar"

        func ask(_ text: String, as sender: String, id: String, chat: String) async throws -> OutboundMessage {
            try await fixture.ask(text, as: sender, id: id, chat: chat, viaKcat: true)
        }

        // The provincial coordinator records a rakor, an agreement and a task for a regency.
        let rakor = try await ask(#"/rakor baru "Rakor kesiapan Pilkada 2024" tanggal 2024-11-18"#, as: "u-heriansyah",
                                  id: "sc-1", chat: kalsel)
        #expect(rakor.ok, "\(rakor.text)")
        #expect(rakor.data?["id"] == "R-1")
        let agreement = try await ask(#"/kesepakatan baru R-1 "Peta rawan konflik dilaporkan tiap triwulan" pihak @kesbangpol-banjar tenggat 2024-12-31"#,
                                      as: "u-heriansyah", id: "sc-2", chat: kalsel)
        #expect(agreement.data?["id"] == "K-1", "\(agreement.text)")
        let task = try await ask(#"/tugas baru @kesbangpol-banjar "Laporan peta rawan konflik" tenggat 2024-11-27 rakor R-1"#,
                                 as: "u-heriansyah", id: "sc-3", chat: kalsel)
        #expect(task.data?["id"] == "T-1", "\(task.text)")

        // The regency's member lists its tasks and completes it.
        let mine = try await ask("/tugas saya", as: "u-aminah", id: "sc-4", chat: banjar)
        #expect(mine.text.contains("T-1"), "\(mine.text)")
        #expect(mine.text.contains("H-7"), "\(mine.text)")
        let done = try await ask("/tugas selesai T-1 laporan dikirim", as: "u-aminah", id: "sc-5", chat: banjar)
        #expect(done.ok, "\(done.text)")

        // The agreement moves to terealisasi, step by step.
        for (index, status) in ["disepakati", "berjalan", "terealisasi"].enumerated() {
            let moved = try await ask("/kesepakatan status K-1 \(status)", as: "u-heriansyah", id: "sc-6-\(index)", chat: kalsel)
            #expect(moved.ok, "\(moved.text)")
            #expect(moved.data?["ke"] == .string(status))
        }

        // One funding level per regency and component; the second is refused naming the first.
        #expect(try await ask(#"/anggaran item baru KPU-03 "Honor badan ad hoc""#, as: "u-heriansyah", id: "sc-7", chat: kalsel).ok)
        let funded = try await ask("/anggaran tetapkan KPU-03 @kpu-banjar provinsi Rp 1.250.000.000", as: "u-heriansyah",
                                   id: "sc-8", chat: kalsel)
        #expect(funded.ok, "\(funded.text)")
        let twice = try await ask("/anggaran tetapkan KPU-03 @kpu-banjar kabkota Rp 500.000.000", as: "u-heriansyah",
                                  id: "sc-9", chat: kalsel)
        #expect(twice.error?.code == .conflict)
        #expect(twice.text.contains("provinsi"), "\(twice.text)")
        #expect(twice.text.contains("Rp 1.250.000.000"), "\(twice.text)")

        // An official of another province is refused, and that is audited.
        let kaltim = try await ask(#"/tugas baru @kesbangpol-banjar "Data" tenggat 2024-12-01"#, as: "u-sufian", id: "sc-10",
                                   chat: "wa:group-kesbangpol-kaltim")
        #expect(kaltim.error?.code == .forbidden)
        let refusal = await fixture.audit(correlatedWith: "sc-10")
        #expect(refusal.first?["type"] == "rakor.command.rejected")
        #expect(refusal.first?["data"]?["code"] == "forbidden")

        // A command re-sent with the same id changes nothing and gets the identical reply.
        let original = try #require(fixture.replyRecords(to: "sc-3").first?.value)
        try await fixture.kcat(topic: fixture.topics.commands, key: kalsel, value: String(decoding: CommandEnvelope(
            id: "sc-3", chat: kalsel, sender: "u-heriansyah",
            text: #"/tugas baru @kesbangpol-banjar "Laporan peta rawan konflik" tenggat 2024-11-27 rakor R-1"#).encode(), as: UTF8.self))
        let resent = await fixture.reader.wait(timeout: .seconds(15)) { _ in fixture.replyRecords(to: "sc-3").count == 2 }
        try #require(resent, "no second reply to the re-sent command")
        #expect(fixture.replyRecords(to: "sc-3").map(\.value) == [original, original])
        #expect(try await first.runtime.store.read { try $0.tugas.count(TugasFilter()) } == 1)
        #expect(await fixture.audit(correlatedWith: "sc-3").count == 2, "accepted + task assigned, once")

        let auditBefore = fixture.auditRecords.count
        let repliesBefore = fixture.reader.records.filter { $0.topic == fixture.topics.replies }.count
        await first.stop()
        // A clean stop deletes every delivered row: nothing is re-sent on the next start.
        #expect(try await BotFixture.pendingOutbox(fixture.configuration) == 0)

        // A new bot on the same data folder and cluster: everything is still there.
        let second = try await fixture.startBot()
        let lihat = try await ask("/tugas lihat T-1", as: "u-heriansyah", id: "sc-11", chat: kalsel)
        #expect(lihat.data?["status"] == "selesai", "\(lihat.text)")
        let k1 = try await ask("/kesepakatan lihat K-1", as: "u-heriansyah", id: "sc-12", chat: kalsel)
        #expect(k1.data?["status"] == "terealisasi", "\(k1.text)")
        let rekap = try await ask("/anggaran rekap", as: "u-heriansyah", id: "sc-13", chat: kalsel)
        #expect(rekap.text.contains("Rp 1.250.000.000"), "\(rekap.text)")

        // The first bot's offsets were committed: nothing it answered was answered again.
        let repliesAfter = fixture.reader.records.filter { $0.topic == fixture.topics.replies }
        let newIDs = repliesAfter.dropFirst(repliesBefore).compactMap { BotFixture.message($0)?.inReplyTo }
        #expect(newIDs.sorted() == ["sc-11", "sc-12", "sc-13"], "only the three new replies")
        for id in ["sc-1", "sc-2", "sc-5", "sc-8", "sc-9", "sc-10"] {
            #expect(fixture.replyRecords(to: id).count == 1, "\(id) answered again after the restart")
        }

        // An integrator publishes a new schedule: it becomes answerable.
        try await fixture.send(event: Events.calendarPublished(id: "sc-cal"))
        let published = await fixture.audit(correlatedWith: "sc-cal", count: 2)
        #expect(published.map { $0["type"]?.stringValue } == ["rakor.command.accepted", "rakor.calendar.published"])
        let jadwal = try await ask("/jadwal ujicoba2099", as: "u-heriansyah", id: "sc-14", chat: kalsel)
        #expect(jadwal.ok, "\(jadwal.text)")
        #expect(jadwal.text.contains("Pemungutan suara uji coba"), "\(jadwal.text)")

        let head = second.runtime.processor.auditHead
        await second.stop()

        // The run's audit topic verifies end to end, across both bots.
        let settled = await fixture.reader.wait(timeout: .seconds(10)) { _ in
            fixture.auditEvents.last?["sequence"]?.stringValue == String(head.sequence)
        }
        #expect(settled)
        let summary = fixture.verifyAudit()
        #expect(summary.isValid, "\(summary.problems)")
        #expect(summary.chains.map(\.chainID) == ["rakorbot"])
        #expect(summary.chains.first?.lastSequence == head.sequence)
        #expect(summary.chains.first?.lastHash == head.hash)
        #expect(fixture.auditRecords.count > auditBefore)
        await fixture.close()
    }
}

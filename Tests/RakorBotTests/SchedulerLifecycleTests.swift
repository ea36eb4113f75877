import Foundation
import RakorCore
import RakorStore
import Testing
@testable import RakorBot

/// Changes while reminders are planned: a stage moved earlier, a chat that
/// unsubscribes, a task handed to another organisation, a task cancelled.
@Suite("Scheduler: plans that change")
struct SchedulerLifecycleTests {
    typealias Sim = SchedulerSimulationTests
    static let kalsel = "wa:group-kesbangpol-kalsel"

    static func ledger(_ world: SchedulerWorld, matching prefix: String = "") throws -> [String: Date] {
        try world.sentLedger().filter { $0.key.hasPrefix(prefix) }.mapValues(\.sentAt)
    }

    static func eight(_ iso: String, _ zone: ZonaWaktu = .WITA) throws -> Date { try SchedulerFixtures.eight(iso, zone) }

    @Test func aStageMovedEarlierFollowsItsNewDateAndTheMoveSurvivesARestart() async throws {
        let world = try await SchedulerWorld(start: try SchedulerFixtures.instant("2024-11-18T12:00:00Z"))
        let dm = "wa:dm-arief"
        try await Sim.simulate(world, until: try SchedulerFixtures.instant("2024-11-25T00:00:00Z"), actions: [
            (try SchedulerFixtures.instant("2024-11-18T12:00:00Z"),
             .command("/langganan pilkada2024", as: "u-heriansyah", chat: Self.kalsel)),
            (try SchedulerFixtures.instant("2024-11-18T12:00:00Z"),
             .command("/langganan pilkada2024", as: "u-arief", chat: dm)),
            // u-arief stops after the 21 November 08:00 WIB reminders.
            (try SchedulerFixtures.instant("2024-11-21T03:00:00Z"), .command("/berhenti pilkada2024", as: "u-arief", chat: dm)),
            // On 21 November voting day moves from 27 to 23 November.
            (try SchedulerFixtures.instant("2024-11-21T06:00:00Z"), .reschedule(stage: "pemungutan-suara", date: "2024-11-23")),
        ])
        let stage = "rem:stage/pilkada2024/"
        #expect(try Self.ledger(world, matching: stage).filter { $0.key.hasSuffix(Self.kalsel) } == [
            "\(stage)pemungutan-suara@2024-11-27:H-7:\(Self.kalsel)": try Self.eight("2024-11-20"),
            // The new date's H-3 (20 November) came before the move: not sent. H-1 and H-0 follow the new date.
            "\(stage)pemungutan-suara@2024-11-23:H-1:\(Self.kalsel)": try Self.eight("2024-11-22"),
            "\(stage)pemungutan-suara@2024-11-23:H-0:\(Self.kalsel)": try Self.eight("2024-11-23"),
            "\(stage)penghitungan-rekapitulasi@2024-11-27:H-7:\(Self.kalsel)": try Self.eight("2024-11-20"),
            "\(stage)penghitungan-rekapitulasi@2024-11-27:H-3:\(Self.kalsel)": try Self.eight("2024-11-24"),
            "\(stage)masa-tenang@2024-11-24:H-3:\(Self.kalsel)": try Self.eight("2024-11-21"),
            "\(stage)masa-tenang@2024-11-24:H-1:\(Self.kalsel)": try Self.eight("2024-11-23"),
            "\(stage)masa-tenang@2024-11-24:H-0:\(Self.kalsel)": try Self.eight("2024-11-24"),
        ])
        // The private chat (not in the directory: the subscriber's WIB) until it unsubscribed.
        #expect(try Self.ledger(world).filter { $0.key.hasSuffix(dm) } == [
            "\(stage)pemungutan-suara@2024-11-27:H-7:\(dm)": try Self.eight("2024-11-20", .WIB),
            "\(stage)penghitungan-rekapitulasi@2024-11-27:H-7:\(dm)": try Self.eight("2024-11-20", .WIB),
            "\(stage)masa-tenang@2024-11-24:H-3:\(dm)": try Self.eight("2024-11-21", .WIB),
        ])
        // Subscribers heard of the move itself as a notice.
        let notices = try world.outbox().filter { $0.topic == TopicNames.replies }
            .map { try OutboundMessage.decode($0.value) }.filter { $0.kind == .notice }
        #expect(notices.map(\.chat) == [Self.kalsel])

        // A new process replays the move from the store: the old date stays silent.
        try await world.restart()
        try await Sim.simulate(world, until: try SchedulerFixtures.instant("2024-11-28T00:00:00Z"), actions: [])
        let after = try Self.ledger(world, matching: stage).filter { $0.key.hasSuffix(Self.kalsel) }
        #expect(after.count == 10)
        #expect(after["\(stage)penghitungan-rekapitulasi@2024-11-27:H-1:\(Self.kalsel)"] == (try Self.eight("2024-11-26")))
        #expect(after["\(stage)penghitungan-rekapitulasi@2024-11-27:H-0:\(Self.kalsel)"] == (try Self.eight("2024-11-27")))
        #expect(after.keys.filter { $0.contains("pemungutan-suara@2024-11-27") }.count == 1)
        try world.verifyAuditChain()
    }

    @Test func aReassignedTaskRemindsItsNewAssigneeAndACancelledOneFallsSilent() async throws {
        let world = try await SchedulerWorld(start: try SchedulerFixtures.instant("2024-11-18T12:00:00Z"))
        let start = try SchedulerFixtures.instant("2024-11-18T12:00:00Z")
        try await Sim.simulate(world, until: try SchedulerFixtures.instant("2024-12-01T06:00:00Z"), actions: [
            (start, .command("/tugas baru @kpu-banjar \"Rekap logistik\" tenggat 2024-11-30", as: "u-heriansyah",
                             chat: Self.kalsel)),
            (start, .command("/tugas baru @kpu-banjar \"Data pemilih disabilitas\" tenggat 2024-11-28",
                             as: "u-heriansyah", chat: Self.kalsel)),
            (try SchedulerFixtures.instant("2024-11-24T03:00:00Z"),
             .command("/tugas alihkan T-1 @kpu-tanahbumbu", as: "u-heriansyah", chat: Self.kalsel)),
            (try SchedulerFixtures.instant("2024-11-25T03:00:00Z"),
             .command("/tugas batal T-2 data sudah ada", as: "u-heriansyah", chat: Self.kalsel)),
        ])
        let t1 = "task/T-1@2024-11-30"
        let t2 = "task/T-2@2024-11-28"
        #expect(try Self.ledger(world) == [
            "rem:\(t1):H-7:wa:group-kpu-banjar": try Self.eight("2024-11-23"),
            "rem:\(t1):H-3:wa:group-kpu-tanahbumbu": try Self.eight("2024-11-27"),
            "rem:\(t1):H-1:wa:group-kpu-tanahbumbu": try Self.eight("2024-11-29"),
            "rem:\(t1):H-0:wa:group-kpu-tanahbumbu": try Self.eight("2024-11-30"),
            // Tanah Bumbu (63.10) has no pengawas of its own: the assigner's two
            // groups, the national and the provincial supervisors.
            "esc:\(t1):H+1:wa:group-kesbangpol-kalsel": try Self.eight("2024-12-01"),
            "esc:\(t1):H+1:wa:group-rakor-pilkada-kalsel": try Self.eight("2024-12-01"),
            "esc:\(t1):H+1:wa:group-ditjen-polpum": try Self.eight("2024-12-01", .WIB),
            "esc:\(t1):H+1:wa:group-bawaslu-kalsel": try Self.eight("2024-12-01"),
            "esc:\(t1):H+1:wa:group-setda-kalsel": try Self.eight("2024-12-01"),
            // Cancelled on 25 November after its H-3: nothing more, no escalation.
            "rem:\(t2):H-7:wa:group-kpu-banjar": try Self.eight("2024-11-21"),
            "rem:\(t2):H-3:wa:group-kpu-banjar": try Self.eight("2024-11-25"),
        ])
    }

    @Test func cancellingAPeriodAfterItRolledOverKeepsTheNextOne() async throws {
        let world = try await SchedulerWorld(start: try SchedulerFixtures.instant("2024-10-01T00:00:00Z"))
        try await Sim.simulate(world, until: try SchedulerFixtures.instant("2024-11-02T00:00:00Z"), actions: [
            (try SchedulerFixtures.instant("2024-10-01T00:00:00Z"),
             .command("/tugas baru @kesbangpol-banjar \"Peta konflik sosial\" tenggat 2024-10-31 ulang triwulanan",
                      as: "u-heriansyah", chat: Self.kalsel)),
        ])
        // 1 November 08:00 WITA: T-1 passed its due date open, T-2 (31 January) was opened.
        let t2 = try #require(try world.store.readSync { try $0.tugas.find(ItemID(.tugas, 2)) })
        #expect(t2.tenggat == (try SchedulerFixtures.day("2025-01-31")))
        #expect(t2.seri == ItemID(.tugas, 1))
        #expect(t2.dibuatPada == (try Self.eight("2024-11-01")))
        let reply = try await world.command("/tugas batal T-1 terlambat, diganti periode berikutnya", as: "u-heriansyah",
                                            chat: Self.kalsel)
        #expect(reply.ok)
        #expect(reply.text.hasSuffix(
            "Periode berikutnya T-2 (tenggat Jumat, 31 Januari 2025) sudah dibuka dan tidak ikut dibatalkan."))
        #expect(try world.store.readSync { try $0.tugas.find(ItemID(.tugas, 2))?.status } == .terbuka)
        // Cancelling the open period ends the series.
        let last = try await world.command("/tugas batal T-2", as: "u-heriansyah", chat: Self.kalsel)
        #expect(last.text.hasSuffix("Seri tugas berulang ini berhenti: tidak ada periode berikutnya."))
    }
}

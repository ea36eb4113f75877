import Foundation
@testable import RakorBot
import RakorCore
import RakorStore
import Testing

/// A new processor on the same store (a restart) carries on where the last
/// one stopped: calendars as the integrators left them, the audit chain from
/// its stored head, the ledger answering redeliveries.
@Suite("Processor: restart")
struct RestoreStateTests {
    @Test func calendarChangesAndTheChainSurviveANewProcessor() throws {
        let h = try ProcessorHarness()
        let publish = h.event(Events.calendarPublished(id: "r-cal"))
        try h.run([publish, h.event(Events.stageRescheduled(id: "r-rs"))])
        let command = h.command("/tenggat", as: "u-heriansyah", id: "r-cmd")
        let answered = try h.run([command])
        let head = h.processor.auditHead
        #expect(head.sequence == 5)

        try h.restart()
        #expect(h.processor.auditHead == head)
        #expect(h.processor.catalog.calendar(named: "ujicoba2099")?.stage(id: "pemungutan-suara")?.dates.first.iso
                == "2099-11-25")
        let voting = h.processor.catalog.calendar(named: "pilkada2020")?.stage(id: "pemungutan-suara")
        #expect(voting?.dates.first.iso == "2020-12-16")
        #expect(voting?.rescheduled.last?.previous.first.iso == "2020-12-09")

        let jadwal = try h.ask("/jadwal ujicoba2099", as: "u-heriansyah")
        #expect(jadwal.text.contains("Pemungutan suara uji coba"), "\(jadwal.text)")
        #expect(try h.ask("/jadwal pilkada2020", as: "u-heriansyah").text.contains("Rabu, 16 Desember 2020"))

        // Redeliveries across the restart are still answered from the ledger.
        let redelivered = try h.run([command, publish])
        #expect(redelivered.audit.isEmpty)
        #expect(redelivered.replyRows.map(\.value) == answered.replyRows.map(\.value))

        // The chain continues from the stored head: one chain, no gap, no fork.
        let summary = h.verifyAudit()
        #expect(summary.isValid, "\(summary.problems)")
        #expect(summary.chains.count == 1)
        #expect(summary.chains.first?.lastSequence == 7)
        #expect(h.auditRows.count == 7)
    }

    @Test func aFreshStoreStartsAtGenesisWithTheShippedCalendars() throws {
        let h = try ProcessorHarness()
        #expect(h.processor.auditHead == .genesis)
        #expect(Set(h.processor.catalog.calendars.map(\.id)) == ["pemilu2024", "pilkada2024", "pilkada2020"])
    }

    @Test func aLoggedChangeThatNoLongerAppliesIsSkippedNotFatal() throws {
        // A reschedule of a stage a later shipped file no longer has must not
        // stop the bot from starting.
        let h = try ProcessorHarness()
        try h.store.writeSync { session in
            _ = try session.calendarChanges.append(CalendarChange(
                calendarID: "pilkada2020",
                kind: .rescheduled(stageID: "dihapus", start: try #require(LocalDate(iso: "2020-12-01")), end: try #require(LocalDate(iso: "2020-12-02")),
                                   reason: "uji", source: nil),
                eventID: "old", at: h.now))
            _ = try session.calendarChanges.append(CalendarChange(
                calendarID: "ujicoba2099", kind: .published(document: Events.testCalendar), eventID: "cal", at: h.now))
        }
        try h.restart()
        #expect(h.processor.catalog.calendar(named: "ujicoba2099") != nil)
        #expect(h.processor.catalog.calendar(named: "pilkada2020")?.stage(id: "pemungutan-suara")?.dates.first.iso
                == "2020-12-09")
    }

    @Test func resynchronizeDropsUncommittedCalendarsAndChainHead() throws {
        let h = try ProcessorHarness()
        struct Boom: Error {}
        let processor = h.processor, now = h.now
        let record = h.event(Events.calendarPublished(id: "lost"))
        #expect(throws: Boom.self) {
            try h.store.writeSync { session in
                _ = try processor.process([record], session: session, now: now)
                throw Boom()
            }
        }
        // The in-memory state moved on inside the failed transaction…
        #expect(processor.catalog.calendar(named: "ujicoba2099") != nil)
        // …and is put back to what is committed.
        try h.store.readSync { try processor.resynchronize(session: $0) }
        #expect(processor.catalog.calendar(named: "ujicoba2099") == nil)
        #expect(processor.auditHead == .genesis)
    }
}

import Foundation
@testable import RakorBot
import RakorCore
import RakorStore
import Testing

/// Kafka delivers at least once; the ledger makes effects happen once.
@Suite("Processor: redelivery")
struct RedeliveryTests {
    static let assign = #"/tugas baru @kpu-banjar "Data pemilih" tenggat 2024-12-01"#

    func taskCount(_ h: ProcessorHarness) throws -> Int {
        try h.store.readSync { try $0.tugas.count(TugasFilter()) }
    }

    @Test func theSameIdInALaterBatchHasOneEffectAndGetsTheIdenticalReply() throws {
        let h = try ProcessorHarness()
        let record = h.command(Self.assign, as: "u-heriansyah", id: "dup-1")
        let first = try h.run([record])
        #expect(first.reply(to: "dup-1")?.ok == true)
        #expect(first.auditTypes == ["rakor.command.accepted", "rakor.task.assigned"])
        #expect(first.notices.count == 1)

        // Redelivered (even at another offset, e.g. after a partition moved).
        var again = record
        again.offset += 100
        let second = try h.run([again])
        #expect(second.rows.count == 1, "only the reply: no audit, no notice, no dead letter")
        #expect(second.replyRows.first?.value == first.replyRow(to: "dup-1")?.value)
        #expect(second.replyRows.first?.keyText == "wa:test-chat")
        #expect(second.tally.duplicates == 1)
        #expect(second.tally.commandCount == 0)
        #expect(try taskCount(h) == 1)
        #expect(h.verifyAudit().events == 2)
    }

    @Test func theSameIdTwiceInOneBatchHasOneEffect() throws {
        let h = try ProcessorHarness()
        let record = h.command(Self.assign, as: "u-heriansyah", id: "dup-2")
        let out = try h.run([record, record])
        #expect(out.replyRows.filter { (try? OutboundMessage.decode($0.value))?.kind == .reply }.count == 2)
        let replies = out.replyRows.filter { (try? OutboundMessage.decode($0.value))?.inReplyTo == "dup-2" }
        #expect(replies.count == 2)
        #expect(replies[0].value == replies[1].value)
        #expect(out.auditTypes == ["rakor.command.accepted", "rakor.task.assigned"])
        #expect(out.notices.count == 1)
        #expect(out.tally.duplicates == 1)
        #expect(try taskCount(h) == 1)
    }

    @Test func aRefusedCommandRedeliveredIsRefusedIdenticallyWithoutASecondAuditEvent() throws {
        let h = try ProcessorHarness()
        let record = h.command(#"/tugas baru @kpu-banjar "X" tenggat 2024-12-01"#, as: "u-sufian", id: "dup-3")
        let first = try h.run([record])
        #expect(first.reply(to: "dup-3")?.error?.code == .forbidden)
        let second = try h.run([record])
        #expect(second.audit.isEmpty)
        #expect(second.replyRows.map(\.value) == first.replyRows.map(\.value))
    }

    @Test func aRedeliveryIsAnsweredEvenWhenTheStateHasMovedOn() throws {
        // The first attempt created T-1; the task is completed meanwhile. The
        // redelivered command must neither create T-2 nor change its answer.
        let h = try ProcessorHarness()
        let record = h.command(Self.assign, as: "u-heriansyah", id: "dup-4")
        let first = try h.run([record])
        #expect(try h.ask("/tugas selesai T-1", as: "u-mutallib").ok)
        let second = try h.run([record])
        #expect(second.replyRows.first?.value == first.replyRow(to: "dup-4")?.value)
        #expect(try taskCount(h) == 1)
    }

    @Test func anIdReusedFromAnotherChatIsAnsweredInTheOriginalChatOnly() throws {
        // The stored reply belongs to the chat that first sent the id. A
        // colliding id from another chat must not carry that reply to the
        // other chat's key (a bridge routing by key would leak it).
        let h = try ProcessorHarness()
        let first = try h.run([h.command("/tugas saya", as: "u-mutallib", id: "same-id", chat: "wa:group-kpu-banjar")])
        let other = try h.run([h.command("/tugas saya", as: "u-sufian", id: "same-id", chat: "wa:group-kesbangpol-kaltim")])
        #expect(other.replyRows.count == 1)
        #expect(other.replyRows.first?.value == first.replyRows.first?.value)
        #expect(other.replyRows.first?.keyText == "wa:group-kpu-banjar")
        #expect(other.replies.first?.chat == "wa:group-kpu-banjar")
    }

    @Test func theLedgerKeepsTheReplyBytesAndTheOutcome() throws {
        let h = try ProcessorHarness()
        let out = try h.run([h.command(Self.assign, as: "u-heriansyah", id: "led-1"),
                             h.command("/tugas lihat T-9", as: "u-heriansyah", id: "led-2")])
        #expect(try h.ledger("cmd:led-1")?.reply == out.replyRow(to: "led-1")?.value)
        #expect(try h.ledger("cmd:led-1")?.outcome == .accepted)
        #expect(try h.ledger("cmd:led-2")?.outcome == .rejected(.notFound))
        #expect(try h.ledger("cmd:led-2")?.at == h.now)
    }

    @Test func aFailedTransactionLeavesNoTraceAndTheRetryCommitsOnce() throws {
        // The pipeline retries a batch whose transaction failed; nothing of
        // the failed attempt (ledger row, chain head, task) may survive it.
        let h = try ProcessorHarness()
        let record = h.command(Self.assign, as: "u-heriansyah", id: "retry-1")
        struct Boom: Error {}
        let processor = h.processor, now = h.now
        #expect(throws: Boom.self) {
            try h.store.writeSync { session in
                _ = try processor.process([record], session: session, now: now)
                throw Boom()
            }
        }
        try h.store.readSync { try processor.resynchronize(session: $0) }
        #expect(processor.auditHead == .genesis)
        #expect(try h.ledger("cmd:retry-1") == nil)
        #expect(try taskCount(h) == 0)

        let retry = try h.run([record])
        #expect(retry.reply(to: "retry-1")?.ok == true)
        #expect(retry.audit.first?["sequence"] == "1")
        #expect(try taskCount(h) == 1)
        #expect(h.verifyAudit().isValid)
    }

    @Test func anInquiryLostWithARolledBackBatchIsRecordedOnRetry() throws {
        // `/jadwal` records that the chat asked about the election (so a
        // reschedule can tell it). If that batch's transaction fails, the
        // retry must record it again, or the chat never hears of a change.
        let h = try ProcessorHarness()
        let record = h.command("/jadwal pilkada2020", as: "u-heriansyah", id: "inq-1", chat: "wa:asked")
        struct Boom: Error {}
        let processor = h.processor, now = h.now
        #expect(throws: Boom.self) {
            try h.store.writeSync { session in
                _ = try processor.process([record], session: session, now: now)
                throw Boom()
            }
        }
        try h.store.readSync { try processor.resynchronize(session: $0) }
        try h.run([record])
        let asked = try h.store.readSync { try $0.subscriptions.chats(thatAsked: "pilkada2020") }
        #expect(asked == ["wa:asked"])
    }
}

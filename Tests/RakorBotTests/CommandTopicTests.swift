import Foundation
@testable import RakorBot
import RakorCore
import RakorStore
import Testing

/// `rakor.commands` through `BatchProcessor`: valid commands, their replies,
/// audit events and ledger rows, exactly as the contract puts them on the wire.
@Suite("Processor: commands topic")
struct CommandTopicTests {
    @Test func aLookupGetsOneReplyOneAcceptedEventAndALedgerRow() throws {
        let h = try ProcessorHarness()
        let out = try h.run([h.command("/tenggat pemungutan suara pilkada 2024", as: "u-heriansyah", id: "cmd-1",
                                       chat: "wa:group-kesbangpol-kalsel")])

        #expect(out.replies.count == 1)
        let reply = try #require(out.reply(to: "cmd-1"))
        #expect(reply.id == "r-cmd-1")
        #expect(reply.kind == .reply)
        #expect(reply.chat == "wa:group-kesbangpol-kalsel")
        #expect(reply.ok)
        #expect(reply.error == nil)
        #expect(reply.lang == .id)
        #expect(reply.text.contains("Rabu, 27 November 2024"), "\(reply.text)")
        #expect(reply.text.contains("H-7"), "\(reply.text)")
        // The reply is keyed by the chat, so a bridge partitioned by chat gets it in order.
        #expect(out.replyRows.first?.keyText == "wa:group-kesbangpol-kalsel")

        #expect(out.auditTypes == ["rakor.command.accepted"])
        let event = try #require(out.audit.first)
        #expect(event["specversion"] == "1.0")
        #expect(event["source"] == "rakorbot/rakorbot")
        #expect(event["subject"] == "command/cmd-1")
        #expect(event["actor"] == "u-heriansyah")
        #expect(event["correlationid"] == "cmd-1")
        #expect(event["sequence"] == "1")
        #expect(event["prevhash"] == .string(AuditHead.zeroHash))
        #expect(event["time"] == "2024-11-20T01:00:00.000Z")
        #expect(event["data"]?["chat"] == "wa:group-kesbangpol-kalsel")
        #expect(event["data"]?["reply"] == "r-cmd-1")
        #expect(event["data"]?["command"] == "/tenggat")
        #expect(event["data"]?["code"] == nil)
        #expect(out.auditRows.first?.keyText == "rakorbot")

        let entry = try #require(try h.ledger("cmd:cmd-1"))
        #expect(entry.outcome == .accepted)
        #expect(entry.reply == out.replyRows.first?.value)
        #expect(out.deadLetters.isEmpty)
        #expect(out.tally.commands[BatchTally.CommandKey(command: "/tenggat", outcome: "ok")] == 1)
    }

    @Test func aWriteAddsItsStateChangeEventsAndNotices() throws {
        let h = try ProcessorHarness()
        let out = try h.run([
            h.command(#"/rakor baru "Rakor Pilkada" tanggal 2024-11-18"#, as: "u-heriansyah", id: "w-1"),
            h.command(#"/tugas baru @kesbangpol-banjar "Peta rawan konflik" tenggat 2024-11-27 rakor R-1"#,
                      as: "u-heriansyah", id: "w-2"),
        ])
        #expect(out.reply(to: "w-1")?.ok == true)
        let task = try #require(out.reply(to: "w-2"))
        #expect(task.ok, "\(task.text)")
        #expect(task.data?["id"] == "T-1")
        #expect(out.audit(correlatedWith: "w-2").map { $0["type"]?.stringValue } == ["rakor.command.accepted", "rakor.task.assigned"])
        #expect(out.audit(correlatedWith: "w-2").last?["subject"] == "task/T-1")
        // The regency hears of its new task in its own group.
        let notice = try #require(out.notices.first)
        #expect(notice.kind == .notice)
        #expect(notice.inReplyTo == nil)
        #expect(notice.chat == "wa:group-kesbangpol-banjar")
        #expect(notice.id == "n-w-2-1")
        let stored = try h.store.readSync { try $0.tugas.find(ItemID(.tugas, 1)) }
        #expect(stored?.untukOrg == "kesbangpol-banjar")
        // Sequences run on across the batch: 1 (w-1 accepted), 2 (meeting), 3, 4.
        #expect(out.audit.map { $0["sequence"]?.stringValue } == ["1", "2", "3", "4"])
    }

    @Test func anUnknownCommandIsAnsweredNotDeadLettered() throws {
        let h = try ProcessorHarness()
        let out = try h.run([h.command("/tengat 30 hari", as: "u-heriansyah", id: "u-1")])
        let reply = try #require(out.reply(to: "u-1"))
        #expect(!reply.ok)
        #expect(reply.error?.code == .unknownCommand)
        #expect(reply.text.contains("/tenggat"), "a suggestion: \(reply.text)")
        #expect(out.deadLetters.isEmpty)
        #expect(out.auditTypes == ["rakor.command.rejected"])
        #expect(out.audit.first?["data"]?["code"] == "unknown_command")
        #expect(try h.ledger("cmd:u-1")?.outcome == .rejected(.unknownCommand))
    }

    @Test func anUnknownSenderIsForbiddenAndAudited() throws {
        let h = try ProcessorHarness()
        let out = try h.run([h.command("/tenggat", as: "u-nobody", id: "f-1")])
        let reply = try #require(out.reply(to: "f-1"))
        #expect(reply.error?.code == .forbidden)
        #expect(reply.text.contains("u-nobody"))
        #expect(out.deadLetters.isEmpty)
        #expect(out.auditTypes == ["rakor.command.rejected"])
        let event = try #require(out.audit.first)
        #expect(event["actor"] == "u-nobody")
        #expect(event["data"]?["code"] == "forbidden")
        #expect(try h.ledger("cmd:f-1")?.outcome == .rejected(.forbidden))
    }

    @Test func aPermissionRefusalIsForbiddenAndChangesNothing() throws {
        let h = try ProcessorHarness()
        // Kaltim's coordinator may not assign to a Kalsel regency.
        let out = try h.run([h.command(#"/tugas baru @kpu-banjar "X" tenggat 2024-12-01"#, as: "u-sufian", id: "p-1")])
        #expect(out.reply(to: "p-1")?.error?.code == .forbidden)
        #expect(out.auditTypes == ["rakor.command.rejected"])
        #expect(out.notices.isEmpty)
        #expect(try h.store.readSync { try $0.tugas.count(TugasFilter()) } == 0)
    }

    // MARK: Language

    @Test func theEnvelopeLanguageWins() throws {
        // u-rina's directory language is English; the envelope asks for Indonesian.
        let h = try ProcessorHarness()
        let reply = try h.ask("/tenggat pemungutan suara pilkada 2024", as: "u-rina", lang: .id)
        #expect(reply.lang == .id)
        #expect(reply.text.contains("Rabu, 27 November 2024"), "\(reply.text)")
        let english = try h.ask("/tenggat pemungutan suara pilkada 2024", as: "u-heriansyah", lang: .en)
        #expect(english.lang == .en)
        #expect(english.text.contains("Wednesday, 27 November 2024"), "\(english.text)")
    }

    @Test func helpAnswersInEnglishAndBantuanInTheSendersLanguage() throws {
        let h = try ProcessorHarness()
        let help = try h.ask("/help", as: "u-heriansyah")
        #expect(help.ok)
        #expect(help.lang == .en)
        #expect(help.text.contains("/deadline"), "\(help.text)")
        let bantuan = try h.ask("/bantuan", as: "u-heriansyah")
        #expect(bantuan.lang == .id)
        #expect(bantuan.text.contains("/tenggat"), "\(bantuan.text)")
        // The directory language applies when neither the envelope nor the alias says.
        let rina = try h.ask("/tenggat pemungutan suara pilkada 2024", as: "u-rina")
        #expect(rina.lang == .en)
        #expect(rina.text.contains("Wednesday, 27 November 2024"), "\(rina.text)")
    }

    @Test func refusalsBeforeDispatchUseTheSendersLanguage() throws {
        let h = try ProcessorHarness()
        let unknown = try h.ask("/tenggat", as: "u-nobody", lang: .en)
        #expect(unknown.lang == .en)
        #expect(unknown.text.contains("not in rakorbot's directory"), "\(unknown.text)")
        let defaulted = try h.ask("/tenggat", as: "u-nobody")
        #expect(defaulted.lang == .id)
        #expect(defaulted.text.contains("tidak terdaftar"), "\(defaulted.text)")
    }

    // MARK: Audit chain

    @Test func theAuditChainRunsAcrossBatchesAndItsHeadIsPersisted() throws {
        let h = try ProcessorHarness()
        try h.run([h.command("/tenggat", as: "u-heriansyah"), h.command("/tengat", as: "u-heriansyah")])
        try h.run([h.raw("not json")])
        try h.run([h.command(#"/rakor baru "Rakor" tanggal 2024-11-18"#, as: "u-heriansyah")])

        let summary = h.verifyAudit()
        #expect(summary.isValid, "\(summary.problems)")
        #expect(summary.events == 5)
        let chain = try #require(summary.chains.first)
        #expect(summary.chains.count == 1)
        #expect(chain.chainID == "rakorbot")
        #expect(chain.firstSequence == 1)
        #expect(chain.lastSequence == 5)

        let stored = try h.store.readSync { try $0.auditHead.get(chain: "rakorbot") }
        #expect(stored == AuditHead(sequence: 5, hash: chain.lastHash))
        #expect(h.processor.auditHead == stored)
        // Each event links to the one before it, across batch boundaries.
        let events = try h.auditRows.map { try #require(try JSONParser().parse($0.value).objectValue) }
        for (previous, next) in zip(events, events.dropFirst()) {
            #expect(next["prevhash"] == previous["hash"])
        }
    }

    @Test func aBatchWithNothingToAuditLeavesTheHeadAlone() throws {
        let h = try ProcessorHarness()
        let command = h.command("/tenggat", as: "u-heriansyah", id: "same")
        try h.run([command])
        let head = h.processor.auditHead
        let again = try h.run([command])
        #expect(again.audit.isEmpty)
        #expect(h.processor.auditHead == head)
        #expect(try h.store.readSync { try $0.auditHead.get(chain: "rakorbot") } == head)
    }

    @Test func truncatedLogsAreAuditedAsNotices() throws {
        let h = try ProcessorHarness()
        let out = try h.run([], resets: [OffsetResetNotice(topic: "rakor.commands", partition: 2, offset: 17,
                                                           message: "offset out of range")])
        #expect(out.auditTypes == ["rakor.notice.offset_reset"])
        #expect(out.audit.first?["subject"] == "partition/rakor.commands/2")
        #expect(out.audit.first?["data"]?["offset"] == .int(17))
        #expect(out.tally.offsetResets == 1)
        #expect(h.verifyAudit().isValid)
    }

    @Test func aCustomInstanceNamesTheChainAndSource() throws {
        let h = try ProcessorHarness(settings: ProcessorSettings(instance: "kalsel-1", rateLimit: .unlimited))
        let out = try h.run([h.command("/tenggat", as: "u-heriansyah")])
        #expect(out.audit.first?["source"] == "rakorbot/kalsel-1")
        #expect(out.auditRows.first?.keyText == "kalsel-1")
        #expect(try h.store.readSync { try $0.auditHead.get(chain: "kalsel-1") }?.sequence == 1)
    }

    @Test func theAuditedTextIsCappedAtTheConfiguredLength() throws {
        let h = try ProcessorHarness(settings: ProcessorSettings(rateLimit: .unlimited, auditTextLimit: 8))
        let out = try h.run([h.command("/tenggat pemungutan suara", as: "u-heriansyah")])
        #expect(out.audit.first?["data"]?["text"] == "/tenggat")
    }
}

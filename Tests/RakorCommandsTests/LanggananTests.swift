import Foundation
import RakorCommands
import RakorCore
import RakorStore
import Testing

@Suite("/langganan (/subscribe) and /berhenti (/unsubscribe)")
struct LanggananTests {
    static let chat = "wa:group-kesbangpol-kalsel"

    static func subscriptions(_ harness: CommandHarness, chat: String = chat) throws -> [String] {
        try harness.store.readSync { try $0.subscriptions.elections(subscribedBy: chat) }
    }

    @Test func subscribeAndUnsubscribeRoundTrip() throws {
        let harness = try CommandHarness()
        let subscribed = try harness.run("/langganan pilkada2024", as: "u-heriansyah", chat: Self.chat)
        #expect(subscribed.ok)
        #expect(subscribed.dispatch.mutates)
        let lines = subscribed.text.components(separatedBy: "\n")
        #expect(lines[0] == "Obrolan ini sekarang menerima pengingat tahapan Pilkada 2024.")
        #expect(lines[1] == "Tahapan berjalan: Pelaksanaan kampanye — 25 September – 23 November 2024 (sedang berlangsung, s.d. H-3)")
        #expect(lines[2] == "Untuk berhenti: /berhenti pilkada2024")
        #expect(subscribed.reply?.data == ["chat": .string(Self.chat), "election": "pilkada2024", "subscribed": true, "changed": true])
        #expect(try Self.subscriptions(harness) == ["pilkada2024"])
        #expect(try harness.store.readSync { try $0.subscriptions.chats(subscribedTo: "pilkada2024") } == [Self.chat])
        let created = try #require(subscribed.dispatch.effects.audit.first)
        #expect(subscribed.dispatch.effects.audit.count == 1)
        #expect(created.type == "rakor.subscription.created")
        #expect(created.subject == "chat/\(Self.chat)")
        #expect(created.data == ["chat": .string(Self.chat), "election": "pilkada2024"])

        let stopped = try harness.run("/berhenti pilkada2024", as: "u-heriansyah", chat: Self.chat)
        #expect(stopped.ok)
        #expect(stopped.text == "Pengingat tahapan Pilkada 2024 untuk obrolan ini dihentikan. Berlangganan lagi: /langganan pilkada2024")
        #expect(stopped.reply?.data?["changed"] == true)
        #expect(try Self.subscriptions(harness).isEmpty)
        let removed = try #require(stopped.dispatch.effects.audit.first)
        #expect(stopped.dispatch.effects.audit.count == 1)
        #expect(removed.type == "rakor.subscription.removed")
        #expect(removed.subject == "chat/\(Self.chat)")
        #expect(removed.data["election"] == "pilkada2024")
    }

    @Test func subscribingTwiceIsIdempotent() throws {
        let harness = try CommandHarness()
        _ = try harness.run("/langganan pilkada2024", as: "u-mutallib", chat: Self.chat)
        // Another spelling of the same election, by another member of the chat.
        let again = try harness.run("/langganan Pilkada 2024", as: "u-heriansyah", chat: Self.chat)
        #expect(again.ok)
        #expect(again.text.hasPrefix("Obrolan ini sudah berlangganan pengingat tahapan Pilkada 2024; tidak ada yang berubah."))
        #expect(again.reply?.data?["changed"] == false)
        #expect(again.dispatch.effects.audit.isEmpty)
        #expect(try Self.subscriptions(harness) == ["pilkada2024"])
    }

    @Test func stoppingWhatWasNotSubscribedChangesNothing() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/berhenti pemilu2024", as: "u-heriansyah", chat: Self.chat)
        #expect(outcome.ok)
        #expect(outcome.text == "Obrolan ini tidak berlangganan pengingat Pemilu 2024; tidak ada yang berubah.")
        #expect(outcome.reply?.data?["changed"] == false)
        #expect(outcome.dispatch.effects.audit.isEmpty)
    }

    @Test func subscriptionsBelongToTheChat() throws {
        let harness = try CommandHarness()
        _ = try harness.run("/langganan pilkada2024", as: "u-heriansyah", chat: Self.chat)
        _ = try harness.run("/subscribe pemilu2024", as: "u-heriansyah", chat: "wa:other")
        #expect(try Self.subscriptions(harness) == ["pilkada2024"])
        #expect(try Self.subscriptions(harness, chat: "wa:other") == ["pemilu2024"])
        _ = try harness.run("/berhenti pilkada2024", as: "u-heriansyah", chat: "wa:other")
        #expect(try Self.subscriptions(harness) == ["pilkada2024"])
    }

    @Test func listWithoutArgument() throws {
        let harness = try CommandHarness()
        let empty = try harness.run("/langganan", as: "u-heriansyah", chat: Self.chat)
        #expect(empty.ok)
        #expect(empty.text == "Obrolan ini belum berlangganan pengingat tahapan. Contoh: /langganan pilkada2024 (pilihan: pemilu2024, pilkada2020, pilkada2024).")
        #expect(empty.reply?.data?["elections"] == [])
        #expect(empty.dispatch.effects.audit.isEmpty)

        _ = try harness.run("/langganan pilkada2024", as: "u-heriansyah", chat: Self.chat)
        _ = try harness.run("/langganan pemilu2024", as: "u-heriansyah", chat: Self.chat)
        let list = try harness.run("/subscribe", as: "u-heriansyah", chat: Self.chat)
        #expect(list.text == "This chat gets the stage reminders of:\n• Pemilu 2024 (pemilu2024)\n• Pilkada 2024 (pilkada2024)\nTo stop: /unsubscribe <election>")
        #expect(list.reply?.data?["elections"] == ["pemilu2024", "pilkada2024"])
    }

    @Test func englishReplies() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/subscribe pilkada2024", as: "u-heriansyah", chat: Self.chat)
        #expect(outcome.text.hasPrefix("This chat now gets the stage reminders of Pilkada 2024.\nStage under way: Campaign period"))
        #expect(outcome.text.hasSuffix("To stop: /unsubscribe pilkada2024"))
        let stop = try harness.run("/unsubscribe pilkada2024", as: "u-heriansyah", chat: Self.chat)
        #expect(stop.text.hasPrefix("The stage reminders of Pilkada 2024 are stopped for this chat."))
    }

    @Test func nextStageOnceTheCurrentOneEnds() throws {
        let harness = try CommandHarness(now: "2024-11-24T01:00:00Z")
        let outcome = try harness.run("/langganan pilkada2024", as: "u-heriansyah", chat: Self.chat)
        #expect(outcome.text.contains("Tahapan berjalan: Masa tenang — 24–26 November 2024 (dimulai hari ini, s.d. H-2)"))
        let finished = try CommandHarness(now: "2025-01-01T01:00:00Z")
        let none = try finished.run("/langganan pilkada2024", as: "u-heriansyah", chat: Self.chat)
        #expect(!none.text.contains("Tahapan"))
    }

    @Test func unknownElectionIsNotFoundAndStoresNothing() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/langganan pemilu2099", as: "u-heriansyah", chat: Self.chat)
        #expect(outcome.code == .notFound)
        #expect(outcome.text.hasSuffix("Yang ada: pemilu2024, pilkada2020, pilkada2024."))
        #expect(outcome.dispatch.effects.audit.isEmpty)
        #expect(try Self.subscriptions(harness).isEmpty)
        #expect(try harness.run("/berhenti pemilu2099", as: "u-heriansyah", chat: Self.chat).code == .notFound)
    }

    @Test func stopWithoutArgumentListsTheSubscriptions() throws {
        let harness = try CommandHarness()
        _ = try harness.run("/langganan pilkada2024", as: "u-heriansyah", chat: Self.chat)
        let outcome = try harness.run("/berhenti", as: "u-heriansyah", chat: Self.chat)
        #expect(outcome.code == .badArguments)
        #expect(outcome.text == "Sebutkan pemilihannya. Langganan obrolan ini: pilkada2024.\nFormat: /berhenti <pemilihan>")
    }

    @Test func subscriptionToAnElectionNoLongerKnownCanStillBeStopped() throws {
        let harness = try CommandHarness()
        let at = harness.now
        let created = try harness.store.writeSync { try $0.subscriptions.subscribe(chat: Self.chat, election: "pemilu2019", at: at) }
        #expect(created)
        let outcome = try harness.run("/berhenti pemilu2019", as: "u-heriansyah", chat: Self.chat)
        #expect(outcome.ok)
        #expect(outcome.reply?.data?["election"] == "pemilu2019")
        #expect(outcome.dispatch.effects.audit.first?.data["election"] == "pemilu2019")
        #expect(try Self.subscriptions(harness).isEmpty)
    }

    @Test func anyDirectoryUserMaySubscribe() throws {
        let harness = try CommandHarness()
        // A supervisor changes no records, but may manage reminders.
        #expect(try harness.run("/langganan pilkada2024", as: "u-yasoaro", chat: "wa:pengawas").ok)
        #expect(try harness.run("/langganan pilkada2024", as: "u-grace", chat: "wa:maluku").ok)
    }
}

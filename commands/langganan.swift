import RakorCore
import RakorStore

/// `/langganan <pemilihan>` (`/subscribe`) and `/berhenti <pemilihan>`
/// (`/unsubscribe`): whether this chat gets an election's stage reminders.
/// Both are idempotent: subscribing twice, or stopping what was never
/// subscribed, answers `ok` and changes (and audits) nothing. `/langganan`
/// alone lists the chat's subscriptions.
public enum LanggananFamily {
    public static let specs: [CommandSpec] = [
        CommandSpec(
            words: ["langganan"], aliases: [["subscribe"]],
            usage: Localized(id: "/langganan [pemilihan]", en: "/subscribe [election]"),
            summary: Localized(id: "obrolan ini menerima pengingat tahapan satu pemilihan (tanpa argumen: daftar langganan)",
                               en: "this chat gets an election's stage reminders (no argument: the subscriptions)"),
            aksi: .langganan, mutates: true,
            details: Localized(
                id: "Pengingat dikirim ke obrolan tempat perintah diketik pada H-7, H-3, H-1 dan H-0 setiap tahapan, pukul 08.00 waktu setempat (zona organisasi pemilik obrolan, atau zona pelanggan). Berlangganan dua kali tidak mengubah apa pun. Berhenti dengan /berhenti <pemilihan>.",
                en: "Reminders go to the chat the command was typed in at H-7, H-3, H-1 and H-0 of every stage, at 08:00 local time (the zone of the chat's organisation, or the subscriber's). Subscribing twice changes nothing. Stop with /unsubscribe <election>."),
            examples: [Localized(id: "/langganan pilkada2024", en: "/subscribe pilkada2024"),
                       Localized(id: "/langganan", en: "/subscribe")],
            handler: langganan),
        CommandSpec(
            words: ["berhenti"], aliases: [["unsubscribe"]],
            usage: Localized(id: "/berhenti <pemilihan>", en: "/unsubscribe <election>"),
            summary: Localized(id: "menghentikan pengingat tahapan satu pemilihan di obrolan ini",
                               en: "stop an election's stage reminders in this chat"),
            aksi: .langganan, mutates: true,
            examples: [Localized(id: "/berhenti pilkada2024", en: "/unsubscribe pilkada2024")],
            handler: berhenti),
    ]

    static let createdEvent = "rakor.subscription.created"
    static let removedEvent = "rakor.subscription.removed"

    static func langganan(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        if arguments.isEmpty { return try list(context) }
        let calendar = try context.election(from: &arguments)
        let name = calendar.name(context.lang)
        // The subscriber's zone and language go with the subscription: a chat
        // that is no organisation's group still gets reminders at 08:00 its time.
        let created = try context.store.subscriptions.subscribe(chat: context.chat, election: calendar.id,
                                                                at: context.now, zone: context.zone,
                                                                lang: context.lang)
        if created {
            context.effects.record(createdEvent, subject: "chat/\(context.chat)",
                                   data: ["chat": .string(context.chat), "election": .string(calendar.id)])
        }
        var lines = [created
            ? context.text(id: "Obrolan ini sekarang menerima pengingat tahapan \(name).",
                           en: "This chat now gets the stage reminders of \(name).")
            : context.text(id: "Obrolan ini sudah berlangganan pengingat tahapan \(name); tidak ada yang berubah.",
                           en: "This chat is already subscribed to the stage reminders of \(name); nothing changed.")]
        if let next = nextStage(of: calendar, today: context.today) {
            let label = next.dates.covers(context.today)
                ? context.text(id: "Tahapan berjalan: ", en: "Stage under way: ")
                : context.text(id: "Tahapan berikutnya: ", en: "Next stage: ")
            lines.append(label
                         + StageLine.render(next, calendarName: nil, today: context.today, lang: context.lang))
        }
        lines.append(context.text(id: "Untuk berhenti: /berhenti \(calendar.id)", en: "To stop: /unsubscribe \(calendar.id)"))
        return CommandReply(text: lines.joined(separator: "\n"), data: [
            "chat": .string(context.chat), "election": .string(calendar.id),
            "subscribed": true, "changed": .bool(created),
        ])
    }

    static func berhenti(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        let subscribed = try context.store.subscriptions.elections(subscribedBy: context.chat)
        guard !arguments.isEmpty else {
            let current = subscribed.isEmpty
                ? context.text(id: "Obrolan ini tidak berlangganan apa pun.", en: "This chat has no subscriptions.")
                : context.text(id: "Langganan obrolan ini: \(subscribed.joined(separator: ", ")).",
                               en: "This chat's subscriptions: \(subscribed.joined(separator: ", ")).")
            throw arguments.failure(Localized(id: "Sebutkan pemilihannya. \(current)", en: "Name the election. \(current)"))
        }
        // A subscription to an election no longer in the catalog can still be stopped by its id.
        var words: [String] = []
        for token in arguments.rest { words.append(token.text) }
        let typedKey = CalendarCatalog.lookupKey(words.joined(separator: " "))
        let electionID: String
        let name: String
        if let orphan = subscribed.first(where: { CalendarCatalog.lookupKey($0) == typedKey }),
           context.calendars.calendar(named: orphan) == nil {
            while arguments.next() != nil {}
            (electionID, name) = (orphan, orphan)
        } else {
            let calendar = try context.election(from: &arguments)
            (electionID, name) = (calendar.id, calendar.name(context.lang))
        }
        let removed = try context.store.subscriptions.unsubscribe(chat: context.chat, election: electionID)
        if removed {
            context.effects.record(removedEvent, subject: "chat/\(context.chat)",
                                   data: ["chat": .string(context.chat), "election": .string(electionID)])
        }
        let text = removed
            ? context.text(id: "Pengingat tahapan \(name) untuk obrolan ini dihentikan. Berlangganan lagi: /langganan \(electionID)",
                           en: "The stage reminders of \(name) are stopped for this chat. Subscribe again: /subscribe \(electionID)")
            : context.text(id: "Obrolan ini tidak berlangganan pengingat \(name); tidak ada yang berubah.",
                           en: "This chat is not subscribed to the reminders of \(name); nothing changed.")
        return CommandReply(text: text, data: [
            "chat": .string(context.chat), "election": .string(electionID),
            "subscribed": false, "changed": .bool(removed),
        ])
    }

    /// `/langganan` alone: what this chat is subscribed to.
    static func list(_ context: CommandContext) throws -> CommandReply {
        let elections = try context.store.subscriptions.elections(subscribedBy: context.chat)
        let known = context.calendars.ids.joined(separator: ", ")
        let text: String
        if elections.isEmpty {
            text = context.text(
                id: "Obrolan ini belum berlangganan pengingat tahapan. Contoh: /langganan pilkada2024 (pilihan: \(known)).",
                en: "This chat has no stage-reminder subscriptions. Example: /subscribe pilkada2024 (choices: \(known)).")
        } else {
            var lines = [context.text(id: "Obrolan ini menerima pengingat tahapan:", en: "This chat gets the stage reminders of:")]
            for id in elections {
                let name = context.calendars.calendar(named: id)?.name(context.lang) ?? id
                lines.append("• \(name) (\(id))")
            }
            lines.append(context.text(id: "Untuk berhenti: /berhenti <pemilihan>", en: "To stop: /unsubscribe <election>"))
            text = lines.joined(separator: "\n")
        }
        return CommandReply(text: text, data: [
            "chat": .string(context.chat), "elections": .array(elections.map(JSONValue.string)),
        ])
    }

    /// The stage under way or coming next, by first day.
    static func nextStage(of calendar: ElectionCalendar, today: LocalDate) -> Tahapan? {
        calendar.chronological.first { $0.dates.end >= today }
    }
}

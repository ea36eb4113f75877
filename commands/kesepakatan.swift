import Foundation
import RakorCore
import RakorStore

/// `/kesepakatan …`: agreements reached at a meeting, the organisations bound
/// by them, and their life `diusulkan → disepakati → berjalan → terealisasi`
/// (or `batal`). Changing one needs authority over every party: a province
/// cannot move an agreement that binds another province's regency.
public enum KesepakatanFamily {
    public static let specs: [CommandSpec] = [baru, daftar, lihat, status]

    static let partyKeywords: Set<String> = ["pihak", "parties", "party"]
    static let dueKeywords = CommandArguments.dueKeywords

    static let agreementID = Localized(id: "nomor kesepakatan", en: "agreement number")
    static let agreementsNoun = Localized(id: "kesepakatan", en: "agreements")

    // MARK: /kesepakatan baru

    static let baru = CommandSpec(
        words: ["kesepakatan", "baru"],
        aliases: [["agreement", "new"]],
        usage: Localized(id: "/kesepakatan baru [R-n] \"isi\" [pihak @org …] [tenggat YYYY-MM-DD]",
                         en: "/agreement new [R-n] \"text\" [parties @org …] [due YYYY-MM-DD]"),
        summary: Localized(id: "mencatat kesepakatan rakor", en: "record an agreement of a meeting"),
        aksi: .kesepakatanBaru,
        mutates: true
    ) { context, arguments in
        try record(&context, &arguments)
    }

    static func record(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        var rakorID = try arguments.meeting()
        let isi = try arguments.quoted(Localized(id: "Isi kesepakatan", en: "The agreement text"), maxLength: 1000)
        var mentions: [String] = []
        var tenggat: LocalDate?
        let dueWhat = Localized(id: "Tenggat", en: "The due date")
        while let token = arguments.peek() {
            if arguments.take(keyword: partyKeywords) {
                guard arguments.peek()?.kind == .mention else {
                    throw arguments.failure(Localized(id: "Sebut pihak dengan @org (contoh: pihak @kesbangpol-banjar).",
                                                      en: "Name the parties as @org (e.g. parties @kesbangpol-banjar)."))
                }
            } else if token.kind == .mention {
                mentions.append(try arguments.mention(Localized(id: "Pihak", en: "The party")))
            } else if arguments.take(keyword: dueKeywords) {
                guard tenggat == nil else {
                    throw arguments.failure(Localized(id: "Tenggat disebut dua kali.", en: "The due date is given twice."))
                }
                tenggat = try arguments.date(dueWhat)
            } else if let id = try arguments.meeting() {
                guard rakorID == nil else {
                    throw arguments.failure(Localized(id: "Rakor disebut dua kali.", en: "The meeting is given twice."))
                }
                rakorID = id
            } else {
                try arguments.expectEnd()
            }
        }
        if let tenggat { try context.requireDueDate(tenggat, dueWhat, arguments: arguments) }
        guard mentions.count <= 50 else {
            throw arguments.failure(Localized(id: "Terlalu banyak pihak (maks. 50).", en: "Too many parties (max 50)."))
        }

        var parties: [Organisation] = []
        for mention in mentions {
            let org = try context.organisation(mention: mention)
            if !parties.contains(where: { $0.id == org.id }) { parties.append(org) }
        }
        // No parties named: the agreement binds the recording organisation,
        // so it is visible and movable by whoever oversees it.
        if parties.isEmpty { parties = [context.organisation] }
        try context.require(.kesepakatanBaru, targets: parties)
        let rakor = try rakorID.map { id throws in try context.readableRakor(id) }

        let kesepakatan = try context.store.kesepakatan.insert(
            rakor: rakor?.id, isi: isi, pihak: parties.map(\.id), tenggat: tenggat, dibuatOleh: context.user.id,
            dibuatOlehOrg: context.organisation.id, dibuatPada: context.now)
        try context.store.kesepakatan.appendHistory(kesepakatan.id, Riwayat(
            pada: context.now, oleh: context.user.id, aksi: "dibuat",
            keterangan: "pihak " + parties.map { "@\($0.id)" }.joined(separator: ", ")))
        let data = ItemFormat.agreementData(kesepakatan)
        context.effects.record("rakor.agreement.recorded", subject: "agreement/\(kesepakatan.id)", data: data)
        for party in parties where party.id != context.organisation.id {
            context.notifyChats(of: party.id, text:
                "Kesepakatan baru \(kesepakatan.id) (diusulkan) dengan \(party.displayName) sebagai pihak, dicatat oleh \(context.organisation.displayName):\n\(isi)",
                data: data)
        }

        let lang = context.lang
        var lines = [
            lang == .id ? "Kesepakatan \(kesepakatan.id) dicatat (\(kesepakatan.status.label(lang))):"
                        : "Agreement \(kesepakatan.id) recorded (\(kesepakatan.status.label(lang))):",
            isi,
            "\(lang == .id ? "Pihak" : "Parties"): " + parties.map(\.displayName).joined(separator: ", "),
        ]
        if let tenggat {
            lines.append("\(lang == .id ? "Tenggat" : "Due"): \(ItemFormat.due(tenggat, today: context.today, open: true, lang: lang))")
        }
        if let rakor { lines.append("Rakor: \(rakor.id) \(rakor.judul)") }
        lines.append(lang == .id ? "Setelah disepakati: /kesepakatan status \(kesepakatan.id) disepakati"
                                 : "Once agreed: /agreement status \(kesepakatan.id) agreed")
        return CommandReply(text: lines.joined(separator: "\n"), data: data)
    }

    // MARK: /kesepakatan daftar

    static let daftar = CommandSpec(
        words: ["kesepakatan", "daftar"],
        aliases: [["agreement", "list"]],
        usage: Localized(id: "/kesepakatan daftar [R-n] [@org] [status] [halaman N]",
                         en: "/agreement list [R-n] [@org] [status] [page N]"),
        summary: Localized(id: "kesepakatan dan statusnya", en: "agreements and their status"),
        aksi: .lihat,
        mutates: false
    ) { context, arguments in
        try list(&context, &arguments)
    }

    static func list(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        let words = try ListFilters<KesepakatanStatus>.parse(
            &arguments, mentionRole: Localized(id: "Pihak", en: "The party"), status: KesepakatanStatus.init(word:)) {
            Localized(id: "Tidak dipahami: '\($0)'. Saring dengan R-n, @org atau status (diusulkan, disepakati, berjalan, terealisasi, batal).",
                      en: "Not understood: '\($0)'. Filter by R-n, @org or status (proposed, agreed, in-progress, realised, cancelled).")
        }
        let (mention, statuses, rakorID, number) = (words.mention, words.statuses, words.rakor, words.page)

        var filter = KesepakatanFilter(pihak: context.readableFilter, status: statuses.isEmpty ? nil : Set(statuses))
        var org: Organisation?
        if let mention {
            let named = try context.organisation(mention: mention)
            try context.require(.lihat, target: named)
            filter.pihak = .one(named.id)
            org = named
        }
        var rakor: Rakor?
        if let rakorID {
            rakor = try context.readableRakor(rakorID)
            filter.rakor = rakorID
        }
        let page = try context.store.kesepakatan.list(filter, page: Paging.request(number))
        try Paging.requireExists(page)

        let lang = context.lang
        var qualifiers: [String] = []
        if let rakor { qualifiers.append("\(rakor.id) \(ItemFormat.clip(rakor.judul, 60))") }
        if let org { qualifiers.append(org.displayName) }
        qualifiers += statuses.map { $0.label(lang) }
        let title = (lang == .id ? "Kesepakatan" : "Agreements")
            + (qualifiers.isEmpty ? "" : " — " + qualifiers.joined(separator: ", "))
        let filters = (rakorID.map { " \($0)" } ?? "") + (org.map { " @\($0.id)" } ?? "")
        let command = Localized(id: "/kesepakatan daftar" + filters + statuses.map { " " + $0.rawValue }.joined(),
                                en: "/agreement list" + filters + statuses.map { " " + englishWord($0) }.joined())
        var text: String
        if page.total == 0 {
            text = lang == .id ? "\(title): tidak ada kesepakatan." : "\(title): no agreements."
        } else {
            var lines = [title, Paging.header(page, noun: agreementsNoun, lang: lang)]
            lines += page.items.map {
                ItemFormat.agreementLine($0, today: context.today, directory: context.directory, lang: lang)
            }
            if let hint = Paging.nextHint(page, command: command, lang: lang) { lines.append(hint) }
            text = lines.joined(separator: "\n")
        }
        return CommandReply(text: text, data: [
            "rakor": JSONValue(rakorID?.description), "org": JSONValue(org?.id),
            "status": .array(statuses.map { .string($0.rawValue) }),
            "agreements": .array(page.items.map(ItemFormat.agreementData)), "paging": Paging.data(page),
        ])
    }

    // MARK: /kesepakatan lihat

    static let lihat = CommandSpec(
        words: ["kesepakatan", "lihat"],
        aliases: [["agreement", "show"]],
        usage: Localized(id: "/kesepakatan lihat K-n", en: "/agreement show K-n"),
        summary: Localized(id: "satu kesepakatan dengan riwayat dan pencairan hibahnya",
                           en: "one agreement with its history and grant disbursements"),
        aksi: .lihat,
        mutates: false
    ) { context, arguments in
        try show(&context, &arguments)
    }

    static func show(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        let id = try arguments.itemID(.kesepakatan, agreementID)
        try arguments.expectEnd()
        let kesepakatan = try context.kesepakatan(id)
        try context.requireReadable(any: boundOrgs(kesepakatan))
        let history = try context.store.kesepakatan.history(of: id)
        let pencairan = try context.store.hibah.list(kesepakatan: id)
        let rakor = try kesepakatan.rakor.flatMap { id throws in try context.store.rakor.find(id) }

        let lang = context.lang, directory = context.directory
        var lines = [
            "\(kesepakatan.id) · \(kesepakatan.isi)",
            "Status: \(kesepakatan.status.label(lang))",
            "\(lang == .id ? "Pihak" : "Parties"): "
                + kesepakatan.pihak.map { ItemFormat.orgLabel($0, in: directory) }.joined(separator: ", "),
        ]
        if let tenggat = kesepakatan.tenggat {
            lines.append("\(lang == .id ? "Tenggat" : "Due"): "
                         + ItemFormat.due(tenggat, today: context.today, open: !kesepakatan.status.isFinal, lang: lang))
        }
        if let rakor {
            lines.append("Rakor: \(rakor.id) \(rakor.judul) (\(TanggalFormat.medium(rakor.tanggal, lang: lang)))")
        }
        lines.append("\(lang == .id ? "Dicatat oleh" : "Recorded by"): \(ItemFormat.userName(kesepakatan.dibuatOleh, in: directory)), \(ItemFormat.orgName(kesepakatan.dibuatOlehOrg, in: directory))")
        if let next = kesepakatan.status.next {
            lines.append(lang == .id ? "Langkah berikutnya: /kesepakatan status \(id) \(next.rawValue)"
                                     : "Next step: /agreement status \(id) \(englishWord(next))")
        }
        if !pencairan.isEmpty {
            lines.append(lang == .id ? "Pencairan hibah:" : "Grant disbursements:")
            for item in pencairan {
                let stage = lang == .id ? "Tahap \(item.tahap)" : "Stage \(item.tahap)"
                lines.append("• \(stage) (\(item.persen)%) · \(ItemFormat.orgName(item.kabkota, in: directory)) · "
                             + "\(item.jumlah) · \(TanggalFormat.short(item.tanggal, lang: lang))")
            }
            let total = ItemFormat.sum(pencairan.map(\.jumlah))
            lines.append("\(lang == .id ? "Jumlah dicairkan" : "Total disbursed"): "
                         + (total.map { "\($0)" } ?? (lang == .id ? "(terlalu besar)" : "(too large)")))
        }
        if !history.isEmpty {
            lines.append(lang == .id ? "Riwayat:" : "History:")
            lines += history.map { "• " + ItemFormat.historyLine($0, zone: context.zone, directory: directory, lang: lang) }
        }

        var data = ItemFormat.agreementData(kesepakatan)
        data = ItemFormat.with(data, "riwayat", ItemFormat.historyData(history))
        data = ItemFormat.with(data, "hibah", .array(pencairan.map { item in
            ["event_id": .string(item.eventID), "kabkota": .string(item.kabkota), "tahap": JSONValue(item.tahap),
             "persen": JSONValue(item.persen), "jumlah": .int(item.jumlah.amount), "tanggal": .string(item.tanggal.iso),
             "sumber": .string(item.sumber)]
        }))
        data = ItemFormat.with(data, "hibah_total", ItemFormat.sum(pencairan.map(\.jumlah)).map { .int($0.amount) } ?? .null)
        return CommandReply(text: lines.joined(separator: "\n"), data: data)
    }

    /// The organisations an agreement binds: its parties (the recording
    /// organisation for an agreement recorded without any).
    static func boundOrgs(_ kesepakatan: Kesepakatan) -> [String] {
        kesepakatan.pihak.isEmpty ? [kesepakatan.dibuatOlehOrg] : kesepakatan.pihak
    }

    /// A status as an English speaker types it (`in-progress`, one word).
    static func englishWord(_ status: KesepakatanStatus) -> String {
        status.label.en.replacingOccurrences(of: " ", with: "-")
    }

    // MARK: /kesepakatan status

    static let status = CommandSpec(
        words: ["kesepakatan", "status"],
        aliases: [["agreement", "status"]],
        usage: Localized(id: "/kesepakatan status K-n <disepakati|berjalan|terealisasi|batal> [catatan]",
                         en: "/agreement status K-n <agreed|in-progress|realised|cancelled> [note]"),
        summary: Localized(id: "mengubah status kesepakatan", en: "move an agreement to its next status"),
        aksi: .kesepakatanStatus,
        mutates: true
    ) { context, arguments in
        try move(&context, &arguments)
    }

    static func move(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        let id = try arguments.itemID(.kesepakatan, agreementID)
        guard let word = arguments.peek() else {
            throw arguments.failure(Localized(id: "Status baru belum diisi.", en: "The new status is missing."))
        }
        guard word.kind == .word, let target = KesepakatanStatus(word: word.text) else {
            throw arguments.failure(Localized(
                id: "'\(word.text)' bukan status kesepakatan (diusulkan, disepakati, berjalan, terealisasi, batal).",
                en: "'\(word.text)' is not an agreement status (proposed, agreed, in-progress, realised, cancelled)."))
        }
        _ = arguments.next()
        let catatan = try arguments.restOfLine(maxLength: 500)

        var kesepakatan = try context.kesepakatan(id)
        try context.require(.kesepakatanStatus, targets: boundOrgs(kesepakatan).map { context.storedOrganisation($0) })
        let from = kesepakatan.status
        let to = try from.move(to: target, agreement: id)

        try context.store.kesepakatan.updateStatus(id, to: to)
        try context.store.kesepakatan.appendHistory(id, Riwayat(
            pada: context.now, oleh: context.user.id, aksi: "status",
            keterangan: "\(from.rawValue) → \(to.rawValue)" + (catatan.map { ": \($0)" } ?? "")))
        kesepakatan.status = to
        let data: JSONValue = [
            "id": "\(id)", "dari": .string(from.rawValue), "ke": .string(to.rawValue), "catatan": JSONValue(catatan),
            "pihak": .array(kesepakatan.pihak.map(JSONValue.string)),
        ]
        context.effects.record("rakor.agreement.status_changed", subject: "agreement/\(id)", data: data)
        for party in kesepakatan.pihak where party != context.organisation.id {
            context.notifyChats(of: party, text:
                "Kesepakatan \(id) kini \(to.rawValue) (sebelumnya \(from.rawValue)): \(kesepakatan.isi)"
                    + (catatan.map { "\nCatatan: \($0)" } ?? ""),
                data: data)
        }

        let lang = context.lang
        var lines = [
            lang == .id ? "Kesepakatan \(id): \(from.label(lang)) → \(to.label(lang))."
                        : "Agreement \(id): \(from.label(lang)) → \(to.label(lang)).",
            kesepakatan.isi,
        ]
        if let catatan { lines.append("\(lang == .id ? "Catatan" : "Note"): \(catatan)") }
        if let next = to.next {
            lines.append(lang == .id ? "Langkah berikutnya: /kesepakatan status \(id) \(next.rawValue)"
                                     : "Next step: /agreement status \(id) \(englishWord(next))")
        }
        return CommandReply(text: lines.joined(separator: "\n"), data: data)
    }
}

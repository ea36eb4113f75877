import RakorCore
import RakorStore

/// `/tugas …`: follow-up tasks assigned to organisations, with due dates,
/// optional recurrence (the quarterly social-conflict map) and a history.
///
/// Who may do what is `PermissionPolicy`'s: the dispatcher checks the
/// command's `Aksi` on the sender's own organisation, and each handler then
/// checks the organisations the command touches (the assignee; for a
/// reassignment both the old and the new one).
public enum TugasFamily {
    public static let specs: [CommandSpec] = [baru, saya, daftar, lihat, selesai, alihkan, batal]

    static let dueKeywords = CommandArguments.dueKeywords
    static let repeatKeywords: Set<String> = ["ulang", "berulang", "repeat", "repeats", "every"]

    static let assignee = Localized(id: "Organisasi penerima tugas", en: "The assignee organisation")
    static let taskID = Localized(id: "nomor tugas", en: "task number")
    static let tasksNoun = Localized(id: "tugas", en: "tasks")

    // MARK: /tugas baru

    static let baru = CommandSpec(
        words: ["tugas", "baru"],
        aliases: [["task", "new"]],
        usage: Localized(id: "/tugas baru @org \"judul\" tenggat YYYY-MM-DD [rakor R-n] [ulang bulanan|triwulanan]",
                         en: "/task new @org \"title\" due YYYY-MM-DD [meeting R-n] [repeat monthly|quarterly]"),
        summary: Localized(id: "memberi tugas kepada organisasi", en: "assign a task to an organisation"),
        aksi: .tugasBaru,
        mutates: true
    ) { context, arguments in
        try assign(&context, &arguments)
    }

    static func assign(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        let mention = try arguments.mention(assignee)
        let judul = try arguments.quoted(Localized(id: "Judul tugas", en: "The task title"), maxLength: 300)
        guard arguments.take(keyword: dueKeywords) else {
            throw arguments.failure(Localized(id: "Tenggat belum diisi (tenggat YYYY-MM-DD).",
                                              en: "The due date is missing (due YYYY-MM-DD)."))
        }
        let dueWhat = Localized(id: "Tenggat", en: "The due date")
        let tenggat = try arguments.date(dueWhat)
        var rakorID: ItemID?
        var pengulangan: Pengulangan?
        while let token = arguments.peek() {
            if let id = try arguments.meeting() {
                guard rakorID == nil else {
                    throw arguments.failure(Localized(id: "Rakor disebut dua kali.", en: "The meeting is given twice."))
                }
                rakorID = id
            } else if arguments.take(keyword: repeatKeywords) || Pengulangan(word: token.text) != nil {
                guard pengulangan == nil else {
                    throw arguments.failure(Localized(id: "Pengulangan disebut dua kali.", en: "The repetition is given twice."))
                }
                guard let word = arguments.next(), let value = Pengulangan(word: word.text) else {
                    throw arguments.failure(Localized(id: "Pengulangan harus bulanan atau triwulanan.",
                                                      en: "Repeat must be monthly or quarterly."))
                }
                pengulangan = value
            } else {
                try arguments.expectEnd()
            }
        }
        try context.requireDueDate(tenggat, dueWhat, arguments: arguments)

        let org = try context.organisation(mention: mention)
        try context.require(.tugasBaru, target: org)
        let rakor = try rakorID.map { id throws in try context.readableRakor(id) }

        let tugas = try context.store.tugas.insert(
            judul: judul, untukOrg: org.id, olehUser: context.user.id, olehOrg: context.organisation.id,
            tenggat: tenggat, rakor: rakor?.id, pengulangan: pengulangan, dibuatPada: context.now)
        try context.store.tugas.appendHistory(tugas.id, Riwayat(
            pada: context.now, oleh: context.user.id, aksi: "dibuat",
            keterangan: "@\(org.id), tenggat \(tenggat.iso)" + (pengulangan.map { ", \($0.rawValue)" } ?? "")))
        let data = ItemFormat.taskData(tugas)
        context.effects.record("rakor.task.assigned", subject: "task/\(tugas.id)", data: data)

        // The assignee's group counts down from its own today.
        let theirToday = org.zone.localDate(at: context.now)
        context.notifyChats(of: org.id, text:
            "Tugas baru \(tugas.id) untuk \(org.displayName) dari \(context.organisation.displayName): \(judul)\n"
                + "Tenggat: \(ItemFormat.due(tenggat, today: theirToday, open: true, lang: .id))\n"
                + "Jika sudah selesai: /tugas selesai \(tugas.id)", data: data)

        let lang = context.lang
        var lines = [
            lang == .id ? "Tugas \(tugas.id) dicatat untuk \(ItemFormat.orgLabel(org.id, in: context.directory)):"
                        : "Task \(tugas.id) assigned to \(ItemFormat.orgLabel(org.id, in: context.directory)):",
            judul,
            "\(lang == .id ? "Tenggat" : "Due"): \(ItemFormat.due(tenggat, today: context.today, open: true, lang: lang))",
        ]
        if let rakor { lines.append("Rakor: \(rakor.id) \(rakor.judul)") }
        if let pengulangan { lines.append(ItemFormat.sentence(ItemFormat.recurrence(pengulangan, lang: lang))) }
        return CommandReply(text: lines.joined(separator: "\n"), data: data)
    }

    // MARK: /tugas saya

    static let saya = CommandSpec(
        words: ["tugas", "saya"],
        aliases: [["task", "mine"]],
        usage: Localized(id: "/tugas saya [halaman N]", en: "/task mine [page N]"),
        summary: Localized(id: "tugas terbuka organisasi Anda", en: "your organisation's open tasks"),
        aksi: .lihat,
        mutates: false
    ) { context, arguments in
        let number = try Paging.take(&arguments) ?? 1
        try arguments.expectEnd()
        let org = context.organisation
        let page = try context.store.tugas.openTasks(of: org.id, page: Paging.request(number))
        try Paging.requireExists(page)
        let lang = context.lang
        let title = lang == .id ? "Tugas terbuka \(org.displayName)" : "Open tasks of \(org.displayName)"
        let text: String
        if page.total == 0 {
            text = lang == .id ? "Tidak ada tugas terbuka untuk \(org.displayName)."
                               : "\(org.displayName) has no open tasks."
        } else {
            text = listText(title: title, page: page, context: context, showOrg: false,
                            command: Localized(id: "/tugas saya", en: "/task mine"))
        }
        return CommandReply(text: text, data: [
            "org": .string(org.id), "tasks": .array(page.items.map(ItemFormat.taskData)), "paging": Paging.data(page),
        ])
    }

    // MARK: /tugas daftar

    static let daftar = CommandSpec(
        words: ["tugas", "daftar"],
        aliases: [["task", "list"]],
        usage: Localized(id: "/tugas daftar [@org] [terbuka|selesai|batal] [rakor R-n] [halaman N]",
                         en: "/task list [@org] [open|done|cancelled] [meeting R-n] [page N]"),
        summary: Localized(id: "tugas yang dapat Anda lihat", en: "the tasks you may see"),
        aksi: .lihat,
        mutates: false
    ) { context, arguments in
        try list(&context, &arguments)
    }

    static func list(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        let words = try ListFilters<TugasStatus>.parse(&arguments, mentionRole: assignee, status: TugasStatus.init(word:)) {
            Localized(id: "Tidak dipahami: '\($0)'. Saring dengan @org, status (terbuka, selesai, batal) atau rakor R-n.",
                      en: "Not understood: '\($0)'. Filter by @org, status (open, done, cancelled) or meeting R-n.")
        }
        let (mention, statuses, rakorID, number) = (words.mention, words.statuses, words.rakor, words.page)

        var filter = TugasFilter(org: context.readableFilter, status: statuses.isEmpty ? nil : Set(statuses))
        var org: Organisation?
        if let mention {
            let named = try context.organisation(mention: mention)
            try context.require(.lihat, target: named)
            filter.org = .one(named.id)
            org = named
        }
        if let rakorID {
            filter.rakor = try context.readableRakor(rakorID).id
        }
        let page = try context.store.tugas.list(filter, page: Paging.request(number))
        try Paging.requireExists(page)

        let lang = context.lang
        var qualifiers: [String] = []
        if let org { qualifiers.append(org.displayName) }
        qualifiers += statuses.map { $0.label(lang) }
        if let rakorID { qualifiers.append("rakor \(rakorID)") }
        let title = (lang == .id ? "Tugas" : "Tasks") + (qualifiers.isEmpty ? "" : " — " + qualifiers.joined(separator: ", "))
        let filters = (org.map { " @\($0.id)" } ?? "")
        let command = Localized(
            id: "/tugas daftar" + filters + statuses.map { " " + $0.rawValue }.joined() + (rakorID.map { " rakor \($0)" } ?? ""),
            en: "/task list" + filters + statuses.map { " " + $0.label.en }.joined() + (rakorID.map { " meeting \($0)" } ?? ""))
        let text = page.total == 0
            ? (lang == .id ? "\(title): tidak ada tugas." : "\(title): no tasks.")
            : listText(title: title, page: page, context: context, showOrg: org == nil, command: command)
        return CommandReply(text: text, data: [
            "org": JSONValue(org?.id), "status": .array(statuses.map { .string($0.rawValue) }),
            "rakor": JSONValue(rakorID?.description), "tasks": .array(page.items.map(ItemFormat.taskData)),
            "paging": Paging.data(page),
        ])
    }

    static func listText(title: String, page: Page<Tugas>, context: CommandContext, showOrg: Bool,
                         command: Localized) -> String {
        var lines = ["\(title)", Paging.header(page, noun: tasksNoun, lang: context.lang)]
        for tugas in page.items {
            lines.append(ItemFormat.taskLine(tugas, today: context.today, directory: context.directory,
                                             lang: context.lang, showOrg: showOrg))
        }
        if let hint = Paging.nextHint(page, command: command, lang: context.lang) { lines.append(hint) }
        return lines.joined(separator: "\n")
    }

    // MARK: /tugas lihat

    static let lihat = CommandSpec(
        words: ["tugas", "lihat"],
        aliases: [["task", "show"]],
        usage: Localized(id: "/tugas lihat T-n", en: "/task show T-n"),
        summary: Localized(id: "satu tugas dengan riwayatnya", en: "one task with its history"),
        aksi: .lihat,
        mutates: false
    ) { context, arguments in
        let id = try arguments.itemID(.tugas, taskID)
        try arguments.expectEnd()
        let tugas = try context.tugas(id)
        try context.requireReadable(any: [tugas.untukOrg])
        let history = try context.store.tugas.history(of: id)
        let rakor = try tugas.rakor.flatMap { id throws in try context.store.rakor.find(id) }

        let lang = context.lang, directory = context.directory
        let open = tugas.status == .terbuka
        var lines = [
            "\(tugas.id) · \(tugas.judul)",
            "Status: \(tugas.status.label(lang))",
            "\(lang == .id ? "Untuk" : "Assignee"): \(ItemFormat.orgLabel(tugas.untukOrg, in: directory))",
            "\(lang == .id ? "Dari" : "From"): \(ItemFormat.userName(tugas.olehUser, in: directory)), \(ItemFormat.orgName(tugas.olehOrg, in: directory))",
            "\(lang == .id ? "Tenggat" : "Due"): \(ItemFormat.due(tugas.tenggat, today: context.today, open: open, lang: lang))",
        ]
        if let rakor {
            lines.append("Rakor: \(rakor.id) \(rakor.judul) (\(TanggalFormat.medium(rakor.tanggal, lang: lang)))")
        }
        if let pengulangan = tugas.pengulangan {
            lines.append(ItemFormat.sentence(ItemFormat.recurrence(pengulangan, lang: lang))
                         + (tugas.seri.map { lang == .id ? " (seri \($0))" : " (series \($0))" } ?? ""))
        }
        if let catatan = tugas.catatan { lines.append("\(lang == .id ? "Catatan" : "Note"): \(catatan)") }
        if !history.isEmpty {
            lines.append(lang == .id ? "Riwayat:" : "History:")
            lines += history.map { "• " + ItemFormat.historyLine($0, zone: context.zone, directory: directory, lang: lang) }
        }
        let data = ItemFormat.with(ItemFormat.taskData(tugas), "riwayat", ItemFormat.historyData(history))
        return CommandReply(text: lines.joined(separator: "\n"), data: data)
    }

    // MARK: /tugas selesai

    static let selesai = CommandSpec(
        words: ["tugas", "selesai"],
        aliases: [["task", "done"]],
        usage: Localized(id: "/tugas selesai T-n [catatan]", en: "/task done T-n [note]"),
        summary: Localized(id: "menandai tugas selesai", en: "complete a task"),
        aksi: .tugasSelesai,
        mutates: true
    ) { context, arguments in
        try complete(&context, &arguments)
    }

    static func complete(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        let id = try arguments.itemID(.tugas, taskID)
        let catatan = try arguments.restOfLine(maxLength: 500)
        let open = try context.tugas(id)
        try context.require(.tugasSelesai, target: context.storedOrganisation(open.untukOrg))
        let completion = try TugasCompletion.complete(open, by: context.user.id, note: catatan, at: context.now,
                                                      session: context.store,
                                                      action: Localized(id: "diselesaikan", en: "complete it"))
        let tugas = completion.tugas
        // Late or on time by the assignee's own calendar.
        let assigneeToday = context.storedOrganisation(tugas.untukOrg).zone.localDate(at: context.now)
        let daysLate = max(0, tugas.tenggat.days(until: assigneeToday))
        var data = ItemFormat.taskData(tugas)
        data = ItemFormat.with(data, "terlambat_hari", JSONValue(daysLate))
        context.effects.record("rakor.task.completed", subject: "task/\(id)", data: data)

        let lang = context.lang
        var lines = [lang == .id ? "Tugas \(id) selesai: \(tugas.judul)" : "Task \(id) completed: \(tugas.judul)"]
        if daysLate > 0 {
            lines.append(lang == .id ? "Diselesaikan \(daysLate) hari setelah tenggat (\(TanggalFormat.long(tugas.tenggat, lang: lang)))."
                                     : "Completed \(daysLate) day\(daysLate == 1 ? "" : "s") after the due date (\(TanggalFormat.long(tugas.tenggat, lang: lang))).")
        }
        // A recurring task comes back for the next period as soon as this one is done.
        if let next = completion.next {
            if completion.nextCreated {
                context.effects.record("rakor.task.assigned", subject: "task/\(next.id)",
                                       data: ItemFormat.with(ItemFormat.taskData(next), "sebelumnya", .string("\(id)")))
            }
            let due = ItemFormat.due(next.tenggat, today: context.today, open: true, lang: lang)
            lines.append(lang == .id ? "Tugas berulang: periode berikutnya \(next.id), tenggat \(due)."
                                     : "Recurring task: the next period is \(next.id), due \(due).")
            data = ItemFormat.with(data, "berikutnya", ItemFormat.taskData(next))
        }
        if tugas.olehOrg != tugas.untukOrg {
            context.notifyChats(of: tugas.olehOrg, text:
                "Tugas \(id) (\(tugas.judul)) telah diselesaikan oleh \(ItemFormat.orgName(tugas.untukOrg, in: context.directory)).",
                data: data)
        }
        return CommandReply(text: lines.joined(separator: "\n"), data: data)
    }

    // MARK: /tugas alihkan

    static let alihkan = CommandSpec(
        words: ["tugas", "alihkan"],
        aliases: [["task", "reassign"]],
        usage: Localized(id: "/tugas alihkan T-n @org", en: "/task reassign T-n @org"),
        summary: Localized(id: "mengalihkan tugas ke organisasi lain", en: "hand a task to another organisation"),
        aksi: .tugasAlihkan,
        mutates: true
    ) { context, arguments in
        try reassign(&context, &arguments)
    }

    static func reassign(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        let id = try arguments.itemID(.tugas, taskID)
        let mention = try arguments.mention(Localized(id: "Organisasi tujuan", en: "The new assignee organisation"))
        try arguments.expectEnd()
        var tugas = try context.tugas(id)
        let newOrg = try context.organisation(mention: mention)
        let oldOrg = context.storedOrganisation(tugas.untukOrg)
        try context.require(.tugasAlihkan, targets: [oldOrg, newOrg])
        try tugas.requireOpen(for: Localized(id: "dialihkan", en: "reassign it"))
        guard newOrg.id != oldOrg.id else {
            throw CommandFailure(.conflict, id: "\(id) sudah ditugaskan kepada \(newOrg.displayName).",
                                 en: "\(id) is already assigned to \(newOrg.displayName).")
        }

        try context.store.tugas.reassign(id, to: newOrg.id)
        try context.store.tugas.appendHistory(id, Riwayat(pada: context.now, oleh: context.user.id, aksi: "dialihkan",
                                                          keterangan: "@\(oldOrg.id) → @\(newOrg.id)"))
        tugas.untukOrg = newOrg.id
        let data = ItemFormat.with(ItemFormat.taskData(tugas), "dari_org", .string(oldOrg.id))
        context.effects.record("rakor.task.reassigned", subject: "task/\(id)", data: data)

        let theirToday = newOrg.zone.localDate(at: context.now)
        context.notifyChats(of: newOrg.id, text:
            "Tugas \(id) dialihkan kepada \(newOrg.displayName) oleh \(context.organisation.displayName): \(tugas.judul)\n"
                + "Tenggat: \(ItemFormat.due(tugas.tenggat, today: theirToday, open: true, lang: .id))\n"
                + "Jika sudah selesai: /tugas selesai \(id)", data: data)
        context.notifyChats(of: oldOrg.id, text:
            "Tugas \(id) (\(tugas.judul)) dialihkan dari \(oldOrg.displayName) kepada \(newOrg.displayName).", data: data)

        let lang = context.lang
        let text = lang == .id
            ? "Tugas \(id) dialihkan dari \(oldOrg.displayName) kepada \(ItemFormat.orgLabel(newOrg.id, in: context.directory)).\n\(tugas.judul)"
            : "Task \(id) reassigned from \(oldOrg.displayName) to \(ItemFormat.orgLabel(newOrg.id, in: context.directory)).\n\(tugas.judul)"
        return CommandReply(text: text, data: data)
    }

    // MARK: /tugas batal

    static let batal = CommandSpec(
        words: ["tugas", "batal"],
        aliases: [["task", "cancel"]],
        usage: Localized(id: "/tugas batal T-n [alasan]", en: "/task cancel T-n [reason]"),
        summary: Localized(id: "membatalkan tugas", en: "cancel a task"),
        aksi: .tugasBatal,
        mutates: true
    ) { context, arguments in
        try cancel(&context, &arguments)
    }

    static func cancel(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        let id = try arguments.itemID(.tugas, taskID)
        let alasan = try arguments.restOfLine(maxLength: 500)
        let open = try context.tugas(id)
        try context.require(.tugasBatal, target: context.storedOrganisation(open.untukOrg))
        let tugas = try TugasCompletion.close(open, as: .batal, action: Localized(id: "dibatalkan", en: "cancel it"),
                                              by: context.user.id, note: alasan, at: context.now, session: context.store)
        let data = ItemFormat.with(ItemFormat.taskData(tugas), "alasan", JSONValue(alasan))
        context.effects.record("rakor.task.cancelled", subject: "task/\(id)", data: data)
        context.notifyChats(of: tugas.untukOrg, text:
            "Tugas \(id) (\(tugas.judul)) dibatalkan oleh \(context.organisation.displayName)."
                + (alasan.map { " Alasan: \($0)" } ?? ""), data: data)

        let lang = context.lang
        var lines = [lang == .id ? "Tugas \(id) dibatalkan: \(tugas.judul)" : "Task \(id) cancelled: \(tugas.judul)"]
        if let alasan { lines.append("\(lang == .id ? "Alasan" : "Reason"): \(alasan)") }
        if tugas.pengulangan != nil {
            // The scheduler opens the next period when a period passes its due
            // date uncompleted, so a later period may exist already: it stays.
            if let seri = tugas.seri, let later = try context.store.tugas.latestInSeries(seri),
               later.tenggat > tugas.tenggat, later.status == .terbuka {
                lines.append(lang == .id
                    ? "Periode berikutnya \(later.id) (tenggat \(TanggalFormat.long(later.tenggat, lang: lang))) sudah dibuka dan tidak ikut dibatalkan."
                    : "The next period \(later.id) (due \(TanggalFormat.long(later.tenggat, lang: lang))) is already open and is not cancelled.")
            } else {
                lines.append(lang == .id ? "Seri tugas berulang ini berhenti: tidak ada periode berikutnya."
                                         : "This recurring series stops here: no next period is created.")
            }
        }
        return CommandReply(text: lines.joined(separator: "\n"), data: data)
    }
}

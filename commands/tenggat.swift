import RakorCore
import RakorStore

/// `/tenggat [kata kunci | YYYY-MM-DD | N hari]` (`/deadline`): election
/// stages by keyword, on a date, or within a window (default: the next 30
/// days), each counted down from the sender's local today; for a date or a
/// window also the open tasks falling due then: the sender's organisation's,
/// and for coordinators and supervisors those of every organisation they may
/// read. Long lists are cut with a count of the rest and a hint to narrow.
public enum TenggatFamily {
    public static let specs: [CommandSpec] = [
        CommandSpec(
            words: ["tenggat"], aliases: [["deadline"]],
            usage: Localized(id: "/tenggat [kata kunci | YYYY-MM-DD | N hari]",
                             en: "/deadline [keywords | YYYY-MM-DD | N days]"),
            summary: Localized(id: "tenggat terdekat (30 hari), cari tahapan, atau apa yang jatuh pada satu tanggal",
                               en: "upcoming deadlines (next 30 days), a stage search, or what falls on a date"),
            aksi: .lihatJadwal, mutates: false,
            details: Localized(
                id: "Tanpa argumen: tahapan 30 hari ke depan. Kata kunci: mencari tahapan (salah ketik ditoleransi; tambahkan pilkada/pemilu dan tahun untuk mempersempit). Tanggal: tahapan pada hari itu. N hari / N minggu, hari ini, bulan ini, atau dua tanggal (2024-11-01 s.d. 2024-11-30): tahapan dalam rentang itu, ditambah tugas terbuka yang jatuh tempo. H-n dihitung dari hari ini di zona waktu organisasi Anda.",
                en: "No argument: stages in the next 30 days. Keywords: a stage search (typos are tolerated; add pilkada/pemilu and a year to narrow it). A date: the stages on that day. N days / N weeks, today, this month, or two dates (2024-11-01 to 2024-11-30): the stages in that range, plus open tasks falling due. H-n counts from today in your organisation's time zone."),
            examples: [Localized(id: "/tenggat pemungutan suara pilkada 2024", en: "/deadline voting day pilkada 2024"),
                       Localized(id: "/tenggat 2024-11-27", en: "/deadline 2024-11-27"),
                       Localized(id: "/tenggat 7 hari", en: "/deadline 7 days")],
            handler: tenggat),
    ]

    /// Stage lines shown before "… dan N lainnya".
    static let maxStages = 15
    /// Task lines shown before "… dan N lainnya".
    static let maxTasks = 10
    /// Tasks read per store call, and at most in all: a national reader's
    /// window can hold many tasks; the count past this is reported as "more than".
    static let taskPage = 250
    static let taskScanLimit = 5000

    static func tenggat(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        var words: [String] = []
        while let token = arguments.next() { words.append(token.text) }
        let typed = words.joined(separator: " ")
        let query = try TenggatQuery(parsing: typed)
        let today = context.today
        let lang = context.lang

        let hits = context.calendars.tenggat(query, today: today)
        for hit in hits { context.effects.askedAbout(election: hit.calendarID) }
        let range = query.range(today: today)
        let tasks = try range.map { try openTasks(due: $0, context) }

        var lines: [String] = []
        let what = describe(query, range: range, today: today, lang: lang)
        if hits.isEmpty {
            lines.append(noStages(query, typed: typed, what: what, lang: lang))
        } else {
            lines.append(heading(query, typed: typed, what: what, lang: lang))
            for hit in hits.prefix(maxStages) { lines.append("• " + StageLine.render(hit, today: today, lang: lang)) }
            if hits.count > maxStages { lines.append(more(hits.count - maxStages, atLeast: false, lang: lang) + " " + narrowHint(lang)) }
        }
        if let tasks {
            lines.append("")
            lines.append(contentsOf: taskLines(tasks, what: what, today: today, context))
        }
        if hits.isEmpty && (tasks?.total ?? 0) == 0 {
            lines.append(emptyHint(query, lang: lang))
        }
        let calendarsShown = hits.prefix(maxStages).reduce(into: [String]()) { ids, hit in
            if !ids.contains(hit.calendarID) { ids.append(hit.calendarID) }
        }
        if !calendarsShown.isEmpty {
            let command = lang == .id ? "/jadwal" : "/schedule"
            lines.append((lang == .id ? "Jadwal lengkap dan sumber: " : "Full schedule and sources: ")
                         + calendarsShown.prefix(3).map { "\(command) \($0)" }.joined(separator: ", "))
        }
        lines.append(lang == .id ? "Hari ini: \(TanggalFormat.long(today, lang: lang)) (\(context.zone.rawValue))."
                                 : "Today: \(TanggalFormat.long(today, lang: lang)) (\(context.zone.rawValue)).")

        var data: [String: JSONValue] = [
            "query": queryJSON(query, typed: typed, range: range),
            "today": .string(today.iso),
            "zone": .string(context.zone.rawValue),
            "hits": .array(hits.prefix(maxStages).map { StageJSON.hit($0, today: today, lang: lang) }),
            "total_hits": JSONValue(hits.count),
        ]
        if let tasks {
            data["tasks"] = .array(tasks.shown.map { task in
                ["id": .string(task.id.description), "title": .string(task.judul), "org": .string(task.untukOrg),
                 "due": .string(task.tenggat.iso), "countdown_days": JSONValue(today.days(until: task.tenggat))]
            })
            data["total_tasks"] = JSONValue(tasks.total)
            data["tasks_truncated"] = .bool(tasks.truncated)
            data["tasks_scope"] = .string(tasks.ownOnly ? "organisation" : "jurisdiction")
        }
        return CommandReply(text: lines.joined(separator: "\n"), data: .object(JSONObject(data.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })))
    }

    // MARK: Stages

    /// `7 hari ke depan (20–27 November 2024)`, `pada Rabu, 27 November 2024`; nil for a search.
    static func describe(_ query: TenggatQuery, range: ClosedRange<LocalDate>?, today: LocalDate, lang: Lang) -> String? {
        guard let range else { return nil }
        let dates = TanggalFormat.range(range.lowerBound, range.upperBound, lang: lang)
        switch query {
        case .upcoming(0):
            return lang == .id ? "hari ini (\(TanggalFormat.long(today, lang: lang)))"
                               : "today (\(TanggalFormat.long(today, lang: lang)))"
        case .upcoming(let days):
            return lang == .id ? "\(days) hari ke depan (\(dates))" : "in the next \(days) days (\(dates))"
        case .on(let date):
            let countdown = Countdown(today: today, until: date).text(lang)
            return lang == .id ? "pada \(TanggalFormat.long(date, lang: lang)) (\(countdown))"
                               : "on \(TanggalFormat.long(date, lang: lang)) (\(countdown))"
        case .restOfMonth:
            return lang == .id ? "sampai akhir bulan (\(dates))" : "to the end of the month (\(dates))"
        case .between, .search:
            return lang == .id ? "dalam \(dates)" : "within \(dates)"
        }
    }

    static func heading(_ query: TenggatQuery, typed: String, what: String?, lang: Lang) -> String {
        guard let what else {
            return lang == .id ? "Tahapan yang cocok dengan \"\(shown(typed))\":" : "Stages matching \"\(shown(typed))\":"
        }
        return lang == .id ? "Tahapan pemilihan \(what):" : "Election stages \(what):"
    }

    static func noStages(_ query: TenggatQuery, typed: String, what: String?, lang: Lang) -> String {
        guard let what else {
            return lang == .id ? "Tidak ada tahapan yang cocok dengan \"\(shown(typed))\"."
                               : "No stage matches \"\(shown(typed))\"."
        }
        return lang == .id ? "Tidak ada tahapan pemilihan \(what)." : "No election stage \(what)."
    }

    static func emptyHint(_ query: TenggatQuery, lang: Lang) -> String {
        if case .search = query {
            return lang == .id
                ? "Coba kata lain (mis. /tenggat pemungutan suara, /tenggat kampanye pilkada 2024), sebuah tanggal (/tenggat 2024-11-27) atau rentang (/tenggat 30 hari)."
                : "Try other words (e.g. /deadline voting day, /deadline campaign pilkada 2024), a date (/deadline 2024-11-27) or a range (/deadline 30 days)."
        }
        return lang == .id
            ? "Coba rentang yang lebih panjang (mis. /tenggat 90 hari) atau cari dengan kata kunci (mis. /tenggat pemungutan suara)."
            : "Try a longer range (e.g. /deadline 90 days) or a keyword search (e.g. /deadline voting day)."
    }

    static func narrowHint(_ lang: Lang) -> String {
        lang == .id ? "Persempit, mis. /tenggat 7 hari atau tambahkan pilkada/pemilu dan tahunnya."
                    : "Narrow it down, e.g. /deadline 7 days, or add pilkada/pemilu and the year."
    }

    static func more(_ count: Int, atLeast: Bool, lang: Lang) -> String {
        switch (lang, atLeast) {
        case (.id, false): "… dan \(count) lainnya."
        case (.id, true): "… dan lebih dari \(count) lainnya."
        case (.en, false): "… and \(count) more."
        case (.en, true): "… and more than \(count) more."
        }
    }

    /// What was typed, shortened for quoting back.
    static func shown(_ typed: String) -> String {
        typed.count > 60 ? String(typed.prefix(60)) + "…" : typed
    }

    static func queryJSON(_ query: TenggatQuery, typed: String, range: ClosedRange<LocalDate>?) -> JSONValue {
        let kind: String
        switch query {
        case .upcoming: kind = "upcoming"
        case .on: kind = "date"
        case .between: kind = "range"
        case .restOfMonth: kind = "rest_of_month"
        case .search: kind = "search"
        }
        return ["kind": .string(kind), "text": .string(typed),
                "from": JSONValue(range?.lowerBound.iso), "to": JSONValue(range?.upperBound.iso)]
    }

    // MARK: Tasks

    struct DueTasks {
        var shown: [Tugas] = []
        var total = 0
        /// The scan stopped at `taskScanLimit`: `total` is a lower bound.
        var truncated = false
        /// Only the sender's organisation (a member), not their jurisdiction.
        var ownOnly: Bool
    }

    /// Open tasks due within `range` that the sender should see: their own
    /// organisation's; for coordinators, supervisors and admins every
    /// organisation they may read. Read in keyset pages by due date and
    /// filtered by scope, so a national reader's window stays bounded.
    static func openTasks(due range: ClosedRange<LocalDate>, _ context: CommandContext) throws -> DueTasks {
        let roles = context.user.roles
        let wide = roles.contains(.koordinator) || roles.contains(.pengawas) || roles.contains(.admin)
        let scope = wide ? PermissionPolicy.readableOrgs(of: context.user, in: context.directory)
                         : OrgScope(everything: false, orgIDs: [context.organisation.id])
        var result = DueTasks(ownOnly: !wide)
        guard !scope.isEmpty else { return result }
        var after: Tugas?
        var scanned = 0
        while true {
            let page = try context.store.tugas.openTasksDue(from: range.lowerBound, through: range.upperBound,
                                                            after: after, limit: taskPage)
            for task in page where scope.contains(task.untukOrg) {
                result.total += 1
                if result.shown.count < maxTasks { result.shown.append(task) }
            }
            scanned += page.count
            guard page.count == taskPage, let last = page.last else { break }
            if scanned >= taskScanLimit {
                result.truncated = true
                break
            }
            after = last
        }
        return result
    }

    static func taskLines(_ tasks: DueTasks, what: String?, today: LocalDate, _ context: CommandContext) -> [String] {
        let lang = context.lang
        let whose = tasks.ownOnly
            ? context.organisation.displayName
            : context.text(id: "di wilayah Anda", en: "in your jurisdiction")
        let when = what ?? ""
        guard tasks.total > 0 else {
            return [context.text(id: "Tidak ada tugas terbuka \(whose) yang jatuh tempo \(when).",
                                 en: "No open task \(whose) falls due \(when).")]
        }
        var lines = [context.text(id: "Tugas terbuka \(whose) yang jatuh tempo \(when):",
                                  en: "Open tasks \(tasks.ownOnly ? "of " : "")\(whose) falling due \(when):")]
        for task in tasks.shown {
            var line = "• \(task.id) \(shortTitle(task.judul))"
            if !tasks.ownOnly {
                line += " — " + (context.directory.organisation(id: task.untukOrg)?.displayName ?? task.untukOrg)
            }
            line += " — " + TanggalFormat.long(task.tenggat, lang: lang) + " (" + dueLabel(task.tenggat, today: today, lang: lang) + ")"
            lines.append(line)
        }
        if tasks.total > tasks.shown.count || tasks.truncated {
            let hint = context.text(id: "Lihat semua: /tugas daftar", en: "See them all: /task list")
            lines.append(more(tasks.total - tasks.shown.count, atLeast: tasks.truncated, lang: lang) + " " + hint)
        }
        return lines
    }

    /// `H-3`; an open task past its due date is late, not "past" (worded as
    /// the task lists word it, `ItemFormat.countdown`).
    static func dueLabel(_ due: LocalDate, today: LocalDate, lang: Lang) -> String {
        let countdown = Countdown(today: today, until: due)
        if case .past(let days) = countdown {
            return lang == .id ? "terlambat \(days) hari" : (days == 1 ? "1 day overdue" : "\(days) days overdue")
        }
        return countdown.text(lang)
    }

    static func shortTitle(_ title: String) -> String {
        title.count > 80 ? String(title.prefix(79)) + "…" : title
    }
}

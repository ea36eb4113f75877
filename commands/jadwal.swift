import RakorCore

/// `/jadwal <pemilihan>` (`/schedule <election>`): one election's whole stage
/// schedule, oldest first, sized for a chat window: a header with the
/// election and its regulation, one line per stage with its dates and
/// countdown (or "sudah lewat"), a marker on the stages under way today, and
/// the sources as numbered footnotes (stages that cite only the calendar's
/// own sources carry no number, so the common case stays short).
public enum JadwalFamily {
    public static let specs: [CommandSpec] = [
        CommandSpec(
            words: ["jadwal"], aliases: [["schedule"]],
            usage: Localized(id: "/jadwal <pemilihan>", en: "/schedule <election>"),
            summary: Localized(id: "seluruh jadwal tahapan satu pemilihan",
                               en: "one election's whole stage schedule"),
            aksi: .lihatJadwal, mutates: false,
            details: Localized(
                id: "Pemilihan ditulis dengan id atau namanya (pilkada2024, \"Pilkada 2024\"). Setiap tahapan tampil dengan tanggal dan hitung mundurnya dari hari ini di zona waktu organisasi Anda; ▶ menandai tahapan yang sedang berlangsung.",
                en: "Name the election by id or name (pilkada2024, \"Pilkada 2024\"). Each stage shows its dates and the countdown from today in your organisation's time zone; ▶ marks the stages under way."),
            examples: [Localized(id: "/jadwal pilkada2024", en: "/schedule pilkada2024")],
            handler: jadwal),
    ]

    static func jadwal(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws(CommandFailure) -> CommandReply {
        let calendar = try context.election(from: &arguments)
        context.effects.askedAbout(election: calendar.id)
        return render(calendar, today: context.today, zone: context.zone, lang: context.lang)
    }

    static func render(_ calendar: ElectionCalendar, today: LocalDate, zone: ZonaWaktu, lang: Lang) -> CommandReply {
        let stages = calendar.chronological
        var footnotes = Footnotes(general: calendar.sources)

        var lines: [String] = []
        var header = (lang == .id ? "Jadwal " : "Schedule: ") + calendar.name(lang)
        if let title = calendar.title, title(lang) != calendar.name(lang) { header += " — " + title(lang) }
        lines.append(header)
        lines.append((lang == .id ? "Dasar: " : "Regulation: ") + calendar.regulation + " · "
                     + (lang == .id ? "hari ini " : "today ") + TanggalFormat.long(today, lang: lang) + " (\(zone.rawValue))")
        if let note = calendar.note { lines.append((lang == .id ? "Catatan: " : "Note: ") + note) }
        lines.append("")

        var anyCurrent = false
        var stageData: [JSONValue] = []
        for stage in stages {
            let current = stage.dates.covers(today)
            anyCurrent = anyCurrent || current
            var line = (current ? "▶ " : "• ") + StageLine.render(stage, calendarName: nil, today: today, lang: lang)
            if let last = stage.rescheduled.last {
                line += lang == .id ? " · dijadwalkan ulang (semula \(TanggalFormat.span(last.previous, lang: lang)))"
                                    : " · rescheduled (was \(TanggalFormat.span(last.previous, lang: lang)))"
            }
            // A reschedule's decision is a source of the dates shown too.
            let marks = footnotes.marks(for: stage.sources + stage.rescheduled.map(\.source))
            if !marks.isEmpty { line += " [" + marks.map(String.init).joined(separator: ",") + "]" }
            lines.append(line)
            stageData.append(StageJSON.stage(stage, today: today, lang: lang, current: current))
        }

        if anyCurrent {
            lines.append("")
            lines.append(lang == .id ? "▶ = sedang berlangsung hari ini." : "▶ = under way today.")
        }
        if !calendar.rules.isEmpty {
            lines.append("")
            lines.append(lang == .id ? "Tenggat yang bergantung pada peristiwa:" : "Deadlines that depend on events:")
            for rule in calendar.rules { lines.append("• \(rule.name(lang)) — \(rule.when)") }
        }
        lines.append("")
        lines.append(contentsOf: footnotes.render(lang: lang))

        let data: JSONValue = [
            "calendar": .string(calendar.id),
            "name": .string(calendar.name(lang)),
            "title": JSONValue(calendar.title.map { $0(lang) }),
            "kind": .string(calendar.kind.rawValue),
            "year": JSONValue(calendar.year),
            "regulation": .string(calendar.regulation),
            "note": JSONValue(calendar.note),
            "today": .string(today.iso),
            "zone": .string(zone.rawValue),
            "stages": .array(stageData),
            "rules": .array(calendar.rules.map { rule in
                ["name": .string(rule.name(lang)), "when": .string(rule.when),
                 "uncertain": JSONValue(rule.uncertain), "conflict": JSONValue(rule.conflict)]
            }),
            "sources": .array(calendar.sources.map(JSONValue.string)),
        ]
        return CommandReply(text: lines.joined(separator: "\n"), data: data)
    }

    /// Numbers sources: the calendar's own first (what an unmarked stage
    /// relies on), then, in order of first use, those only some stages cite.
    struct Footnotes {
        let general: [String]
        private(set) var specific: [String] = []
        private var numbers: [String: Int] = [:]

        init(general: [String]) {
            self.general = general
            for (index, source) in general.enumerated() where numbers[source] == nil { numbers[source] = index + 1 }
        }

        /// The footnote numbers a stage line carries: none when it cites only
        /// the calendar's own sources (the common case), else all of its sources.
        mutating func marks(for sources: [String]) -> [Int] {
            guard !Set(sources).isSubset(of: general) else { return [] }
            var marks: [Int] = []
            for source in sources {
                let number: Int
                if let known = numbers[source] {
                    number = known
                } else {
                    specific.append(source)
                    number = general.count + specific.count
                    numbers[source] = number
                }
                if !marks.contains(number) { marks.append(number) }
            }
            return marks
        }

        func render(lang: Lang) -> [String] {
            var lines = [lang == .id ? "Sumber jadwal:" : "Schedule sources:"]
            for (index, source) in general.enumerated() { lines.append("[\(index + 1)] \(source)") }
            if !specific.isEmpty {
                lines.append(lang == .id ? "Sumber khusus tahapan bertanda:" : "Sources of the stages marked:")
                for (index, source) in specific.enumerated() { lines.append("[\(general.count + index + 1)] \(source)") }
            }
            return lines
        }
    }
}

// MARK: Shared with /tenggat and /langganan

extension CommandContext {
    /// The election the remaining arguments name (`pilkada2024`, `Pilkada 2024`,
    /// `PILKADA-2024`). Missing: `bad_arguments`; unknown: `not_found`; both
    /// list the elections there are.
    func election(from arguments: inout CommandArguments) throws(CommandFailure) -> ElectionCalendar {
        let known = calendars.ids.joined(separator: ", ")
        guard !arguments.isEmpty else {
            throw arguments.failure(Localized(id: "Sebutkan pemilihannya: \(known).", en: "Name the election: \(known)."))
        }
        var words: [String] = []
        while let token = arguments.next() { words.append(token.text) }
        let typed = words.joined(separator: " ")
        if let calendar = calendars.calendar(named: typed) { return calendar }
        throw Self.unknownElection(typed, in: calendars)
    }

    static func unknownElection(_ typed: String, in calendars: CalendarCatalog) -> CommandFailure {
        let known = calendars.ids.joined(separator: ", ")
        let shown = typed.count > 60 ? String(typed.prefix(60)) + "…" : typed
        let suggestion = Spelling.closest(to: CalendarCatalog.lookupKey(typed),
                                                 in: calendars.ids.map(CalendarCatalog.lookupKey), limit: 2)
            .flatMap { key in calendars.ids.first { CalendarCatalog.lookupKey($0) == key } }
        let hint = suggestion.map { Localized(id: " Maksud Anda \($0)?", en: " Did you mean \($0)?") } ?? Localized("")
        return CommandFailure(.notFound,
                              id: "Pemilihan \"\(shown)\" tidak dikenal.\(hint.id) Yang ada: \(known).",
                              en: "Unknown election \"\(shown)\".\(hint.en) Known: \(known).")
    }
}

/// The structured form of a stage in reply `data` (`/tenggat`, `/jadwal`).
enum StageJSON {
    /// `upcoming`, `today`, `in_progress` or `past`, from the reader's today.
    static func status(_ countdown: Countdown) -> String {
        switch countdown {
        case .upcoming: "upcoming"
        case .today: "today"
        case .inProgress: "in_progress"
        case .past: "past"
        }
    }

    static func stage(_ stage: Tahapan, today: LocalDate, lang: Lang, current: Bool) -> JSONValue {
        let countdown = Countdown(today: today, span: stage.dates)
        return [
            "id": .string(stage.id),
            "name": .string(stage.name(lang)),
            "start": JSONValue(stage.start?.iso),
            "end": .string(stage.end.iso),
            "status": .string(status(countdown)),
            "countdown": .string(countdown.text(lang)),
            // Days from today to the first day: 7 for H-7, negative once under way or over.
            "countdown_days": JSONValue(today.days(until: stage.dates.first)),
            "current": .bool(current),
            "sources": .array(stage.sources.map(JSONValue.string)),
            "note": JSONValue(stage.note),
            "uncertain": JSONValue(stage.uncertain),
            "conflict": JSONValue(stage.conflict),
            "rescheduled": .array(stage.rescheduled.map { change in
                ["previous_start": JSONValue(change.previous.start?.iso), "previous_end": .string(change.previous.end.iso),
                 "reason": .string(change.reason), "source": .string(change.source)]
            }),
        ]
    }

    static func hit(_ hit: StageHit, today: LocalDate, lang: Lang) -> JSONValue {
        let countdown = Countdown(today: today, span: hit.stage.dates)
        return [
            "calendar": .string(hit.calendarID),
            "calendar_name": .string(hit.calendarName(lang)),
            "stage": .string(hit.stage.id),
            "name": .string(hit.stage.name(lang)),
            "start": JSONValue(hit.stage.start?.iso),
            "end": .string(hit.stage.end.iso),
            "status": .string(status(countdown)),
            "countdown": .string(countdown.text(lang)),
            "countdown_days": JSONValue(today.days(until: hit.stage.dates.first)),
            "source": JSONValue(hit.stage.sources.first),
            "sources": .array(hit.stage.sources.map(JSONValue.string)),
        ]
    }
}

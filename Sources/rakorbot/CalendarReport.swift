import RakorCore

/// What `rakorbot calendar …` prints.
enum CalendarReport {
    /// The first and last day any stage covers.
    static func range(_ calendar: ElectionCalendar) -> (first: LocalDate, last: LocalDate)? {
        guard let first = calendar.stages.map(\.dates.first).min(),
              let last = calendar.stages.map(\.dates.end).max() else { return nil }
        return (first, last)
    }

    /// `calendar list`: one row per calendar.
    static func table(_ calendars: [ElectionCalendar]) -> String {
        let header = ["ID", "NAME", "STAGES", "FIRST", "LAST"]
        let rows = calendars.map { calendar -> [String] in
            let range = range(calendar)
            return [calendar.id, calendar.name.id, String(calendar.stages.count),
                    range?.first.iso ?? "-", range?.last.iso ?? "-"]
        }
        return columns([header] + rows, rightAligned: [2])
    }

    static func listJSON(_ calendars: [ElectionCalendar]) -> String {
        let items: [JSONValue] = calendars.map { calendar in
            let range = range(calendar)
            var object: JSONObject = [
                "id": .string(calendar.id), "name": .string(calendar.name.id), "name_en": .string(calendar.name.en),
                "kind": .string(calendar.kind.rawValue), "year": .int(Int64(calendar.year)),
                "stages": .int(Int64(calendar.stages.count)),
            ]
            if let range {
                object.insertNew("first", .string(range.first.iso))
                object.insertNew("last", .string(range.last.iso))
            }
            return .object(object)
        }
        return String(decoding: JSONWriter.serialize(.array(items)), as: UTF8.self)
    }

    /// `calendar show`: the header, then every stage in date order with its source.
    static func detail(_ calendar: ElectionCalendar, lang: Lang) -> String {
        var lines: [String] = []
        var title = "\(calendar.name(lang)) (\(calendar.id))"
        if let full = calendar.title?(lang), full != calendar.name(lang) { title += " — \(full)" }
        lines.append(title)
        var facts = ["\(calendar.kind.rawValue) \(calendar.year)", calendar.regulation, "\(calendar.stages.count) stages"]
        if let range = range(calendar) { facts.append("\(range.first.iso) … \(range.last.iso)") }
        lines.append(facts.joined(separator: " · "))
        if let note = calendar.note { lines.append("note: \(note)") }
        lines.append("sources:")
        lines += calendar.sources.map { "  \($0)" }
        lines.append("")
        for stage in calendar.chronological {
            let other: Lang = lang == .id ? .en : .id
            var heading = "\(stage.dates.description.padding(22))  \(stage.name(lang))"
            if stage.name(other) != stage.name(lang) { heading += " (\(stage.name(other)))" }
            lines.append(heading)
            let indent = String(repeating: " ", count: 24)
            lines.append(indent + TanggalFormat.span(stage.dates, lang: lang))
            if let note = stage.note { lines.append(indent + "note: \(note)") }
            for source in stage.sources { lines.append(indent + "source: \(source)") }
            if let uncertain = stage.uncertain { lines.append(indent + "uncertain: \(uncertain)") }
            if let conflict = stage.conflict { lines.append(indent + "sources differ: \(conflict)") }
            for change in stage.rescheduled {
                lines.append(indent + "rescheduled from \(change.previous): \(change.reason) (\(change.source))")
            }
        }
        if !calendar.rules.isEmpty {
            lines.append("")
            lines.append("relative deadlines:")
            for rule in calendar.rules { lines.append("  \(rule.name(lang)): \(rule.when)") }
        }
        return lines.joined(separator: "\n")
    }

    /// What `validate` / `import` accepted.
    static func accepted(_ calendar: ElectionCalendar, file: String, shipped: CalendarCatalog?) -> String {
        var lines = ["valid: \(file == "-" ? "standard input" : file)"]
        lines.append("  id:         \(calendar.id)")
        let name = calendar.name.id == calendar.name.en ? calendar.name.id : "\(calendar.name.id) / \(calendar.name.en)"
        lines.append("  name:       \(name)")
        lines.append("  election:   \(calendar.kind.rawValue) \(calendar.year), \(calendar.regulation)")
        let sourced = calendar.stages.filter { $0.uncertain != nil || $0.conflict != nil }.count
        var stages = "\(calendar.stages.count)"
        if sourced > 0 { stages += " (\(sourced) marked uncertain or disputed)" }
        lines.append("  stages:     \(stages)")
        if let range = range(calendar) {
            lines.append("  dates:      \(range.first.iso) … \(range.last.iso) (\(TanggalFormat.range(range.first, range.last, lang: .id)))")
        }
        lines.append("  sources:    \(calendar.sources.count)")
        if let existing = shipped?.calendar(named: calendar.id) {
            lines.append("  note:       replaces the shipped calendar \(existing.id) when imported")
        }
        return lines.joined(separator: "\n")
    }

    /// Every problem, one per line, with its path and line.
    static func rejected(_ error: CalendarError, file: String) -> String {
        let count = error.problems.count
        var lines = ["invalid: \(file == "-" ? "standard input" : file): \(count) problem\(count == 1 ? "" : "s")"]
        lines += error.problems.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }

    /// Left-aligned columns (right-aligned where asked), two spaces apart.
    static func columns(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        guard let width = rows.map(\.count).max() else { return "" }
        let widths = (0..<width).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                if rightAligned.contains(column) { return pad + cell }
                return column == row.count - 1 ? cell : cell + pad
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

extension String {
    /// Padded with spaces to at least `width` characters.
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

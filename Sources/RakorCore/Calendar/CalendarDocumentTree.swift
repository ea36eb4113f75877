/// The document tree of a calendar, in the documented key order.
enum CalendarDocumentTree {
    static func tree(of calendar: ElectionCalendar) -> CalendarDocumentValue {
        var pairs: [(String, CalendarDocumentValue)] = [
            ("version", .number(1)),
            ("id", .bare(calendar.id)),
            ("name", localized(calendar.name)),
        ]
        if let title = calendar.title { pairs.append(("title", localized(title))) }
        pairs.append(("kind", .bare(calendar.kind.rawValue)))
        pairs.append(("year", .number(calendar.year)))
        pairs.append(("regulation", .text(calendar.regulation)))
        pairs.append(("sources", .list(calendar.sources.map(CalendarDocumentValue.text))))
        if let note = calendar.note { pairs.append(("note", .text(note))) }
        pairs.append(("stages", .list(calendar.stages.map(stage))))
        if !calendar.rules.isEmpty { pairs.append(("rules", .list(calendar.rules.map(rule)))) }
        return .map(pairs)
    }

    private static func stage(_ stage: Tahapan) -> CalendarDocumentValue {
        var pairs: [(String, CalendarDocumentValue)] = [
            ("id", .bare(stage.id)),
            ("tahap", .text(stage.name.id)),
            ("en", .text(stage.name.en)),
        ]
        pairs.append(contentsOf: span(stage.dates))
        if let note = stage.note { pairs.append(("note", .text(note))) }
        pairs.append(("source", sources(stage.sources)))
        if let uncertain = stage.uncertain { pairs.append(("uncertain", .text(uncertain))) }
        if let conflict = stage.conflict { pairs.append(("conflict", .text(conflict))) }
        if !stage.keywords.isEmpty { pairs.append(("keywords", .list(stage.keywords.map(CalendarDocumentValue.text)))) }
        if !stage.rescheduled.isEmpty {
            pairs.append(("rescheduled", .list(stage.rescheduled.map { change in
                .map([("from", .map(span(change.previous))),
                      ("reason", .text(change.reason)),
                      ("source", .text(change.source))])
            })))
        }
        return .map(pairs)
    }

    private static func rule(_ rule: RelativeRule) -> CalendarDocumentValue {
        var pairs: [(String, CalendarDocumentValue)] = [
            ("rule", .text(rule.name.id)),
            ("en", .text(rule.name.en)),
            ("when", .text(rule.when)),
        ]
        if let uncertain = rule.uncertain { pairs.append(("uncertain", .text(uncertain))) }
        if let conflict = rule.conflict { pairs.append(("conflict", .text(conflict))) }
        return .map(pairs)
    }

    private static func span(_ span: DateSpan) -> [(String, CalendarDocumentValue)] {
        if span.isSingleDay { return [("date", .bare(span.end.iso))] }
        var pairs: [(String, CalendarDocumentValue)] = []
        if let start = span.start { pairs.append(("start", .bare(start.iso))) }
        pairs.append(("end", .bare(span.end.iso)))
        return pairs
    }

    private static func sources(_ sources: [String]) -> CalendarDocumentValue {
        sources.count == 1 ? .text(sources[0]) : .list(sources.map(CalendarDocumentValue.text))
    }

    private static func localized(_ text: Localized) -> CalendarDocumentValue {
        text.id == text.en ? .text(text.id) : .map([("id", .text(text.id)), ("en", .text(text.en))])
    }
}

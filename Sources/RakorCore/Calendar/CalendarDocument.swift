import Yams

/// The calendar file format: the shipped `Resources/calendars/*.yaml` files
/// and the `data` of a `rakor.calendar.published` event. JSON is accepted as
/// well, since a JSON document is a YAML flow document.
///
/// ```yaml
/// version: 1                      # optional; only 1 exists
/// id: pilkada2024                 # slug: a-z, 0-9, single dashes
/// name: {id: Pilkada 2024, en: Pilkada 2024}   # or one string for both
/// title: {id: …, en: …}           # optional full title
/// kind: pilkada                   # pemilu | pilkada
/// year: 2024
/// regulation: PKPU 2/2024
/// sources: [https://…, …]         # URLs, or citations where no URL exists
/// note: …                         # optional remarks on the whole calendar
/// stages:                         # at least one
///   - id: pemungutan-suara        # slug, unique in the calendar
///     tahap: Pemungutan suara     # Indonesian name
///     en: Voting day              # English name (optional; defaults to tahap)
///     date: 2024-11-27            # one day; or `start` + `end`; or only `end`
///     note: …                     # optional
///     source: https://…           # required: one URL/citation or a list
///     uncertain: …                # optional: why the evidence is weak
///     conflict: …                 # optional: how sources disagree
///     keywords: [pencoblosan]     # optional extra search words
///     rescheduled:                # optional history, oldest first
///       - {from: {date: 2020-09-23}, reason: …, source: Perppu 2/2020}
/// rules:                          # optional deadlines relative to events
///   - {rule: …, en: …, when: …, conflict: …}
/// ```
///
/// Unknown keys are errors (a typo must not silently drop a date). Dates are
/// local dates in the time zone of the region concerned.
public enum CalendarDocument {
    /// Largest accepted text, in UTF-8 bytes.
    public static let maxBytes = 1 << 20
    /// Largest accepted tree, in nodes: YAML aliases can expand a small text.
    public static let maxNodes = 100_000

    /// Parses and validates a calendar document (YAML or JSON).
    public static func parse(text: String) throws(CalendarError) -> ElectionCalendar {
        guard text.utf8.count <= maxBytes else {
            throw CalendarError("", "document too large (\(text.utf8.count) bytes; at most \(maxBytes))")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw CalendarError(problems: [syntaxProblem(error)])
        } catch {
            throw CalendarError("", "the text is not YAML or JSON")
        }
        guard let root else {
            throw CalendarError("", "empty document")
        }
        guard CalendarDocumentReader.nodeCount(root, limit: maxNodes) <= maxNodes else {
            throw CalendarError("", "document too large (more than \(maxNodes) values once aliases are expanded)")
        }
        var reader = CalendarDocumentReader()
        let calendar = reader.calendar(from: root)
        guard let calendar, reader.problems.isEmpty else {
            throw CalendarError(problems: reader.problems.isEmpty
                ? [CalendarProblem(path: "", message: "not a calendar document")] : reader.problems)
        }
        return calendar
    }

    /// The calendar as a YAML document that `parse(text:)` reads back equal.
    /// `header` lines are written as `#` comments at the top.
    public static func yaml(_ calendar: ElectionCalendar, header: [String] = []) -> String {
        let comments = header.map { $0.isEmpty ? "#" : "# \($0)" }
        let body = CalendarDocumentWriter.yaml(CalendarDocumentTree.tree(of: calendar))
        return (comments + [body]).joined(separator: "\n")
    }

    /// The calendar as JSON (compact, or indented with `pretty`), e.g. for a
    /// `rakor.calendar.published` event's `data`.
    public static func json(_ calendar: ElectionCalendar, pretty: Bool = false) -> String {
        CalendarDocumentWriter.json(CalendarDocumentTree.tree(of: calendar), pretty: pretty)
    }

    private static func syntaxProblem(_ error: YamlError) -> CalendarProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text))" } ?? ""
            return CalendarProblem(path: "", message: "not valid YAML/JSON: \(problem)\(detail), column \(mark.column)",
                                   line: mark.line)
        case .reader(let problem, _, _, _):
            return CalendarProblem(path: "", message: "unreadable text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return CalendarProblem(path: "", message: "duplicate key \(duplicates.map { "`\($0)`" }.joined(separator: ", "))",
                                   line: context.mark.line)
        default:
            return CalendarProblem(path: "", message: "not valid YAML/JSON")
        }
    }
}

import Foundation
import Yams

/// Turns a composed YAML tree into an `ElectionCalendar`, collecting every
/// problem with its path instead of stopping at the first: an integrator
/// fixing a rejected document should see all of it at once.
///
/// Values are read from the raw scalar text, never through YAML's implicit
/// typing, so `date: 2024-11-27` (YAML) and `"date": "2024-11-27"` (JSON)
/// mean the same, and `note: no` stays the text "no".
struct CalendarDocumentReader {
    private(set) var problems: [CalendarProblem] = []

    static let maxStages = 1000
    static let maxListItems = 100
    static let maxTextLength = 4000

    static let calendarKeys = ["version", "id", "name", "title", "kind", "year", "regulation",
                               "sources", "note", "stages", "rules"]
    static let stageKeys = ["id", "tahap", "en", "date", "start", "end", "note", "source",
                            "uncertain", "conflict", "keywords", "rescheduled"]
    static let reschedulingKeys = ["from", "reason", "source"]
    static let spanKeys = ["date", "start", "end"]
    static let ruleKeys = ["rule", "en", "when", "uncertain", "conflict"]
    static let localizedKeys = ["id", "en"]

    // MARK: Calendar

    mutating func calendar(from root: Node) -> ElectionCalendar? {
        guard let fields = fields(root, at: "", allowed: Self.calendarKeys) else { return nil }

        if let version = fields["version"], let text = scalarText(version, at: "version"), text != "1" {
            report("version", "unsupported version \(text) (this reader understands 1)", version)
        }
        let id = slug(fields["id"], at: "id", example: "pilkada2024")
        let name = localized(fields["name"], at: "name", required: true)
        let title = localized(fields["title"], at: "title", required: false)
        let kind = electionKind(fields["kind"], at: "kind")
        let year = year(fields["year"], at: "year")
        let regulation = text(fields["regulation"], at: "regulation", required: true)
        let sources = sourceList(fields["sources"], at: "sources", required: true)
        let note = text(fields["note"], at: "note", required: false)
        let stages = stages(fields["stages"], at: "stages")
        let rules = rules(fields["rules"], at: "rules")

        guard let id, let name, let kind, let year, let regulation, let sources, let stages, let rules,
              problems.isEmpty else { return nil }
        return ElectionCalendar(id: id, name: name, title: title, kind: kind, year: year,
                                regulation: regulation, sources: sources, note: note,
                                stages: stages, rules: rules)
    }

    // MARK: Stages

    private mutating func stages(_ node: Node?, at path: String) -> [Tahapan]? {
        guard let node else {
            report(path, "missing (a calendar needs at least one stage)", nil)
            return nil
        }
        guard let items = sequence(node, at: path) else { return nil }
        guard !items.isEmpty else {
            report(path, "must list at least one stage", node)
            return nil
        }
        guard items.count <= Self.maxStages else {
            report(path, "too many stages (\(items.count); at most \(Self.maxStages))", node)
            return nil
        }
        var result: [Tahapan] = []
        var firstIndexOfID: [String: Int] = [:]
        var complete = true
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            // Duplicates are checked on the raw id, so they are reported even
            // when the stages carrying them have other problems too.
            if case .mapping(let mapping) = item, let idNode = mapping["id"], case .scalar(let scalar) = idNode {
                let id = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
                if let first = firstIndexOfID[id] {
                    report("\(itemPath).id", "duplicate stage id `\(id)` (first used at \(path)[\(first)])", idNode)
                    complete = false
                } else if !id.isEmpty {
                    firstIndexOfID[id] = index
                }
            }
            guard let stage = stage(item, at: itemPath) else {
                complete = false
                continue
            }
            result.append(stage)
        }
        return complete ? result : nil
    }

    private mutating func stage(_ node: Node, at path: String) -> Tahapan? {
        guard let fields = fields(node, at: path, allowed: Self.stageKeys) else { return nil }
        let id = slug(fields["id"], at: "\(path).id", example: "pemungutan-suara")
        let tahap = text(fields["tahap"], at: "\(path).tahap", required: true)
        let en = text(fields["en"], at: "\(path).en", required: false)
        let dates = span(fields, owner: node, at: path)
        let note = text(fields["note"], at: "\(path).note", required: false)
        let sources = sourceList(fields["source"], at: "\(path).source", required: true)
        let uncertain = text(fields["uncertain"], at: "\(path).uncertain", required: false)
        let conflict = text(fields["conflict"], at: "\(path).conflict", required: false)
        let keywords = textList(fields["keywords"], at: "\(path).keywords")
        let rescheduled = reschedulings(fields["rescheduled"], at: "\(path).rescheduled")
        guard let id, let tahap, let dates, let sources, let keywords, let rescheduled else { return nil }
        return Tahapan(id: id, name: Localized(id: tahap, en: en ?? tahap), dates: dates, note: note,
                       sources: sources, uncertain: uncertain, conflict: conflict,
                       keywords: keywords, rescheduled: rescheduled)
    }

    /// `date`, or `end` with an optional `start`.
    private mutating func span(_ fields: [String: Node], owner: Node, at path: String) -> DateSpan? {
        if let dateNode = fields["date"] {
            if fields["start"] != nil || fields["end"] != nil {
                report("\(path).date", "cannot be combined with `start`/`end` (use `date` for one day, `start` and `end` for a range)", dateNode)
                return nil
            }
            return date(dateNode, at: "\(path).date").map(DateSpan.init(day:))
        }
        guard let endNode = fields["end"] else {
            report(path, "needs `date`, or `end` with an optional `start`", owner)
            return nil
        }
        let start = fields["start"].flatMap { date($0, at: "\(path).start") }
        guard let end = date(endNode, at: "\(path).end") else { return nil }
        if fields["start"] != nil && start == nil { return nil }
        guard let span = DateSpan(start: start, end: end) else {
            report("\(path).start", "\(start?.iso ?? "") is after end \(end.iso)", fields["start"])
            return nil
        }
        return span
    }

    private mutating func reschedulings(_ node: Node?, at path: String) -> [Rescheduling]? {
        guard let node, !isNull(node) else { return [] }
        guard let items = sequence(node, at: path) else { return nil }
        guard items.count <= Self.maxListItems else {
            report(path, "too many entries (at most \(Self.maxListItems))", node)
            return nil
        }
        var result: [Rescheduling] = []
        var complete = true
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let fields = fields(item, at: itemPath, allowed: Self.reschedulingKeys) else {
                complete = false
                continue
            }
            var previous: DateSpan?
            if let from = fields["from"] {
                if let spanFields = self.fields(from, at: "\(itemPath).from", allowed: Self.spanKeys) {
                    previous = span(spanFields, owner: from, at: "\(itemPath).from")
                }
            } else {
                report("\(itemPath).from", "missing (the dates before the change, e.g. `from: {date: 2020-09-23}`)", item)
            }
            let reason = text(fields["reason"], at: "\(itemPath).reason", required: true)
            let source = text(fields["source"], at: "\(itemPath).source", required: true)
            if let source, let problem = CalendarRules.sourceProblem(source) {
                report("\(itemPath).source", problem, fields["source"])
                complete = false
            }
            guard let previous, let reason, let source else {
                complete = false
                continue
            }
            result.append(Rescheduling(previous: previous, reason: reason, source: source))
        }
        return complete ? result : nil
    }

    // MARK: Rules

    private mutating func rules(_ node: Node?, at path: String) -> [RelativeRule]? {
        guard let node, !isNull(node) else { return [] }
        guard let items = sequence(node, at: path) else { return nil }
        guard items.count <= Self.maxListItems else {
            report(path, "too many rules (at most \(Self.maxListItems))", node)
            return nil
        }
        var result: [RelativeRule] = []
        var complete = true
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let fields = fields(item, at: itemPath, allowed: Self.ruleKeys) else {
                complete = false
                continue
            }
            let rule = text(fields["rule"], at: "\(itemPath).rule", required: true)
            let en = text(fields["en"], at: "\(itemPath).en", required: false)
            let when = text(fields["when"], at: "\(itemPath).when", required: true)
            let uncertain = text(fields["uncertain"], at: "\(itemPath).uncertain", required: false)
            let conflict = text(fields["conflict"], at: "\(itemPath).conflict", required: false)
            guard let rule, let when else {
                complete = false
                continue
            }
            result.append(RelativeRule(name: Localized(id: rule, en: en ?? rule), when: when,
                                       uncertain: uncertain, conflict: conflict))
        }
        return complete ? result : nil
    }

    // MARK: Values

    private mutating func slug(_ node: Node?, at path: String, example: String) -> String? {
        guard let value = text(node, at: path, required: true) else { return nil }
        guard CalendarRules.isSlug(value) else {
            report(path, "`\(value)` is not a slug (lowercase letters, digits and single dashes, at most \(CalendarRules.maxSlugLength) characters, e.g. `\(example)`)", node)
            return nil
        }
        return value
    }

    private mutating func electionKind(_ node: Node?, at path: String) -> ElectionKind? {
        guard let value = text(node, at: path, required: true) else { return nil }
        guard let kind = ElectionKind(rawValue: value) else {
            report(path, "must be `pemilu` or `pilkada`, not `\(value)`", node)
            return nil
        }
        return kind
    }

    private mutating func year(_ node: Node?, at path: String) -> Int? {
        guard let value = text(node, at: path, required: true) else { return nil }
        guard value.utf8.count == 4, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let year = Int(value), (1900...2999).contains(year) else {
            report(path, "not a year (four digits, 1900–2999)", node)
            return nil
        }
        return year
    }

    private mutating func date(_ node: Node, at path: String) -> LocalDate? {
        guard let value = text(node, at: path, required: true) else { return nil }
        guard let date = LocalDate(iso: value) else {
            report(path, "not a YYYY-MM-DD date (`\(value)`)", node)
            return nil
        }
        return date
    }

    /// A plain string for both languages, or `{id: …, en: …}`.
    private mutating func localized(_ node: Node?, at path: String, required: Bool) -> Localized? {
        guard let node, !isNull(node) else {
            if required { report(path, "missing", nil) }
            return nil
        }
        if case .mapping = node {
            guard let fields = fields(node, at: path, allowed: Self.localizedKeys) else { return nil }
            let id = text(fields["id"], at: "\(path).id", required: true)
            let en = text(fields["en"], at: "\(path).en", required: true)
            guard let id, let en else { return nil }
            return Localized(id: id, en: en)
        }
        return text(node, at: path, required: true).map { Localized($0) }
    }

    /// One source, or a list of them (`source: *calendar-sources` works through a YAML alias).
    private mutating func sourceList(_ node: Node?, at path: String, required: Bool) -> [String]? {
        guard let node, !isNull(node) else {
            report(path, "missing: give the URL the dates come from (or, where none exists, a citation such as the regulation)", nil)
            return nil
        }
        var values: [String] = []
        var complete = true
        if case .sequence(let sequence) = node {
            guard !sequence.isEmpty else {
                report(path, "must name at least one source", node)
                return nil
            }
            guard sequence.count <= Self.maxListItems else {
                report(path, "too many sources (at most \(Self.maxListItems))", node)
                return nil
            }
            for (index, item) in sequence.enumerated() {
                let itemPath = "\(path)[\(index)]"
                guard let value = text(item, at: itemPath, required: true) else {
                    complete = false
                    continue
                }
                if let problem = CalendarRules.sourceProblem(value) {
                    report(itemPath, problem, item)
                    complete = false
                }
                values.append(value)
            }
        } else {
            guard let value = text(node, at: path, required: true) else { return nil }
            if let problem = CalendarRules.sourceProblem(value) {
                report(path, problem, node)
                return nil
            }
            values.append(value)
        }
        return complete ? values : nil
    }

    private mutating func textList(_ node: Node?, at path: String) -> [String]? {
        guard let node, !isNull(node) else { return [] }
        guard let items = sequence(node, at: path) else { return nil }
        guard items.count <= Self.maxListItems else {
            report(path, "too many entries (at most \(Self.maxListItems))", node)
            return nil
        }
        var values: [String] = []
        var complete = true
        for (index, item) in items.enumerated() {
            if let value = text(item, at: "\(path)[\(index)]", required: true) {
                values.append(value)
            } else {
                complete = false
            }
        }
        return complete ? values : nil
    }

    /// Trimmed text. An absent or null optional value is nil without a problem;
    /// an empty optional value is treated as absent.
    private mutating func text(_ node: Node?, at path: String, required: Bool) -> String? {
        guard let node, !isNull(node) else {
            if required { report(path, "missing", nil) }
            return nil
        }
        guard let raw = scalarText(node, at: path) else { return nil }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty {
            if required { report(path, "must not be empty", node) }
            return nil
        }
        guard value.count <= Self.maxTextLength else {
            report(path, "too long (\(value.count) characters; at most \(Self.maxTextLength))", node)
            return nil
        }
        return value
    }

    private mutating func scalarText(_ node: Node, at path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            report(path, "expected a single value, found a \(kindName(node))", node)
            return nil
        }
        return scalar.string
    }

    // MARK: Structure

    /// The mapping's values by key, reporting keys that are not `allowed`.
    private mutating func fields(_ node: Node, at path: String, allowed: [String]) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report(path, "expected a mapping (key: value), found a \(kindName(node))", node)
            return nil
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                report(path, "keys must be plain text", keyNode)
                continue
            }
            let name = key.string
            if allowed.contains(name) {
                result[name] = value
            } else {
                let child = path.isEmpty ? name : "\(path).\(name)"
                report(child, "unknown key (expected one of: \(allowed.joined(separator: ", ")))", keyNode)
            }
        }
        return result
    }

    private mutating func sequence(_ node: Node, at path: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(path, "expected a list, found a \(kindName(node))", node)
            return nil
        }
        return Array(sequence)
    }

    /// YAML's null (`~`, `null`, or nothing) in plain style; a quoted "null" is text.
    private func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    private func kindName(_ node: Node) -> String {
        switch node {
        case .scalar: "single value"
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    private mutating func report(_ path: String, _ message: String, _ node: Node?) {
        problems.append(CalendarProblem(path: path, message: message, line: node?.mark?.line))
    }
}

extension CalendarDocumentReader {
    /// Counts nodes up to `limit` (aliases can make a small text a huge tree).
    static func nodeCount(_ root: Node, limit: Int) -> Int {
        var count = 0
        var stack = [root]
        while let node = stack.popLast() {
            count += 1
            if count > limit { return count }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append(key)
                    stack.append(value)
                }
            case .sequence(let sequence):
                stack.append(contentsOf: sequence)
            case .scalar, .alias:
                break
            }
        }
        return count
    }
}

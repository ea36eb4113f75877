import Yams

/// The directory file format (YAML). The demo directory
/// (`Sources/RakorBot/Resources/directory/demo.yaml`) and
/// `deploy/directory.example.yaml` show it in full.
///
/// ```yaml
/// version: 1                      # optional; only 1 exists
/// organisations:
///   - id: kpu-banjar              # lowercase slug, typed in chat as @kpu-banjar
///     name: Komisi Pemilihan Umum Kabupaten Banjar
///     short: KPU Kab. Banjar      # optional display name
///     level: kabkota              # pusat | provinsi | kabkota
///     code: "63.03"               # Kemendagri code: "63" provinsi, "63.03" kabkota, none for pusat
///     parent: kpu-kalsel          # optional; must sit above and cover this region
///     zone: WITA                  # WIB | WITA | WIT
///     kind: kpu                   # optional slug: kesbangpol, kpu, bawaslu, bpkad, biro-pemerintahan, sekda, dprd, kemendagri, …
///     chats: [wa:group-kpu-banjar]   # optional; where reminders to this organisation go
/// users:
///   - id: u-mutallib              # the chat bridge's sender id
///     name: Abdul Mutallib
///     org: kpu-banjar
///     roles: [anggota]            # koordinator | anggota | pengawas | admin (one or more)
///     lang: id                    # optional: id (default) | en
///     title: Komisioner KPU Kabupaten Banjar   # optional
/// integrators:                    # optional section
///   - id: kpu-ri
///     name: KPU RI — sistem informasi tahapan
///     source: kpu.go.id/jadwal    # the CloudEvents source it posts as (unique)
///     types: [rakor.calendar.published, rakor.stage.rescheduled]
///     key_ids: [kpu-ri-2024]      # optional: HMAC key ids its events may be signed with
///     org: kemendagri-polpum      # optional: limits its events to this organisation's jurisdiction
/// ```
///
/// Keys are exact (unknown keys are errors, with a suggestion); enum values
/// (`level`, `zone`, `roles`, `lang`) are case-insensitive. Scalars are read as
/// written, so `code: 63.10` stays `63.10`; quoting codes is still advised.
/// A list field also accepts a single value (`roles: koordinator`). YAML
/// anchors and aliases work as YAML defines them; merge keys (`<<`) do not.
extension Directory {
    /// Parses and validates a directory document. Throws a `DirectoryError`
    /// listing every problem found, each with its path and line.
    public static func parse(yaml: String) throws(DirectoryError) -> Directory {
        let root: Node?
        do {
            // The basic resolver: every scalar is text. The directory reads raw
            // strings (so `63.10` is not a float and `no` is not false) and skips
            // the regex-based type resolution that dominates large files.
            root = try Yams.Parser(yaml: yaml, resolver: .basic).singleRoot()
        } catch {
            throw DirectoryError(issues: [Self.syntaxIssue(error)])
        }
        var parser = DirectoryParser()
        parser.read(root)
        return try parser.finish()
    }

    private static func syntaxIssue(_ error: any Error) -> DirectoryIssue {
        guard let yamlError = error as? YamlError else {
            return DirectoryIssue(path: "", kind: .syntax, message: "not valid YAML: \(error)")
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return DirectoryIssue(path: "", kind: .syntax, message: "not valid YAML: \(detail)", line: mark.line)
        case let .duplicatedKeysInMapping(duplicates, context):
            return DirectoryIssue(path: "", kind: .syntax,
                                  message: "a mapping repeats the key\(duplicates.count == 1 ? "" : "s") \(duplicates.joined(separator: ", "))",
                                  line: context.mark.line)
        case let .reader(problem, _, _, _):
            return DirectoryIssue(path: "", kind: .syntax, message: "not valid YAML text: \(problem)")
        default:
            return DirectoryIssue(path: "", kind: .syntax, message: "not valid YAML: \(yamlError)")
        }
    }
}

/// Turns the YAML tree into candidates, reporting shape problems (types,
/// keys, enum values), then hands them to `DirectoryValidator` for the rules.
struct DirectoryParser {
    static let rootKeys = ["version", "organisations", "users", "integrators"]
    static let orgKeys = ["id", "name", "short", "level", "code", "parent", "zone", "kind", "chats"]
    static let userKeys = ["id", "name", "org", "roles", "lang", "title"]
    static let integratorKeys = ["id", "name", "source", "types", "key_ids", "org"]

    var issues = DirectoryIssueList()
    private var organisations: [DirectoryCandidate<Organisation>] = []
    private var users: [DirectoryCandidate<User>] = []
    private var integrators: [DirectoryCandidate<Integrator>] = []
    /// Each entry's mapping, kept to locate lines for the validator's reports.
    private var entryNodes: [DirectorySection: [Node.Mapping?]] = [:]

    mutating func read(_ root: Node?) {
        guard let root else {
            issues.add("", .missingKey, "the document is empty; it needs organisations: and users:")
            return
        }
        guard case let .mapping(mapping) = root else {
            issues.add("", .wrongType, "the document must be a mapping with organisations:, users: and integrators:", line: root.mark?.line)
            return
        }
        var sections: [DirectorySection: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                issues.add("", .wrongType, "keys must be plain text", line: keyNode.mark?.line)
                continue
            }
            switch key {
            case "version":
                let text = value.scalar?.string
                if text != "1" {
                    issues.add("version", .unknownVersion,
                               "unsupported directory version \(text.map { "\"\($0)\"" } ?? "(not a number)"); this build reads version 1",
                               line: value.mark?.line)
                }
            case "organisations": sections[.organisations] = value
            case "users": sections[.users] = value
            case "integrators": sections[.integrators] = value
            default:
                issues.add(key, .unknownKey, Self.unknownKeyMessage(key, allowed: Self.rootKeys), line: keyNode.mark?.line)
            }
        }
        for required in [DirectorySection.organisations, .users] where sections[required] == nil {
            issues.add(required.rawValue, .missingKey, "missing \(required.rawValue): (a list)", line: mapping.mark?.line)
        }

        for (index, entry) in entries(sections[.organisations], .organisations) {
            organisations.append(readOrganisation(entry, index))
        }
        for (index, entry) in entries(sections[.users], .users) {
            users.append(readUser(entry, index))
        }
        for (index, entry) in entries(sections[.integrators], .integrators) {
            integrators.append(readIntegrator(entry, index))
        }
    }

    func finish() throws(DirectoryError) -> Directory {
        let nodes = entryNodes
        var validator = DirectoryValidator(locate: { section, index, field in
            Self.line(in: nodes, section, index, field)
        })
        validator.issues = issues
        validator.validate(organisations: organisations, users: users, integrators: integrators)
        guard validator.issues.isEmpty else { throw validator.issues.error() }
        // Validation passed, so every candidate has a value.
        return Directory(validated: organisations.compactMap(\.value),
                         users: users.compactMap(\.value),
                         integrators: integrators.compactMap(\.value))
    }

    // MARK: Sections and entries

    /// The mapping entries of a section, reporting entries of the wrong shape.
    private mutating func entries(_ node: Node?, _ section: DirectorySection) -> [(Int, Node.Mapping)] {
        guard let node, !Self.isNull(node) else {
            entryNodes[section] = []
            return []
        }
        guard case let .sequence(sequence) = node else {
            issues.add(section.rawValue, .wrongType, "\(section.rawValue) must be a list (entries start with \"- \")", line: node.mark?.line)
            entryNodes[section] = []
            return []
        }
        var result: [(Int, Node.Mapping)] = []
        result.reserveCapacity(sequence.count)
        var nodes: [Node.Mapping?] = []
        nodes.reserveCapacity(sequence.count)
        for (index, element) in sequence.enumerated() {
            if case let .mapping(mapping) = element {
                result.append((index, mapping))
                nodes.append(mapping)
            } else {
                issues.add(DirectoryValidator.path(section, index, nil), .wrongType,
                           "each entry must be a mapping (id:, name:, …)", line: element.mark?.line)
                nodes.append(nil)
            }
        }
        entryNodes[section] = nodes
        return result
    }

    private mutating func readOrganisation(_ mapping: Node.Mapping, _ index: Int) -> DirectoryCandidate<Organisation> {
        let entry = Entry(section: .organisations, index: index, mapping: mapping)
        let before = issues.total
        checkKeys(entry, Self.orgKeys)
        let id = required(entry, "id")
        let name = required(entry, "name")
        let short = optional(entry, "short")
        let level = required(entry, "level").flatMap { text in
            parsed(entry, "level", text, .unknownLevel, OrgLevel.allCases.map(\.rawValue)) { OrgLevel(rawValue: $0.lowercased()) }
        }
        var code: KodeWilayah?
        if let text = optional(entry, "code") {
            code = KodeWilayah(text)
            if code == nil {
                fail(entry, "code", .invalidCode,
                     "region code \"\(text)\" must be two digits for a province (\"63\") or two-dot-two for a regency (\"63.03\"); quote it")
            }
        }
        let parent = optional(entry, "parent")
        let zone = required(entry, "zone").flatMap { text in
            parsed(entry, "zone", text, .unknownZone, ZonaWaktu.allCases.map(\.rawValue)) { ZonaWaktu(rawValue: $0.uppercased()) }
        }
        var kind: OrgKind?
        if let text = optional(entry, "kind") {
            kind = OrgKind(rawValue: text)
            if kind == nil {
                fail(entry, "kind", .invalidKind, "kind \"\(text)\" must be a lowercase slug, e.g. kesbangpol or biro-pemerintahan")
            }
        }
        let chats = list(entry, "chats", required: false) ?? []

        guard issues.total == before, let id, let name, let level, let zone else {
            return DirectoryCandidate(index: index, id: id, value: nil)
        }
        let org = Organisation(id: id, name: name, shortName: short, level: level, code: code,
                               parent: parent, zone: zone, kind: kind, chats: chats)
        return DirectoryCandidate(index: index, id: id, value: org)
    }

    private mutating func readUser(_ mapping: Node.Mapping, _ index: Int) -> DirectoryCandidate<User> {
        let entry = Entry(section: .users, index: index, mapping: mapping)
        let before = issues.total
        checkKeys(entry, Self.userKeys)
        let id = required(entry, "id")
        let name = required(entry, "name")
        let org = required(entry, "org")
        var roles = Set<Role>()
        for (position, word) in (list(entry, "roles", required: true) ?? []).enumerated() {
            let field = "roles[\(position)]"
            guard let role = Role(rawValue: word.lowercased()) else {
                fail(entry, field, .unknownRole, Self.unknownValueMessage("role", word, expected: Role.allCases.map(\.rawValue)))
                continue
            }
            if !roles.insert(role).inserted {
                fail(entry, field, .duplicateValue, "role \(role.rawValue) is listed twice")
            }
        }
        var lang = Lang.id
        if let text = optional(entry, "lang"),
           let parsedLang = parsed(entry, "lang", text, .unknownLang, Lang.allCases.map(\.rawValue), { Lang(code: $0) }) {
            lang = parsedLang
        }
        let title = optional(entry, "title")

        guard issues.total == before, let id, let name, let org else {
            return DirectoryCandidate(index: index, id: id, value: nil)
        }
        return DirectoryCandidate(index: index, id: id, value: User(id: id, name: name, org: org, roles: roles, lang: lang, title: title))
    }

    private mutating func readIntegrator(_ mapping: Node.Mapping, _ index: Int) -> DirectoryCandidate<Integrator> {
        let entry = Entry(section: .integrators, index: index, mapping: mapping)
        let before = issues.total
        checkKeys(entry, Self.integratorKeys)
        let id = required(entry, "id")
        let name = required(entry, "name")
        let source = required(entry, "source")
        let types = uniqueSet(entry, "types", required: true, what: "event type")
        let keyIDs = uniqueSet(entry, "key_ids", required: false, what: "key id")
        let org = optional(entry, "org")

        guard issues.total == before, let id, let name, let source, let types else {
            return DirectoryCandidate(index: index, id: id, value: nil)
        }
        return DirectoryCandidate(index: index, id: id,
                         value: Integrator(id: id, name: name, source: source, types: types, keyIDs: keyIDs ?? [], org: org))
    }

    // MARK: Fields

    /// One entry being read: where it is, for paths and lines.
    private struct Entry {
        let section: DirectorySection
        let index: Int
        let mapping: Node.Mapping
        /// The entry's keys (nil for a non-text key) and values, read once:
        /// iterating a Yams mapping allocates, and each entry is looked up ~8 times.
        let fields: [(key: String?, value: Node, keyNode: Node)]

        init(section: DirectorySection, index: Int, mapping: Node.Mapping) {
            self.section = section
            self.index = index
            self.mapping = mapping
            var fields: [(key: String?, value: Node, keyNode: Node)] = []
            fields.reserveCapacity(mapping.count)
            for position in mapping.indices {
                let pair = mapping[position]
                fields.append((pair.key.scalar?.string, pair.value, pair.key))
            }
            self.fields = fields
        }

        func path(_ field: String) -> String { DirectoryValidator.path(section, index, field) }

        /// Entries have a handful of keys: a linear scan beats building a dictionary.
        func value(_ key: String) -> Node? {
            for field in fields where field.key == key { return field.value }
            return nil
        }
    }

    private mutating func fail(_ entry: Entry, _ field: String, _ kind: DirectoryIssue.Kind, _ message: String, node: Node? = nil) {
        let line = node?.mark?.line ?? Self.line(in: [entry.section: [entry.mapping]], entry.section, 0, field)
        issues.add(entry.path(field), kind, message, line: line)
    }

    private mutating func checkKeys(_ entry: Entry, _ allowed: [String]) {
        for (key, _, keyNode) in entry.fields {
            guard let key else {
                issues.add(DirectoryValidator.path(entry.section, entry.index, nil), .wrongType, "keys must be plain text",
                           line: keyNode.mark?.line)
                continue
            }
            if !allowed.contains(key) {
                issues.add(entry.path(key), .unknownKey, Self.unknownKeyMessage(key, allowed: allowed), line: keyNode.mark?.line)
            }
        }
    }

    /// A text field that must be present and not null.
    private mutating func required(_ entry: Entry, _ key: String) -> String? {
        guard let node = entry.value(key) else {
            issues.add(entry.path(key), .missingKey, "missing \(key):", line: entry.mapping.mark?.line)
            return nil
        }
        if Self.isNull(node) {
            fail(entry, key, .emptyValue, "\(key) is empty", node: node)
            return nil
        }
        return text(entry, key, node)
    }

    /// A text field that may be absent or null.
    private mutating func optional(_ entry: Entry, _ key: String) -> String? {
        guard let node = entry.value(key), !Self.isNull(node) else { return nil }
        return text(entry, key, node)
    }

    private mutating func text(_ entry: Entry, _ key: String, _ node: Node) -> String? {
        guard case let .scalar(scalar) = node else {
            fail(entry, key, .wrongType, "\(key) must be text, not a \(Self.shape(node))", node: node)
            return nil
        }
        return scalar.string
    }

    /// Parses an enum value, reporting an unknown one with the expected values.
    private mutating func parsed<T>(_ entry: Entry, _ key: String, _ text: String, _ kind: DirectoryIssue.Kind,
                                    _ expected: [String], _ parse: (String) -> T?) -> T? {
        if let value = parse(text) { return value }
        fail(entry, key, kind, Self.unknownValueMessage(key, text, expected: expected))
        return nil
    }

    /// A list of texts; a single text counts as a one-element list, null as empty.
    private mutating func list(_ entry: Entry, _ key: String, required: Bool) -> [String]? {
        guard let node = entry.value(key) else {
            if required { issues.add(entry.path(key), .missingKey, "missing \(key): (a list)", line: entry.mapping.mark?.line) }
            return nil
        }
        if Self.isNull(node) { return [] }
        switch node {
        case let .scalar(scalar):
            return [scalar.string]
        case let .sequence(sequence):
            var result: [String] = []
            result.reserveCapacity(sequence.count)
            for (position, element) in sequence.enumerated() {
                if Self.isNull(element) {
                    result.append("")
                } else if case let .scalar(scalar) = element {
                    result.append(scalar.string)
                } else {
                    fail(entry, "\(key)[\(position)]", .wrongType, "list items must be text, not a \(Self.shape(element))", node: element)
                }
            }
            return result
        default:
            fail(entry, key, .wrongType, "\(key) must be a list, not a \(Self.shape(node))", node: node)
            return nil
        }
    }

    private mutating func uniqueSet(_ entry: Entry, _ key: String, required: Bool, what: String) -> Set<String>? {
        guard let items = list(entry, key, required: required) else { return nil }
        var set = Set<String>()
        for (position, item) in items.enumerated() where !set.insert(item).inserted {
            fail(entry, "\(key)[\(position)]", .duplicateValue, "\(what) \"\(item)\" is listed twice")
        }
        return set
    }

    static func shape(_ node: Node) -> String {
        switch node {
        case .scalar: "text"
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    // MARK: Helpers

    /// YAML's null spellings (the basic resolver leaves them as text).
    static func isNull(_ node: Node) -> Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    static func unknownKeyMessage(_ key: String, allowed: [String]) -> String {
        var message = "unknown key \"\(key)\""
        if let suggestion = DirectorySpelling.closest(to: key, in: allowed) { message += " (did you mean \"\(suggestion)\"?)" }
        return message + "; allowed: \(allowed.joined(separator: ", "))"
    }

    static func unknownValueMessage(_ what: String, _ value: String, expected: [String]) -> String {
        var message = "unknown \(what) \"\(value)\""
        if let suggestion = DirectorySpelling.closest(to: value.lowercased(), in: expected.map { $0.lowercased() }),
           let original = expected.first(where: { $0.lowercased() == suggestion }) {
            message += " (did you mean \(original)?)"
        }
        return message + "; expected one of \(expected.joined(separator: ", "))"
    }

    /// The line of `section[index].field`, where `field` may be `chats[2]`.
    static func line(in nodes: [DirectorySection: [Node.Mapping?]], _ section: DirectorySection,
                     _ index: Int, _ field: String?) -> Int? {
        guard let list = nodes[section], list.indices.contains(index), let mapping = list[index] else { return nil }
        guard let field else { return mapping.mark?.line }
        var key = Substring(field)
        var position: Int?
        if let bracket = field.firstIndex(of: "["), field.hasSuffix("]") {
            key = field[..<bracket]
            position = Int(field[field.index(after: bracket)..<field.index(before: field.endIndex)])
        }
        guard let pair = mapping.first(where: { $0.key.scalar?.string == String(key) }) else { return mapping.mark?.line }
        if let position, case let .sequence(sequence) = pair.value, sequence.indices.contains(position) {
            return sequence[position].mark?.line ?? pair.key.mark?.line
        }
        return pair.key.mark?.line
    }
}

/// One problem found in a directory, located by a path into the document
/// (`users[12].roles[1]`) and, when parsed from YAML, a line number.
public struct DirectoryIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The text is not well-formed YAML.
        case syntax
        /// A mapping, list or text was expected and something else was found.
        case wrongType
        case missingKey
        case unknownKey
        /// A required value is empty (`name: ""`, an empty chat id, …).
        case emptyValue
        /// A value longer than the directory allows (names, chat ids, …).
        case tooLong
        /// An id that is not a valid slug (organisations, integrators) or user id.
        case invalidID
        case duplicateID
        /// The same value twice in one list (a role, an event type, a chat id).
        case duplicateValue
        /// A `parent` or `org` naming no organisation in the directory.
        case unknownReference
        /// A region code that is not `NN` or `NN.NN`.
        case invalidCode
        /// A level whose code has the wrong shape (a province needs `NN`, a
        /// regency `NN.NN`, a national body none).
        case levelCodeMismatch
        /// A parent that is not above its child or does not cover its region.
        case parentMismatch
        /// A regional organisation whose zone differs from its province's.
        case zoneMismatch
        case unknownLevel
        case unknownRole
        case unknownZone
        case unknownLang
        /// An organisation `kind` that is not a lowercase slug.
        case invalidKind
        case unknownVersion
        /// A user with an empty `roles` list.
        case noRoles
        /// An integrator with an empty `types` list.
        case noTypes
        /// Two integrators posting as the same CloudEvents `source`.
        case duplicateSource
        /// More problems than are worth listing; the rest are counted.
        case tooManyIssues
    }

    /// Where: `organisations[3].code`, `users[0]`, or `` for the whole document.
    public var path: String
    public var kind: Kind
    /// What is wrong, for the operator fixing the file.
    public var message: String
    /// 1-based line in the YAML text, when known.
    public var line: Int?

    public init(path: String, kind: Kind, message: String, line: Int? = nil) {
        self.path = path
        self.kind = kind
        self.message = message
        self.line = line
    }

    public var description: String {
        let location = [line.map { "line \($0)" }, path.isEmpty ? nil : path].compactMap { $0 }.joined(separator: ", ")
        return location.isEmpty ? message : "\(location): \(message)"
    }
}

/// A directory that cannot be loaded, with every problem found (not just the
/// first), so an operator fixes the file in one pass.
public struct DirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [DirectoryIssue]

    public init(issues: [DirectoryIssue]) {
        self.issues = issues
    }

    public var description: String {
        let count = issues.count(where: { $0.kind != .tooManyIssues })
        let header = "directory is invalid (\(count == 1 ? "1 problem" : "\(count) problems") listed):"
        return ([header] + issues.map { "  - \($0)" }).joined(separator: "\n")
    }

    /// The issues of one kind (handy for callers that react to one problem).
    public func issues(of kind: DirectoryIssue.Kind) -> [DirectoryIssue] {
        issues.filter { $0.kind == kind }
    }
}

/// Collects issues up to a cap: a file of 50,000 users with a systematic
/// mistake should produce a readable report, not 50,000 lines.
struct DirectoryIssueList {
    static let cap = 200

    private(set) var issues: [DirectoryIssue] = []
    private(set) var dropped = 0

    var isEmpty: Bool { issues.isEmpty && dropped == 0 }

    /// Every issue added, listed or not: readers compare it to see whether a step added any.
    var total: Int { issues.count + dropped }

    mutating func add(_ path: @autoclosure () -> String, _ kind: DirectoryIssue.Kind,
                      _ message: @autoclosure () -> String, line: @autoclosure () -> Int? = nil) {
        guard issues.count < Self.cap else {
            dropped += 1
            return
        }
        issues.append(DirectoryIssue(path: path(), kind: kind, message: message(), line: line()))
    }

    func error() -> DirectoryError {
        var all = issues
        if dropped > 0 {
            all.append(DirectoryIssue(path: "", kind: .tooManyIssues,
                                      message: "\(dropped) more problem\(dropped == 1 ? "" : "s") not listed"))
        }
        return DirectoryError(issues: all)
    }
}

/// One thing wrong with a calendar document, located by its path in the
/// document (`stages[3].end`, 0-based indices) and, when known, its line.
public struct CalendarProblem: Sendable, Hashable, CustomStringConvertible {
    /// Dotted path to the offending value; empty for the document as a whole.
    public var path: String
    public var message: String
    /// 1-based line in the text, when the parser knows it.
    public var line: Int?

    public init(path: String, message: String, line: Int? = nil) {
        self.path = path
        self.message = message
        self.line = line
    }

    /// `stages[3].end: not a YYYY-MM-DD date (line 42)`.
    public var description: String {
        let place = path.isEmpty ? "document" : path
        if let line { return "\(place): \(message) (line \(line))" }
        return "\(place): \(message)"
    }
}

/// Why a calendar document was refused: every problem found, not just the
/// first, so an integrator can fix a file in one round.
public struct CalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [CalendarProblem]

    public init(problems: [CalendarProblem]) {
        self.problems = problems
    }

    public init(_ path: String, _ message: String, line: Int? = nil) {
        self.problems = [CalendarProblem(path: path, message: message, line: line)]
    }

    /// Whether some problem sits at `path` (tests and callers that react to one field).
    public func has(path: String) -> Bool {
        problems.contains { $0.path == path }
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }

    /// The refusal as a command failure (`bad_arguments`), listing at most
    /// `limit` problems so a chat reply stays readable.
    public func failure(limit: Int = 10) -> CommandFailure {
        let shown = problems.prefix(max(1, limit)).map(\.description)
        let more = problems.count - shown.count
        let list = shown.joined(separator: "\n")
        return CommandFailure(
            .badArguments,
            id: "Dokumen kalender tidak valid (\(problems.count) masalah):\n\(list)"
                + (more > 0 ? "\n… dan \(more) lagi" : ""),
            en: "Invalid calendar document (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n\(list)"
                + (more > 0 ? "\n… and \(more) more" : "")
        )
    }
}

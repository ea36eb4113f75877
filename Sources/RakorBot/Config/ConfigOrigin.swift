/// Where a configuration value came from: `rakorbot config check` prints it
/// beside every value, so an operator sees which layer won.
///
/// Precedence, highest first: flag > environment > file > default.
public enum ConfigOrigin: Sendable, Hashable, CustomStringConvertible {
    case defaultValue
    /// The configuration file, with the 1-based line when known.
    case file(path: String, line: Int?)
    /// An environment variable, by name.
    case environment(String)
    /// A command-line flag, by name (`--brokers`).
    case flag(String)

    /// Higher wins.
    public var rank: Int {
        switch self {
        case .defaultValue: 0
        case .file: 1
        case .environment: 2
        case .flag: 3
        }
    }

    public var description: String {
        switch self {
        case .defaultValue: "default"
        case .file(let path, let line?): "file \(path):\(line)"
        case .file(let path, nil): "file \(path)"
        case .environment(let name): "env \(name)"
        case .flag(let name): "flag \(name)"
        }
    }
}

/// One thing wrong with the configuration. The loader collects all of them
/// before it gives up, so one run of `config check` lists every problem.
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// The setting, as its dotted file key (`kafka.brokers`), or the file itself.
    public var key: String
    public var message: String
    public var origin: ConfigOrigin?

    public init(key: String, message: String, origin: ConfigOrigin? = nil) {
        self.key = key
        self.message = message
        self.origin = origin
    }

    public var description: String {
        if let origin { "\(key) (\(origin)): \(message)" } else { "\(key): \(message)" }
    }
}

/// The configuration is invalid; `problems` lists everything found.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [ConfigProblem]

    public init(problems: [ConfigProblem]) {
        self.problems = problems
    }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "the configuration is invalid (\(count)):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

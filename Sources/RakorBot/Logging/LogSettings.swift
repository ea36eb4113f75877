import Logging

/// How rakorbot logs: `log.level` and `log.format`.
public struct LogSettings: Sendable, Hashable {
    public var level: Logger.Level
    public var format: LogFormat

    public init(level: Logger.Level = .info, format: LogFormat = .text) {
        self.level = level
        self.format = format
    }
}

/// `text`: swift-log's human-readable lines, for a terminal. `json`: one JSON
/// object per line (JSON Lines), for log collectors (Loki, Elasticsearch,
/// Cloud Logging).
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    case text
    case json
}

import Foundation
import Logging
import RakorCore

/// Everything `rakorbot serve` runs with, after the file, the environment and
/// the flags are merged and checked (see `ConfigurationLoader`).
public struct ServeConfiguration: Sendable {
    public var bot: BotConfiguration
    public var http: HTTPSettings
    public var log: LogSettings
    public var topics: TopicSettings
    /// The configuration file read, if any.
    public var configFile: String?
    /// Every setting as `config check` prints it, secrets masked.
    public var entries: [ConfigEntry]
    /// Not errors, but worth saying loudly (no bridge key, …).
    public var warnings: [String]

    public init(bot: BotConfiguration = BotConfiguration(), http: HTTPSettings = HTTPSettings(),
                log: LogSettings = LogSettings(), topics: TopicSettings = TopicSettings(), configFile: String? = nil,
                entries: [ConfigEntry] = [], warnings: [String] = []) {
        self.bot = bot
        self.http = http
        self.log = log
        self.topics = topics
        self.configFile = configFile
        self.entries = entries
        self.warnings = warnings
    }

    /// The effective configuration as text, one `key = value  # origin` line
    /// per setting, secrets masked (`config check`).
    public func render() -> String {
        var lines = ["# effective rakorbot configuration" + (configFile.map { " (file \($0))" } ?? " (no configuration file)")]
        let width = min(44, entries.map(\.key.count).max() ?? 0)
        for entry in entries {
            let padded = entry.key.padding(toLength: max(width, entry.key.count), withPad: " ", startingAt: 0)
            lines.append("\(padded) = \(entry.value)    # \(entry.origin)")
        }
        for warning in warnings {
            lines.append("# WARNING: \(warning)")
        }
        return lines.joined(separator: "\n")
    }
}

/// One line of the effective configuration.
public struct ConfigEntry: Sendable, Hashable {
    public var key: String
    /// The value as shown: secrets are `********` with their length.
    public var value: String
    public var origin: ConfigOrigin
    public var isSecret: Bool

    public init(key: String, value: String, origin: ConfigOrigin, isSecret: Bool = false) {
        self.key = key
        self.value = value
        self.origin = origin
        self.isSecret = isSecret
    }
}

/// `--now` / `RAKOR_NOW` / `now:`: RFC 3339 (`2024-11-20T09:00:00+08:00`) or a
/// bare date (`2024-11-20`, taken as 09:00 WIB).
public enum ClockStart {
    public static func parse(_ text: String) -> Date? {
        if let date = RFC3339.parse(text) { return date }
        if let day = LocalDate(iso: text) { return ZonaWaktu.WIB.instant(of: day, hour: 9) }
        return nil
    }
}

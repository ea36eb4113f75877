import ArgumentParser
import Foundation
import Logging
import RakorCore

/// Logging options shared by the long-running commands.
struct LoggingOptions: ParsableArguments {
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env RAKOR_LOG_LEVEL).")
    var level: String?

    func makeLogger(label: String) -> Logger {
        let text = level ?? ProcessInfo.processInfo.environment["RAKOR_LOG_LEVEL"] ?? "info"
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: text.lowercased()) ?? .info
            return handler
        }
        return Logger(label: label)
    }
}

/// `--now` / `RAKOR_NOW`: RFC 3339 (`2024-11-20T09:00:00+08:00`) or a bare
/// date (`2024-11-20`, taken as 09:00 WIB).
enum NowParser {
    static func parse(_ text: String) throws -> Date {
        if let date = RFC3339.parse(text) { return date }
        if let day = LocalDate(iso: text) { return ZonaWaktu.WIB.instant(of: day, hour: 9) }
        throw ValidationError("--now must be RFC 3339 (2024-11-20T09:00:00+08:00) or YYYY-MM-DD, got \(text)")
    }
}

/// `key=value` pairs for `--kafka-property`.
enum KeyValue {
    static func parse(_ pairs: [String], flag: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("\(flag) expects key=value, got \(pair)")
            }
            result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return result
    }
}

/// Reads secret keys from files (`keyid=/path/to/file`): secrets never sit
/// in flags or the main configuration file, only references to them.
enum SecretFiles {
    static func load(_ pairs: [String], flag: String) throws -> [String: [UInt8]] {
        var keys: [String: [UInt8]] = [:]
        for (keyID, path) in try KeyValue.parse(pairs, flag: flag) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("\(flag): cannot read \(path)")
            }
            var bytes = [UInt8](data)
            while let last = bytes.last, last == 10 || last == 13 || last == 32 { bytes.removeLast() }
            guard !bytes.isEmpty else { throw ValidationError("\(flag): \(path) is empty") }
            keys[keyID] = bytes
        }
        return keys
    }
}

/// Writes a line to standard output at once (unbuffered): scripts and tests
/// wait for lines such as `kafka bootstrap: …` on a pipe.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

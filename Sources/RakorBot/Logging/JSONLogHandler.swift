import Foundation
import Logging
import RakorCore
import Synchronization

/// swift-log handler writing one JSON object per line (JSON Lines):
///
/// ```json
/// {"time":"2024-11-20T01:15:00.123Z","level":"info","label":"rakorbot","message":"rakorbot serving","source":"RakorBot","instance":"rakorbot"}
/// ```
///
/// Metadata becomes top-level members (a member named like one of the fixed
/// ones is written as `metadata.<name>`); nested metadata stays nested.
/// Values of secret-looking keys (`password`, `secret`, `key`, `token`, …:
/// `Redactor`'s rules) are masked, as a last line of defence: the code does
/// not log secrets in the first place. Lines are written whole, under a lock,
/// so concurrent loggers never interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: LogSink

    static let fixedMembers: Set<String> = ["time", "level", "label", "message", "source"]

    public init(label: String, sink: LogSink = .standardError, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        if let error = event.error { merged["error"] = .string("\(error)") }
        sink.write(Self.line(time: Date(), level: event.level, label: label, message: event.message.description,
                             source: event.source, metadata: merged))
    }

    /// One log line, newline included.
    static func line(time: Date, level: Logger.Level, label: String, message: String, source: String,
                     metadata: Logger.Metadata) -> [UInt8] {
        var object: [(String, JSONValue)] = [
            ("time", .string(RFC3339.formatMilliseconds(time))),
            ("level", .string(level.rawValue)),
            ("label", .string(label)),
            ("message", .string(message)),
            ("source", .string(source)),
        ]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            let name = fixedMembers.contains(key) ? "metadata.\(key)" : key
            object.append((name, json(value, key: key)))
        }
        var bytes = JSONWriter.serialize(.object(JSONObject(object)))
        bytes.append(0x0A)
        return bytes
    }

    private static func json(_ value: Logger.Metadata.Value, key: String) -> JSONValue {
        if SecretWords.isSensitive(key) { return "[redacted]" }
        switch value {
        case .string(let text): return .string(text)
        case .stringConvertible(let convertible): return .string(convertible.description)
        case .array(let items): return .array(items.map { json($0, key: "") })
        case .dictionary(let members):
            return .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, json($0.value, key: $0.key)) }))
        }
    }
}

/// Where log lines go: standard error by default, or a closure (tests).
public struct LogSink: Sendable {
    private let writeBytes: @Sendable ([UInt8]) -> Void

    public init(_ write: @escaping @Sendable ([UInt8]) -> Void) {
        self.writeBytes = write
    }

    public func write(_ bytes: [UInt8]) { writeBytes(bytes) }

    /// Unbuffered, one `write(2)` per line under a process-wide lock.
    public static let standardError = LogSink { bytes in
        stderrLock.withLock { _ in
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    guard let base = buffer.baseAddress else { return }
                    let written = Foundation.write(2, base + offset, buffer.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
    }

    private static let stderrLock = Mutex(())
}

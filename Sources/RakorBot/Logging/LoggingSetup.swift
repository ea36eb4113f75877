import Logging
import RakorCore

/// Bootstraps swift-log once per process, from `LogSettings`: text lines on a
/// terminal (swift-log's `StreamLogHandler` on standard error) or JSON Lines.
/// Both mask secret-looking metadata (see `RedactingLogHandler`).
public enum LoggingSetup {
    /// Call once, early (swift-log allows a single bootstrap per process).
    public static func bootstrap(_ settings: LogSettings) {
        LoggingSystem.bootstrap { label in
            makeHandler(label: label, settings: settings)
        }
    }

    /// The handler `bootstrap` installs, for tests and embedding.
    public static func makeHandler(label: String, settings: LogSettings, sink: LogSink = .standardError) -> any LogHandler {
        var handler: any LogHandler
        switch settings.format {
        case .json:
            handler = JSONLogHandler(label: label, sink: sink)
        case .text:
            handler = RedactingLogHandler(wrapping: StreamLogHandler.standardError(label: label))
        }
        handler.logLevel = settings.level
        return handler
    }
}

/// Masks the values of secret-looking metadata keys before another handler
/// writes them (the JSON handler does this itself).
public struct RedactingLogHandler<Wrapped: LogHandler>: LogHandler {
    private var wrapped: Wrapped

    public init(wrapping wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = Self.redact(newValue) }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue.map { Self.redact(key: key, $0) } }
    }

    public func log(event: LogEvent) {
        var event = event
        event.metadata = event.metadata.map(Self.redact)
        wrapped.log(event: event)
    }

    static func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var result = metadata
        for (key, value) in metadata { result[key] = redact(key: key, value) }
        return result
    }

    static func redact(key: String, _ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        SecretWords.isSensitive(key) ? "[redacted]" : value
    }
}

/// The one rule both log handlers use for "this metadata key holds a secret".
enum SecretWords {
    static func isSensitive(_ key: String) -> Bool {
        !key.isEmpty && Redactor.standard.isSensitive(key: key)
    }
}

import CRdKafka
import Logging

/// Routes librdkafka log lines to swift-log.
///
/// Producer and consumer handles are configured with `log.queue=true` and
/// `rd_kafka_set_log_queue(rk, NULL)`, so their log lines are served on this
/// layer's own threads (the producer's event thread, the consumer's poll
/// thread), never spontaneously from librdkafka's internal threads. The
/// embedded mock cluster host logs from the mock thread through the plain
/// `log_cb`; that is safe because `LogBridge` is immutable and `Logger` is
/// `Sendable` and thread-safe by contract.
struct LogBridge: Sendable {
    let logger: Logger
    let client: String

    init(logger: Logger, client: String) {
        self.logger = logger
        self.client = client
    }

    /// syslog level (0 emerg … 7 debug) → swift-log level.
    static func level(syslog: Int32) -> Logger.Level {
        switch syslog {
        case ...2: return .critical
        case 3: return .error
        case 4: return .warning
        case 5: return .notice
        case 6: return .info
        default: return .debug
        }
    }

    func log(syslogLevel: Int32, facility: UnsafePointer<CChar>?, message: UnsafePointer<CChar>?) {
        let level = Self.level(syslog: syslogLevel)
        guard logger.logLevel <= level else { return }
        let facilityText = facility.map { String(cString: $0) } ?? "?"
        let text = message.map { String(cString: $0) } ?? ""
        logger.log(
            level: level, "\(text)",
            metadata: ["kafka.client": "\(client)", "kafka.facility": "\(facilityText)"])
    }

    /// Serves an `RD_KAFKA_EVENT_LOG` event.
    func log(event: OpaquePointer) {
        var facility: UnsafePointer<CChar>?
        var message: UnsafePointer<CChar>?
        var level: Int32 = 0
        if rd_kafka_event_log(event, &facility, &message, &level) == 0 {
            log(syslogLevel: level, facility: facility, message: message)
        }
    }
}

/// The opaque behind a plain `log_cb` for handles without a poll thread (the
/// embedded cluster host, the admin client): their log lines are served on
/// librdkafka's own threads, which is sound because `LogBridge` is immutable
/// and `Logger` is `Sendable` and thread-safe by contract.
final class LogCallbackContext: Sendable {
    let bridge: LogBridge
    let ignoredFacilities: Set<String>

    init(bridge: LogBridge, ignoredFacilities: Set<String>) {
        self.bridge = bridge
        self.ignoredFacilities = ignoredFacilities
    }

    /// Sets the conf's opaque and log callback. The returned reference must be
    /// released after `rd_kafka_destroy` (or if `rd_kafka_new` fails).
    static func install(
        on conf: OpaquePointer, bridge: LogBridge, ignoredFacilities: Set<String> = []
    ) -> Unmanaged<LogCallbackContext> {
        let context = Unmanaged.passRetained(LogCallbackContext(bridge: bridge, ignoredFacilities: ignoredFacilities))
        rd_kafka_conf_set_opaque(conf, context.toOpaque())
        rd_kafka_conf_set_log_cb(conf) { handle, level, facility, message in
            guard let handle, let opaque = rd_kafka_opaque(handle) else { return }
            let context = Unmanaged<LogCallbackContext>.fromOpaque(opaque).takeUnretainedValue()
            if !context.ignoredFacilities.isEmpty, let facility,
                context.ignoredFacilities.contains(String(cString: facility))
            {
                return
            }
            context.bridge.log(syslogLevel: level, facility: facility, message: message)
        }
        return context
    }
}

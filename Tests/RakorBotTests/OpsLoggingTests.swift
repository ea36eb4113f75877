import Foundation
import Logging
import RakorBot
import RakorCore
import Synchronization
import Testing

@Suite("Logging: JSON lines and redaction")
struct OpsLoggingTests {
    /// Collects what a handler writes.
    final class Lines: Sendable {
        private let bytes = Mutex<[UInt8]>([])
        var sink: LogSink { LogSink { written in self.bytes.withLock { $0 += written } } }
        var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }
        var objects: [JSONObject] {
            text.split(separator: "\n").compactMap { line in
                guard case .object(let object)? = try? JSONParser().parse(Array(line.utf8)) else { return nil }
                return object
            }
        }
    }

    @Test("the JSON handler writes one parseable object per line with level, label, message and metadata")
    func jsonLines() throws {
        let lines = Lines()
        var logger = Logger(label: "rakorbot.test") { label in
            LoggingSetup.makeHandler(label: label, settings: LogSettings(level: .info, format: .json), sink: lines.sink)
        }
        logger[metadataKey: "instance"] = "kalsel"
        logger.info("rakorbot serving", metadata: ["topics": "rakor.commands,rakor.events", "count": "3"])
        logger.debug("not written: below the level")
        logger.warning("quote \" and newline\n inside", metadata: ["message": "collides", "nested": ["a": "1"]])

        let objects = lines.objects
        #expect(objects.count == 2)
        #expect(lines.text.split(separator: "\n").count == 2)
        let first = try #require(objects.first)
        #expect(first["level"] == "info")
        #expect(first["label"] == "rakorbot.test")
        #expect(first["message"] == "rakorbot serving")
        #expect(first["instance"] == "kalsel")
        #expect(first["topics"] == "rakor.commands,rakor.events")
        #expect(first["source"] == "RakorBotTests")
        let time = try #require(first["time"]?.stringValue)
        #expect(RFC3339.parse(time) != nil)
        #expect(time.hasSuffix("Z"))
        let second = try #require(objects.last)
        #expect(second["message"] == "quote \" and newline\n inside")
        #expect(second["metadata.message"] == "collides")
        #expect(second["nested"] == ["a": "1"])
    }

    @Test("secret-looking metadata is masked by both handlers")
    func redaction() throws {
        let lines = Lines()
        let logger = Logger(label: "t") { label in
            LoggingSetup.makeHandler(label: label, settings: LogSettings(level: .trace, format: .json), sink: lines.sink)
        }
        logger.info("connecting", metadata: ["sasl.password": "hunter2", "api_token": "tok-1", "key_id": "bridge-2024",
                                             "keyword": "kampanye"])
        let object = try #require(lines.objects.first)
        #expect(object["sasl.password"] == "[redacted]")
        #expect(object["api_token"] == "[redacted]")
        #expect(object["key_id"] == "bridge-2024")
        #expect(object["keyword"] == "kampanye")
        #expect(!lines.text.contains("hunter2"))

        var text = RedactingLogHandler(wrapping: StreamLogHandler.standardOutput(label: "t"))
        text[metadataKey: "client_secret"] = "abc"
        text[metadataKey: "chat"] = "wa:group"
        #expect(text[metadataKey: "client_secret"] == "[redacted]")
        #expect(text[metadataKey: "chat"] == "wa:group")
        text.metadata = ["password": "x", "instance": "y"]
        #expect(text.metadata["password"] == "[redacted]")
        #expect(text.metadata["instance"] == "y")
        text.logLevel = .error
        #expect(text.logLevel == .error)
    }

    @Test("the text format is swift-log's stream handler behind the redactor, at the configured level")
    func textFormat() {
        let handler = LoggingSetup.makeHandler(label: "t", settings: LogSettings(level: .notice, format: .text))
        #expect(handler is RedactingLogHandler<StreamLogHandler>)
        #expect(handler.logLevel == .notice)
        let json = LoggingSetup.makeHandler(label: "t", settings: LogSettings(level: .error, format: .json))
        #expect(json is JSONLogHandler)
        #expect(json.logLevel == .error)
        #expect(LogFormat.allCases.map(\.rawValue) == ["text", "json"])
    }

    @Test("no info-level log line in the pipeline or the Kafka layer interpolates a message body or a secret")
    func noBodiesInLogs() throws {
        // A source audit that keeps holding: log calls may name ids, counts,
        // topics and errors, never the envelope's text, a record's value or key material.
        let forbidden = ["envelope.text", "record.value", "\\(value", "\\(text)", ".bytes)", "secret", "password",
                         "bridgeKeys)", "integratorKeys)", "kafkaProperties)"]
        var offenders: [String] = []
        for folder in ["Sources/RakorBot", "Sources/Kafka"] {
            let root = OpsTestSupport.file(folder)
            let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") where line.contains("logger.") && line.contains("(\"") {
                    for word in forbidden where line.contains(word) {
                        offenders.append("\(folder)/\(file): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        #expect(offenders.isEmpty, "log lines that may leak bodies or secrets:\n\(offenders.joined(separator: "\n"))")
    }
}

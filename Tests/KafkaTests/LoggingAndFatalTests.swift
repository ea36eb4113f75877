@testable import Kafka
import Logging
import Synchronization
import Testing

/// A swift-log handler that keeps what it receives.
final class CapturedLogs: Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let facility: String?
    }

    private let entries = Mutex<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    func logger(level: Logger.Level = .debug) -> Logger {
        var logger = Logger(label: "captured") { _ in Handler(sink: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    private struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            sink.append(
                Entry(level: event.level, message: "\(event.message)", facility: event.metadata?["kafka.facility"].map { "\($0)" }))
        }
    }
}

@Suite("Logging and fatal errors")
struct LoggingAndFatalTests {
    @Test("librdkafka's log lines reach swift-log with their level and facility")
    func librdkafkaLogs() async throws {
        let logs = CapturedLogs()
        // Nothing listens on port 1: librdkafka logs the failed connection.
        let producer = try KafkaProducer(
            configuration: .init(bootstrapServers: "127.0.0.1:1"), logger: logs.logger()) { _ in }
        let seen = await TestSupport.eventually(timeout: .seconds(20)) {
            logs.all.contains { $0.facility == "FAIL" && $0.message.contains("127.0.0.1:1") }
        }
        #expect(seen)
        #expect(logs.all.contains { $0.facility == "FAIL" && $0.level >= .warning })
        await producer.shutdown(timeout: .milliseconds(100))
    }

    @Test("a fatal producer error is surfaced: property, health, callback, and send fails")
    func fatalProducerError() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let errors = Mutex<[KafkaError]>([])
        let collector = ReportCollector()
        let producer = try KafkaProducer(
            configuration: .init(bootstrapServers: cluster.bootstrapServers), logger: TestSupport.logger,
            onError: { error in errors.withLock { $0.append(error) } }, onDelivery: collector.onDelivery)
        try producer.triggerFatalErrorForTesting(.outOfOrderSequenceNumber, reason: "simulated")
        #expect(await TestSupport.eventually { producer.fatalError != nil })
        let fatal = try #require(producer.fatalError)
        #expect(fatal.isFatal)
        #expect(fatal.code == .outOfOrderSequenceNumber)
        #expect(fatal.message.contains("simulated"))
        #expect(!producer.health.isReady)
        #expect(errors.withLock { $0.contains { $0.isFatal } })
        let sendError = await #expect(throws: KafkaError.self) {
            try await producer.send(ProducerRecord(topic: "t", key: nil as [UInt8]?, value: [1], ticket: 1))
        }
        #expect(sendError?.isFatal == true)
        await producer.shutdown(timeout: .seconds(1))
    }
}

import Foundation
import Kafka
import Logging
@testable import RakorBot
import RakorCore
import RakorStore
import Synchronization
import Testing

/// A `BotRuntime` on an embedded cluster the test owns (so a second runtime
/// can be started on the same cluster and data directory), with unique topic
/// prefix, group and data folder, a fixed "today", and clients for the test:
/// a producer for commands/events and a reader of everything the bot writes.
final class BotFixture: Sendable {
    static let logger: Logger = {
        var logger = Logger(label: "rakorbot.tests")
        logger.logLevel = ProcessInfo.processInfo.environment["RAKOR_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .error
        return logger
    }()

    /// The consumer settings that keep the mock cluster's group protocol quick.
    static let fastGroup: [String: String] = ["session.timeout.ms": "6000", "heartbeat.interval.ms": "1000"]

    let cluster: EmbeddedKafka
    let topics: TopicNames
    let configuration: BotConfiguration
    let dataDirectory: URL
    let producer: KafkaProducer
    let reader: TopicReader

    init(now: String = "2024-11-20T01:00:00Z", rateLimit: RateLimitPolicy = .unlimited,
         shutdownTimeout: Duration = .seconds(10)) async throws {
        let tag = "t\(UInt32.random(in: 0...UInt32.max))"
        cluster = try EmbeddedKafka(brokers: 3, logger: Self.logger)
        topics = TopicNames(prefix: "\(tag).")
        for topic in TopicNames.all {
            try cluster.createTopic(topics.physical(topic), partitions: 3)
        }
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("rakorbot-\(tag)")
        var configuration = BotConfiguration()
        configuration.brokers = cluster.bootstrapServers
        configuration.topicPrefix = topics.prefix
        configuration.consumerGroup = "rakorbot-\(tag)"
        configuration.dataDirectory = dataDirectory.path
        let today: Date = try #require(RFC3339.parse(now))
        configuration.now = today
        configuration.rateLimit = rateLimit
        configuration.kafkaProperties = Self.fastGroup
        configuration.shutdownTimeout = shutdownTimeout
        self.configuration = configuration
        producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers),
                                     logger: Self.logger, onDelivery: { _ in })
        reader = try TopicReader(cluster: cluster, group: "reader-\(tag)",
                                 topics: [topics.replies, topics.deadletter, topics.audit])
    }

    /// Starts a bot on this cluster and data folder and runs it in a task.
    func startBot() async throws -> RunningBot {
        let runtime = try await BotRuntime.start(configuration, logger: Self.logger)
        let task = Task { await runtime.run() }
        return RunningBot(runtime: runtime, task: task)
    }

    func close() async {
        await reader.close()
        await producer.shutdown(timeout: .seconds(2))
        cluster.shutdown()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    // MARK: Sending

    func send(_ envelope: CommandEnvelope, headers: [KafkaHeader] = []) async throws {
        try await produce(topic: topics.commands, key: Array(envelope.chat.utf8), value: envelope.encode(), headers: headers)
    }

    func send(event: CloudEvent, binary: Bool = false) async throws {
        let key = event.subject.map { Array($0.utf8) }
        if binary {
            let mode = event.binaryMode()
            try await produce(topic: topics.events, key: key, value: mode.body,
                              headers: mode.headers.map { KafkaHeader(name: $0.name, value: $0.value) })
        } else {
            try await produce(topic: topics.events, key: key, value: event.encode())
        }
    }

    func produce(topic: String, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = []) async throws {
        try await producer.send(ProducerRecord(topic: topic, key: key, value: value, headers: headers))
        try await producer.flush(timeout: .seconds(10))
    }

    /// Produces one record with kcat, an external client: `-k <key>`, the value from stdin.
    func kcat(topic: String, key: String, value: String, headers: [String: String] = [:]) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/kcat"), "kcat is missing: apt-get install kcat")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/kcat")
        process.arguments = ["-b", cluster.bootstrapServers, "-P", "-t", topic, "-k", key]
            + headers.sorted { $0.key < $1.key }.flatMap { ["-H", "\($0.key)=\($0.value)"] }
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let finished = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in finished.continuation.finish() }
        try process.run()
        stdin.fileHandleForWriting.write(Data((value + "\n").utf8))
        try stdin.fileHandleForWriting.close()
        for await _ in finished.stream {}
        #expect(process.terminationStatus == 0, "kcat exited with \(process.terminationStatus)")
    }

    // MARK: Waiting for output

    /// The reply to `commandID` (waits for it, bounded).
    func reply(to commandID: String, timeout: Duration = .seconds(15)) async throws -> OutboundMessage {
        let found = await reader.wait(timeout: timeout) { records in
            records.contains { $0.topic == self.topics.replies && Self.message($0)?.inReplyTo == commandID }
        }
        try #require(found, "no reply to \(commandID)")
        return try #require(replies(to: commandID).first)
    }

    func replies(to commandID: String) -> [OutboundMessage] {
        reader.records.filter { $0.topic == topics.replies }.compactMap(Self.message).filter { $0.inReplyTo == commandID }
    }

    func replyRecords(to commandID: String) -> [ConsumerRecord] {
        reader.records.filter { $0.topic == topics.replies && Self.message($0)?.inReplyTo == commandID }
    }

    /// Sends a command and waits for its reply.
    func ask(_ text: String, as sender: String, id: String = UUID().uuidString, chat: String = "wa:test-chat",
             viaKcat: Bool = false) async throws -> OutboundMessage {
        let envelope = CommandEnvelope(id: id, chat: chat, sender: sender, text: text)
        if viaKcat {
            try await kcat(topic: topics.commands, key: chat, value: String(decoding: envelope.encode(), as: UTF8.self))
        } else {
            try await send(envelope)
        }
        return try await reply(to: id)
    }

    /// The audit events (parsed) correlated with `id`, once at least `count` are there.
    func audit(correlatedWith id: String, count: Int = 1, timeout: Duration = .seconds(15)) async -> [JSONObject] {
        _ = await reader.wait(timeout: timeout) { _ in self.auditEvents.filter { $0["correlationid"]?.stringValue == id }.count >= count }
        return auditEvents.filter { $0["correlationid"]?.stringValue == id }
    }

    var auditRecords: [ConsumerRecord] { reader.records.filter { $0.topic == topics.audit } }

    var auditEvents: [JSONObject] {
        auditRecords.compactMap { $0.value.flatMap { try? JSONParser().parse(Array($0)).objectValue } }
    }

    var deadLetters: [ConsumerRecord] { reader.records.filter { $0.topic == topics.deadletter } }

    /// Verifies the audit topic as a supervisor would: every record, in partition order.
    func verifyAudit() -> AuditSummary {
        var verifier = AuditVerifier()
        let byPartition = Dictionary(grouping: auditRecords, by: \.partition)
        for partition in byPartition.keys.sorted() {
            for record in byPartition[partition, default: []].sorted(by: { $0.offset < $1.offset }) {
                verifier.verify(Array(record.value ?? []), chain: record.key.map { String(decoding: $0, as: UTF8.self) },
                                position: "\(record.partition)@\(record.offset)")
            }
        }
        return verifier.summary
    }

    /// Outbox rows left in a stopped bot's database.
    static func pendingOutbox(_ configuration: BotConfiguration) async throws -> Int {
        let store = try RakorStore(path: configuration.databasePath)
        defer { try? store.close() }
        return try await store.read { try $0.outbox.count() }
    }

    static func message(_ record: ConsumerRecord) -> OutboundMessage? {
        record.value.flatMap { try? OutboundMessage.decode(Array($0)) }
    }
}

/// A bot and the task running it.
struct RunningBot: Sendable {
    let runtime: BotRuntime
    let task: Task<Void, Never>

    func stop() async {
        await runtime.shutdown()
        await task.value
    }
}

/// Reads topics from the beginning in its own group, keeping every record.
final class TopicReader: Sendable {
    private let consumer: KafkaConsumer
    private let collected = Mutex<[ConsumerRecord]>([])
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    init(cluster: EmbeddedKafka, group: String, topics: [String]) throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: group,
                                                       topics: topics, properties: BotFixture.fastGroup)
        configuration.properties["auto.offset.reset"] = "earliest"
        consumer = try KafkaConsumer(configuration: configuration, logger: BotFixture.logger)
        let consumer = self.consumer
        let task = Task { [self] in
            for await batch in consumer.batches {
                self.collected.withLock { $0.append(contentsOf: batch.records) }
            }
        }
        self.task.withLock { $0 = task }
    }

    var records: [ConsumerRecord] { collected.withLock { $0 } }

    /// Polls until `condition` holds or `timeout` passes (a failure bound, not a timing assertion).
    func wait(timeout: Duration, _ condition: @Sendable ([ConsumerRecord]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(records) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(records)
    }

    func close() async {
        await consumer.close()
        await task.withLock { $0 }?.value
    }
}

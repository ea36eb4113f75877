import Foundation
import Logging
import RakorCore
import RakorStore
import Synchronization
import Testing
@testable import RakorBot

/// Shared values for the scheduler tests (names prefixed so they cannot clash
/// with other suites in this target).
enum SchedulerFixtures {
    /// Quiet (some tests fail ticks on purpose) unless `SCHEDULER_TEST_LOG=debug`
    /// (or another level) is set.
    static let logger: Logger = {
        var logger = Logger(label: "rakorbot.scheduler.tests")
        logger.logLevel = ProcessInfo.processInfo.environment["SCHEDULER_TEST_LOG"]
            .flatMap { Logger.Level(rawValue: $0) } ?? .critical
        return logger
    }()

    static func instant(_ text: String) throws -> Date {
        try #require(RFC3339.parse(text), "bad test instant \(text)")
    }

    static func day(_ iso: String) throws -> LocalDate {
        try #require(LocalDate(iso: iso), "bad test date \(iso)")
    }

    static func directory() throws -> Directory { try ShippedData.directory(at: nil) }
    static func calendars() throws -> CalendarCatalog { try ShippedData.calendars() }

    /// 08:00 on `iso` in `zone`, as the instant a reminder is planned for.
    static func eight(_ iso: String, _ zone: ZonaWaktu) throws -> Date {
        zone.instant(of: try day(iso), hour: 8)
    }
}

/// A bot without Kafka: a store file, the pipeline's `BatchProcessor` fed
/// command and event records, and a `ReminderScheduler` on a `ManualClock`,
/// all of which can be killed and reopened over the same file.
final class SchedulerWorld: @unchecked Sendable {
    static let settings = ProcessorSettings(instance: "sched-test", rateLimit: .unlimited)

    let folder: URL
    let clock: ManualClock
    let policy: ReminderPolicy
    let directory: Directory
    let shipped: CalendarCatalog
    private(set) var store: RakorStore
    private(set) var processor: BatchProcessor
    private(set) var scheduler: ReminderScheduler
    private var offset: Int64 = 0
    private var counter = 0

    var databasePath: String { folder.appendingPathComponent("rakor.sqlite").path }

    init(start: Date, policy: ReminderPolicy = .standard) async throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("rakor-scheduler-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        clock = ManualClock(start)
        self.policy = policy
        directory = try SchedulerFixtures.directory()
        shipped = try SchedulerFixtures.calendars()
        (store, processor, scheduler) = try await Self.open(path: folder.appendingPathComponent("rakor.sqlite").path,
                                                            directory: directory, shipped: shipped, clock: clock,
                                                            policy: policy)
    }

    deinit {
        try? store.close()
        try? FileManager.default.removeItem(at: folder)
    }

    private static func open(path: String, directory: Directory, shipped: CalendarCatalog, clock: ManualClock,
                             policy: ReminderPolicy) async throws -> (RakorStore, BatchProcessor, ReminderScheduler) {
        let store = try RakorStore(path: path)
        let settings = Self.settings
        let state = try await store.read { session in
            try BatchProcessor.restoreState(settings: settings, shipped: shipped, session: session,
                                            logger: SchedulerFixtures.logger)
        }
        let processor = BatchProcessor(settings: settings, directory: directory, shipped: shipped, state: state,
                                       logger: SchedulerFixtures.logger)
        let scheduler = ReminderScheduler(store: store, processor: processor, clock: clock, policy: policy,
                                          logger: SchedulerFixtures.logger)
        return (store, processor, scheduler)
    }

    /// The process dies and a new one starts on the same file: new store
    /// connection, new processor (state restored from the store), new scheduler.
    func restart() async throws {
        try store.close()
        (store, processor, scheduler) = try await Self.open(path: databasePath, directory: directory, shipped: shipped,
                                                            clock: clock, policy: policy)
    }

    /// A tick that dies inside its transaction (after planning and writing,
    /// before the commit): nothing of it may survive.
    func crashDuringTick() async throws {
        let crashing = ReminderScheduler(emitter: CrashingEmitter(store: store, processor: processor), clock: clock,
                                         instance: Self.settings.instance, policy: policy,
                                         logger: SchedulerFixtures.logger)
        await #expect(throws: SchedulerCrash.self) { try await crashing.tick() }
    }

    @discardableResult
    func tick() async throws -> TickReport {
        try await scheduler.tick(now: clock.now())
    }

    /// Runs one command as one batch; returns its reply.
    @discardableResult
    func command(_ text: String, as sender: String, chat: String, lang: Lang? = nil) async throws -> OutboundMessage {
        counter += 1
        let id = "sim-\(counter)"
        var object: JSONObject = ["id": .string(id), "chat": .string(chat), "sender": .string(sender),
                                  "text": .string(text)]
        if let lang { object["lang"] = .string(lang.rawValue) }
        let rows = try await process(topic: TopicNames.commands, key: chat, value: JSONWriter.serialize(.object(object)))
        let replies = try rows.filter { $0.topic == TopicNames.replies }.map { try OutboundMessage.decode($0.value) }
        return try #require(replies.first { $0.id == "r-\(id)" }, "no reply to \(text)")
    }

    /// Posts an integrator event (structured CloudEvent) as one batch.
    func event(type: String, source: String, data: JSONValue) async throws {
        counter += 1
        let event: JSONValue = ["specversion": "1.0", "id": .string("sim-evt-\(counter)"), "source": .string(source),
                                "type": .string(type), "datacontenttype": "application/json", "data": data]
        let rows = try await process(topic: TopicNames.events, key: type, value: JSONWriter.serialize(event))
        let dead = rows.filter { $0.topic == TopicNames.deadletter }
        #expect(dead.isEmpty, "the event was refused")
    }

    private func process(topic: String, key: String, value: [UInt8]) async throws -> [OutboxRow] {
        offset += 1
        let record = InputRecord(topic: topic, partition: 0, offset: offset, key: ArraySlice(Array(key.utf8)),
                                 value: ArraySlice(value))
        let processor = self.processor, now = clock.now()
        return try await store.write { session in try processor.process([record], session: session, now: now).rows }
    }

    // MARK: What was sent

    /// Every outbox row, in order.
    func outbox() throws -> [OutboxRow] {
        try store.readSync { session in try session.outbox.pending(after: 0, limit: 1_000_000) }
    }

    /// The reminders and escalations in the outbox, in order.
    func scheduledMessages() throws -> [OutboundMessage] {
        try outbox().filter { $0.topic == TopicNames.replies }.map { try OutboundMessage.decode($0.value) }
            .filter { $0.kind == .reminder || $0.kind == .escalation }
    }

    func sentLedger() throws -> [String: SentReminder] {
        try store.readSync { try $0.reminders.all() }
    }

    /// The audit events in the outbox, in order, as JSON objects.
    func auditEvents() throws -> [JSONObject] {
        try outbox().filter { $0.topic == TopicNames.audit }.map { row in
            guard case .object(let object) = try JSONParser().parse(row.value) else {
                throw SchedulerCrash()
            }
            return object
        }
    }

    /// Verifies the whole audit chain in the outbox: one chain, no fork.
    func verifyAuditChain() throws {
        var verifier = AuditVerifier()
        for row in try outbox() where row.topic == TopicNames.audit {
            let outcome = verifier.verify(row.value)
            #expect(outcome.isValid, "audit chain broken: \(outcome.problems)")
        }
    }
}

struct SchedulerCrash: Error {}

/// Runs the tick inside a real store transaction, then dies before the commit.
struct CrashingEmitter: ScheduledEmitter {
    let store: RakorStore
    let processor: BatchProcessor

    func emit(now: Date, _ body: @escaping @Sendable (inout EffectWriter) throws -> Void) async throws -> BatchTally {
        let processor = self.processor
        return try await store.write { session -> BatchTally in
            _ = try processor.emit(session: session, now: now, body)
            throw SchedulerCrash()
        }
    }
}

import Foundation
import Kafka
import Logging
import RakorCommands
import RakorCore
import RakorStore
import Synchronization

/// A running bot: store, directory, calendars, Kafka clients (and the
/// embedded cluster when no brokers are given), the pipeline and its relay.
///
/// `start` brings everything up and republishes what the last run left in
/// the outbox; `run` consumes until cancelled; `shutdown` stops intake,
/// finishes in-flight work, drains the outbox, stores offsets, leaves the
/// group and closes everything, in that order, within a bound.
public final class BotRuntime: Sendable {
    public let configuration: BotConfiguration
    public let bootstrapServers: String
    public let topics: TopicNames
    public let store: RakorStore
    public let directory: Directory
    public let processor: BatchProcessor
    public let embedded: EmbeddedKafka?
    /// This bot's Prometheus registry (served on `/metrics`).
    public let metrics: BotMetrics
    let producer: KafkaProducer
    let consumer: KafkaConsumer
    let relay: OutboxRelay
    let tracker: OffsetTracker
    let runner: PipelineRunner
    /// Reminders and escalations; runs beside the pipeline in `run()`.
    public let scheduler: ReminderScheduler
    let logger: Logger
    private let runTask = Mutex<Task<Void, Never>?>(nil)
    private let housekeepingTask = Mutex<Task<Void, Never>?>(nil)
    private let schedulerTask = Mutex<Task<Void, Never>?>(nil)
    private let stopped = Mutex(false)
    /// For `/healthz`: alive while starting and running, not after the pipeline ended.
    let phase = Mutex(PipelinePhase.starting)

    private init(configuration: BotConfiguration, bootstrapServers: String, topics: TopicNames, store: RakorStore,
                 directory: Directory, processor: BatchProcessor, embedded: EmbeddedKafka?, metrics: BotMetrics,
                 producer: KafkaProducer, consumer: KafkaConsumer, relay: OutboxRelay, tracker: OffsetTracker,
                 runner: PipelineRunner, logger: Logger) {
        self.configuration = configuration
        self.bootstrapServers = bootstrapServers
        self.topics = topics
        self.store = store
        self.directory = directory
        self.processor = processor
        self.embedded = embedded
        self.metrics = metrics
        self.producer = producer
        self.consumer = consumer
        self.relay = relay
        self.tracker = tracker
        self.runner = runner
        let scheduler = ReminderScheduler(emitter: runner, clock: runner.clock, instance: configuration.instance,
                                          logger: logger)
        runner.observeCommits { scheduler.noteCommitted($0) }
        self.scheduler = scheduler
        self.logger = logger
    }

    /// Everything up and subscribed; records flow once `run()` is called.
    /// `metrics` is the registry the pipeline reports into (one per bot by default).
    public static func start(_ configuration: BotConfiguration, logger: Logger,
                             metrics: BotMetrics = BotMetrics()) async throws -> BotRuntime {
        let topics = TopicNames(prefix: configuration.topicPrefix)
        let directory = try ShippedData.directory(at: configuration.directoryPath)
        var catalog = try ShippedData.calendars()
        if let extra = configuration.calendarsPath {
            for calendar in try ShippedData.calendars(in: URL(fileURLWithPath: extra)).calendars {
                catalog.publish(calendar)
            }
        }
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let store = try RakorStore(path: configuration.databasePath)
        let settings = ProcessorSettings(
            instance: configuration.instance,
            bridgeKeys: configuration.bridgeKeys.isEmpty ? nil : try HMACKeyRing(keys: configuration.bridgeKeys),
            integratorKeys: configuration.integratorKeys.isEmpty ? nil : try HMACKeyRing(keys: configuration.integratorKeys),
            rateLimit: configuration.rateLimit)
        let shipped = catalog
        let state = try await store.read { session in
            try BatchProcessor.restoreState(settings: settings, shipped: shipped, session: session, logger: logger)
        }
        let processor = BatchProcessor(settings: settings, directory: directory, shipped: shipped, state: state,
                                       logger: logger)

        var embedded: EmbeddedKafka?
        let bootstrap: String
        if let brokers = configuration.brokers {
            bootstrap = brokers
        } else {
            let cluster = try EmbeddedKafka(brokers: configuration.embeddedBrokers, logger: logger)
            for topic in TopicNames.all {
                try cluster.createTopic(topics.physical(topic), partitions: configuration.embeddedPartitions)
            }
            embedded = cluster
            bootstrap = cluster.bootstrapServers
        }

        let relay = OutboxRelay(topics: topics, capacity: configuration.relayCapacity, logger: logger)
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: bootstrap,
                                                               properties: configuration.kafkaProperties)
        // Never give up on a committed row: retry until delivered (ordering and
        // no loss); shutdown bounds the wait instead, leaving rows in the outbox.
        producerConfiguration.properties["message.timeout.ms"] = producerConfiguration.properties["message.timeout.ms"] ?? "0"
        producerConfiguration.properties["client.id"] = producerConfiguration.properties["client.id"] ?? "rakorbot-\(configuration.instance)"
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger,
                                         onError: { error in logger.warning("producer: \(error)") },
                                         onDelivery: { relay.handle($0) })
        relay.attach(producer)

        // What the last run committed but did not get delivered goes out first.
        try await republishPending(store: store, relay: relay, logger: logger)

        let consumerBox = Mutex<KafkaConsumer?>(nil)
        let tracker = OffsetTracker { offsets in
            guard let consumer = consumerBox.withLock({ $0 }) else { return }
            do {
                for failure in try consumer.storeOffsets(offsets) {
                    logger.debug("offset not stored (partition revoked?): \(failure)")
                }
            } catch {
                logger.warning("storing offsets failed: \(error)")
            }
        }
        var consumerConfiguration = KafkaConsumerConfiguration(
            bootstrapServers: bootstrap, groupID: configuration.consumerGroup, topics: topics.inputs,
            properties: configuration.kafkaProperties)
        consumerConfiguration.maxBatchSize = configuration.maxBatchSize
        if embedded != nil {
            // The mock cluster waits a full session timeout before a restarted
            // member can rejoin; keep that short in development.
            consumerConfiguration.properties["session.timeout.ms"] = consumerConfiguration.properties["session.timeout.ms"] ?? "6000"
            consumerConfiguration.properties["heartbeat.interval.ms"] = consumerConfiguration.properties["heartbeat.interval.ms"] ?? "1000"
        }
        consumerConfiguration.properties["client.id"] = consumerConfiguration.properties["client.id"] ?? "rakorbot-\(configuration.instance)"
        let rebalance = RebalanceCallbacks(
            // The Kafka layer logs assignments at info already.
            onAssigned: { partitions in logger.debug("partitions assigned: \(partitions.map(\.description).joined(separator: ", "))") },
            onRevoked: { partitions in
                // Finish in-flight batches (their offsets get stored) before
                // the partitions go; bounded so the group is not held up.
                let idle = tracker.waitUntilIdle(timeout: .seconds(10))
                logger.log(level: idle ? .debug : .notice,
                           "partitions revoked: \(partitions.map(\.description).joined(separator: ", "))\(idle ? "" : " (in-flight work not finished; it will be redelivered)")")
            })
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger,
                                         rebalanceHandler: rebalance,
                                         onError: { error in logger.warning("consumer: \(error)") })
        consumerBox.withLock { $0 = consumer }
        let runner = PipelineRunner(consumer: consumer, relay: relay, tracker: tracker, store: store,
                                    processor: processor, clock: configuration.clock, topics: topics,
                                    metrics: PipelineMetrics(factory: metrics.factory), logger: logger)
        return BotRuntime(configuration: configuration, bootstrapServers: bootstrap, topics: topics, store: store,
                          directory: directory, processor: processor, embedded: embedded, metrics: metrics,
                          producer: producer,
                          consumer: consumer, relay: relay, tracker: tracker, runner: runner, logger: logger)
    }

    private static func republishPending(store: RakorStore, relay: OutboxRelay, logger: Logger) async throws {
        var after: Int64 = 0
        var total = 0
        while true {
            let cursor = after
            let rows = try await store.read { try $0.outbox.pending(after: cursor, limit: 5000) }
            guard let last = rows.last else { break }
            await relay.waitForCapacity()
            try await relay.publish(rows) {}
            total += rows.count
            after = last.seq
        }
        if total > 0 { logger.notice("republished \(total) outbox rows left by the previous run") }
    }

    /// Consumes until `shutdown()` (or cancellation of the calling task).
    public func run() async {
        let runner = self.runner
        let task = Task { await runner.run() }
        runTask.withLock { $0 = task }
        let housekeeping = Task { await housekeep() }
        housekeepingTask.withLock { $0 = housekeeping }
        let scheduler = self.scheduler
        schedulerTask.withLock { $0 = Task { await scheduler.run() } }
        phase.withLock { $0 = .running }
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        phase.withLock { $0 = .stopped }
        housekeeping.cancel()
        await stopScheduler()
    }

    /// Stops the scheduler's loop and waits for a tick in flight, so nothing
    /// is emitted after the outbox drains.
    private func stopScheduler() async {
        guard let task = schedulerTask.withLock({ $0 }) else { return }
        task.cancel()
        await task.value
    }

    /// Stops taking new batches; `run()` returns once the batch in hand is
    /// committed. Call `shutdown()` afterwards to drain and close.
    public func stopIntake() {
        runTask.withLock { $0 }?.cancel()
    }

    /// Deletes delivered outbox rows when traffic is idle and prunes the ledger.
    private func housekeep() async {
        var lastPrune = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            // Cancelled: `shutdown` does the last deletions. A store write
            // started now would fail on the cancellation and hand its rows
            // back after that, leaving delivered rows to be re-sent next start.
            if Task.isCancelled { break }
            await runner.flushDeliveredDeletions()
            if ContinuousClock.now - lastPrune > .seconds(3600) {
                lastPrune = ContinuousClock.now
                // The pipeline's clock: `configuration.clock` makes a new shifted
                // clock on every call, which would stay frozen at `--now`.
                let cutoff = runner.clock.now().addingTimeInterval(-configuration.ledgerRetention)
                _ = try? await store.write { try $0.ledger.prune(olderThan: cutoff) }
            }
        }
    }

    /// Graceful stop: intake stops, the batch in hand finishes, the outbox
    /// drains (bounded), offsets are stored and committed, the group is left,
    /// the producer flushed, handles destroyed. Idempotent.
    public func shutdown() async {
        let first = stopped.withLock { stopped -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        // A caller that is itself cancelled (a service group tearing down)
        // must still get the whole drain: store writes and sleeps would fail
        // at once in a cancelled task, leaving delivered rows to be re-sent.
        await Task { await self.drainAndClose() }.value
    }

    private func drainAndClose() async {
        let timeout = configuration.shutdownTimeout
        if let task = runTask.withLock({ $0 }) {
            task.cancel()
            let runner = self.runner, logger = self.logger
            await Self.wait(for: task, timeout: timeout) {
                logger.warning("shutdown: the batch in hand did not finish in time; it will be redelivered")
                runner.abandonCurrentBatch()
            }
        }
        await stopScheduler()
        let drained = await relay.drain(timeout: timeout)
        if !drained {
            logger.warning("shutdown: \(relay.inFlight) rows not yet delivered; they stay in the outbox for the next start")
        }
        _ = tracker.waitUntilIdle(timeout: .seconds(2))
        if let housekeeping = housekeepingTask.withLock({ $0 }) {
            housekeeping.cancel()
            await housekeeping.value
        }
        await runner.flushDeliveredDeletions()
        await consumer.close()
        await producer.shutdown(timeout: drained ? .seconds(5) : .seconds(1))
        relay.close()
        embedded?.shutdown()
        do {
            try store.close()
        } catch {
            logger.warning("closing the store: \(error)")
        }
        logger.info("rakorbot stopped")
    }

    /// Waits for `task`; if it is not done within `timeout`, calls
    /// `onTimeout` (which must make it finish) and waits for the rest.
    static func wait(for task: Task<Void, Never>, timeout: Duration,
                     onTimeout: @escaping @Sendable () -> Void) async {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await task.value; return true }
            group.addTask { (try? await Task.sleep(for: timeout)) != nil ? false : true }
            if await group.next() == false { onTimeout() }
            group.cancelAll()
        }
    }

    /// The calendars as the bot currently serves them.
    public var calendars: CalendarCatalog { processor.catalog }
    public var producerHealth: KafkaHealth { producer.health }
    public var consumerHealth: KafkaHealth { consumer.health }
    public var outboxInFlight: Int { relay.inFlight }
}

/// Where the pipeline is in its life, for the liveness probe.
enum PipelinePhase: Sendable {
    case starting
    case running
    case stopped
}

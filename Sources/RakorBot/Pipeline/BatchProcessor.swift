import Foundation
import Logging
import RakorCommands
import RakorCore
import RakorStore
import Synchronization

/// The outcome of one batch: the outbox rows to publish (already committed
/// when the caller gets them), the state to carry on with, and a tally.
public struct BatchResult: Sendable {
    public var rows: [OutboxRow]
    public var state: ProcessorState
    public var tally: BatchTally
}

/// Turns a batch of consumed records into state changes, ledger rows and
/// outbox rows inside one store transaction. It does no Kafka and no I/O of
/// its own: the pipeline feeds it and publishes what it wrote.
///
/// Usage per batch: `let result = try await store.write { try processor.process(records, session: $0, now:) }`.
/// The new state (audit chain head, calendars) is taken on inside the
/// transaction, under a lock, so batches and scheduled emissions can never
/// fork the chain; if the commit itself then fails, `resynchronize` reloads
/// the state from the store.
public final class BatchProcessor: Sendable {
    public let settings: ProcessorSettings
    public let directory: Directory
    public let registry: CommandRegistry
    /// The shipped calendars, to rebuild the catalog on `resynchronize`.
    let shipped: CalendarCatalog
    let logger: Logger
    private let state: Mutex<ProcessorState>

    public init(settings: ProcessorSettings, directory: Directory, registry: CommandRegistry = .standard,
                shipped: CalendarCatalog, state: ProcessorState,
                logger: Logger = Logger(label: "rakorbot.pipeline")) {
        self.settings = settings
        self.directory = directory
        self.registry = registry
        self.shipped = shipped
        self.state = Mutex(state)
        self.logger = logger
    }

    /// Restores the state a previous run left in the store: the audit chain
    /// head and the integrators' calendar changes on top of `shipped`.
    public static func restoreState(settings: ProcessorSettings, shipped: CalendarCatalog, session: StoreSession,
                                    logger: Logger = Logger(label: "rakorbot.pipeline")) throws -> ProcessorState {
        let head = try session.auditHead.get(chain: settings.instance) ?? .genesis
        let chain = AuditChain(chainID: settings.instance, source: "rakorbot/\(settings.instance)", head: head)
        var catalog = shipped
        for logged in try session.calendarChanges.all() {
            do {
                try CalendarReplay.apply(logged.change, to: &catalog)
            } catch {
                logger.warning("calendar change \(logged.seq) for \(logged.change.calendarID) no longer applies: \(error.message.en)")
            }
        }
        return ProcessorState(chain: chain, catalog: catalog, rateLimit: settings.rateLimit)
    }

    /// The current calendars (shipped plus integrator changes).
    public var catalog: CalendarCatalog { state.withLock { $0.catalog } }
    public var auditHead: AuditHead { state.withLock { $0.chain.head } }

    /// Processes `records` in order within the caller's transaction.
    /// `offsetResets` are consumer reports of truncated logs, audited as notices.
    public func process(_ records: [InputRecord], offsetResets: [OffsetResetNotice] = [],
                        session: StoreSession, now: Date) throws -> BatchResult {
        try state.withLock { state throws -> BatchResult in
            var run = BatchRun(processor: self, session: session, now: now, state: state)
            try run.auditOffsetResets(offsetResets)
            try run.process(records)
            let result = try run.finish()
            state = result.state
            return result
        }
    }

    /// Messages and audit events that no consumed record caused (the
    /// scheduler's reminders): same transaction rules, same audit chain.
    func emit(session: StoreSession, now: Date, _ body: (inout EffectWriter) throws -> Void) throws -> BatchResult {
        try state.withLock { state throws -> BatchResult in
            var run = BatchRun(processor: self, session: session, now: now, state: state)
            var effects = EffectWriter(run: run)
            try body(&effects)
            run = effects.run
            let result = try run.finish()
            state = result.state
            return result
        }
    }

    /// Reloads the state from the store after a transaction failed to
    /// commit, so nothing uncommitted (a chain head, a calendar) lingers.
    public func resynchronize(session: StoreSession) throws {
        let fresh = try Self.restoreState(settings: settings, shipped: shipped, session: session, logger: logger)
        state.withLock { state in
            state.chain = fresh.chain
            state.catalog = fresh.catalog
            // Inquiries of the failed batch were rolled back with it: forget
            // them, or the retry would skip writing them again.
            state.inquiries = InquiryCache()
        }
    }

    func logInternalError(commandID: String, message: String) {
        logger.error("command failed internally", metadata: ["command_id": "\(commandID)", "error": "\(message)"])
    }

}

/// A consumer's report that a partition's log was truncated under it (the
/// embedded cluster keeps ~5 MiB per partition) and it resumed elsewhere.
public struct OffsetResetNotice: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var message: String

    public init(topic: String, partition: Int32, offset: Int64, message: String) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.message = message
    }
}

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
/// Usage per batch: `let result = try store.write { try processor.process(records, session: $0, now:) }`,
/// then `processor.adopt(result)` once the write has committed.
public final class BatchProcessor: Sendable {
    public let settings: ProcessorSettings
    public let directory: Directory
    public let registry: CommandRegistry
    let logger: Logger
    private let state: Mutex<ProcessorState>

    public init(settings: ProcessorSettings, directory: Directory, registry: CommandRegistry = .standard,
                state: ProcessorState, logger: Logger = Logger(label: "rakorbot.pipeline")) {
        self.settings = settings
        self.directory = directory
        self.registry = registry
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
        let start = state.withLock { $0 }
        var run = BatchRun(processor: self, session: session, now: now, state: start)
        try run.auditOffsetResets(offsetResets)
        try run.process(records)
        return try run.finish()
    }

    func logInternalError(commandID: String, message: String) {
        logger.error("command failed internally", metadata: ["command_id": "\(commandID)", "error": "\(message)"])
    }

    /// Makes a committed batch's state the current one.
    public func adopt(_ result: BatchResult) {
        state.withLock { $0 = result.state }
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

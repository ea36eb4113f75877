import Foundation
import GRDB

/// rakorbot's database: one SQLite file in WAL mode, written by one
/// connection (GRDB's serial writer) and read by a small pool.
///
/// Durability is the point: the pipeline commits a batch's ledger rows, state
/// changes and outbox rows in one `write`, and only after it returns stores
/// the Kafka offsets. `synchronous=FULL` makes that commit fsync the WAL, so
/// a power cut after `write` returns loses nothing.
///
/// All access goes through closures that receive a `StoreSession`; the
/// session is valid only inside its closure.
///
/// A batch of commands, the way the pipeline is meant to use it:
///
/// ```swift
/// let rows = try await store.write { session in
///     let seen = try session.ledger.lookup(keys: keys)          // one query per 500 keys
///     var entries: [LedgerEntry] = [], messages: [OutboxMessage] = []
///     for command in fresh {                                     // not in `seen`
///         do {
///             let reply = try session.savepoint { try handler(command, session) }
///             // … append reply, audit events to `messages`, entry to `entries`
///         } catch let failure as CommandFailure {
///             // the savepoint undid the command's writes; reply with the error
///         }
///     }
///     try session.ledger.insert(entries)                         // multi-row INSERTs
///     let rows = try session.outbox.append(messages)             // seqs assigned, in order
///     try session.auditHead.set(chain: instance, head)
///     return rows                                                // hand to the relay
/// }   // one commit, one fsync; then publish `rows`, then store the offsets
/// ```
///
/// Speed notes (measured with the hand-run benchmark, see the report): the
/// repositories bind and step GRDB's cached statements through SQLite's C
/// API (GRDB's generic statement path cost more than SQLite's own work), and
/// the batch forms `ledger.insert(_:)` / `outbox.append(_:)` write 64 rows
/// per statement. At scale the ledger's key index dominates: each new random
/// key dirties one index page that the commit writes to the WAL.
public final class RakorStore: Sendable {
    /// Where the data lives.
    public enum Location: Sendable, Hashable {
        case file(path: String)
        /// A private in-memory database (tests): gone when the store is.
        case memory
    }

    public let location: Location
    let writer: any DatabaseWriter

    private init(location: Location, writer: any DatabaseWriter) {
        self.location = location
        self.writer = writer
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    /// Start-up cost does not grow with the data: nothing but the migrations
    /// table is read.
    public convenience init(path: String, options: StoreOptions = StoreOptions()) throws(StoreError) {
        var configuration = Configuration()
        configuration.label = "rakorstore"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(options.busyTimeoutSeconds)
        configuration.maximumReaderCount = max(1, options.maximumReaders)
        configuration.journalMode = .wal
        configuration.prepareDatabase { db in
            let cache = db.configuration.readonly ? options.readerCacheKiB : options.writerCacheKiB
            try db.execute(sql: "PRAGMA cache_size = \(-max(cache, 256))")
            // Sorts for paged lists and IN-list temp tables stay in memory.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        let pool = try StoreError.catching { try DatabasePool(path: path, configuration: configuration) }
        // GRDB sets `synchronous = NORMAL` when it switches the pool to WAL,
        // after `prepareDatabase`, so FULL is set here, on the writer, once
        // the pool exists. Only the writer commits, so only it needs FULL.
        try StoreError.catching {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(max(options.walAutocheckpointPages, 100))")
                try db.execute(sql: "PRAGMA journal_size_limit = \(max(options.journalSizeLimitBytes, 0))")
            }
        }
        try StoreMigrations.migrate(pool)
        self.init(location: .file(path: path), writer: pool)
    }

    /// A private in-memory database with the full schema, for tests.
    public static func inMemory() throws(StoreError) -> RakorStore {
        var configuration = Configuration()
        configuration.label = "rakorstore.memory"
        configuration.foreignKeysEnabled = true
        let queue = try StoreError.catching { try DatabaseQueue(configuration: configuration) }
        try StoreMigrations.migrate(queue)
        return RakorStore(location: .memory, writer: queue)
    }

    // MARK: - Writing

    /// Runs `body` in one IMMEDIATE transaction on the writer's queue and
    /// commits (fsync) before returning; if `body` throws, everything it did
    /// is rolled back and the error is rethrown unchanged.
    ///
    /// Suspends without blocking Swift's cooperative pool. Cancelling the
    /// calling task interrupts the transaction: nothing is committed.
    public func write<T: Sendable>(_ body: @Sendable (StoreSession) throws -> T) async throws -> T {
        do {
            return try await writer.writeWithoutTransaction { db in
                try Self.inTransaction(db, body)
            }
        } catch let error as DatabaseError {
            throw StoreError(error)
        }
    }

    /// The same as `write`, blocking the calling thread until committed. For
    /// code on its own threads (never call it from an async context: it would
    /// block a cooperative thread; never from inside another store closure:
    /// GRDB traps on re-entrance).
    public func writeSync<T>(_ body: (StoreSession) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                try Self.inTransaction(db, body)
            }
        } catch let error as DatabaseError {
            throw StoreError(error)
        }
    }

    private static func inTransaction<T>(_ db: Database, _ body: (StoreSession) throws -> T) throws -> T {
        var result: T?
        try db.inTransaction(.immediate) {
            result = try body(StoreSession(db))
            return .commit
        }
        guard let result else { throw StoreError.invalidArgument("transaction finished without a result") }
        return result
    }

    // MARK: - Reading

    /// Runs `body` on a read connection, in a snapshot of the last commit.
    /// Writes inside it fail (the connection is read-only).
    public func read<T: Sendable>(_ body: @Sendable (StoreSession) throws -> T) async throws -> T {
        do {
            return try await writer.read { db in try body(StoreSession(db)) }
        } catch let error as DatabaseError {
            throw StoreError(error)
        }
    }

    /// The same as `read`, blocking the calling thread.
    public func readSync<T>(_ body: (StoreSession) throws -> T) throws -> T {
        do {
            return try writer.read { db in try body(StoreSession(db)) }
        } catch let error as DatabaseError {
            throw StoreError(error)
        }
    }

    // MARK: - Maintenance

    /// Runs `PRAGMA optimize` (cheap; refreshes planner statistics where they
    /// drifted) and closes every connection. Further use of the store throws.
    public func close() throws(StoreError) {
        try StoreError.catching {
            try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA optimize") }
            try writer.close()
        }
    }

    /// The value of a PRAGMA on the writer connection (e.g. `journal_mode`,
    /// `synchronous`), as text: for health checks and tests.
    public func pragma(_ name: String) throws(StoreError) -> String? {
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_") }) else {
            throw .invalidArgument("not a pragma name: \(name)")
        }
        return try StoreError.catching {
            try writer.writeWithoutTransaction { db in
                try String.fetchOne(db, sql: "PRAGMA \(name)")
            }
        }
    }
}

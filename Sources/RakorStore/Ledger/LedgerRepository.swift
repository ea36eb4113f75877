import Foundation
import GRDB
import RakorCore

/// The processed-message ledger: what makes effects exactly-once over
/// at-least-once Kafka. A batch looks its keys up in one go; each message's
/// entry is inserted in the same transaction as its effects and outbox rows.
///
/// Retention: an entry must outlive every possible redelivery of its message,
/// i.e. the input topics' retention plus the longest consumer outage we would
/// still replay. `defaultRetention` (30 days) is well beyond Kafka's default
/// 7-day retention. `prune(olderThan:limit:)` deletes older entries in
/// bounded batches, oldest (first inserted) first (run it periodically, one
/// batch per transaction, so the writer is never held long).
public struct LedgerRepository {
    let db: Database

    public static let defaultRetention: TimeInterval = 30 * 24 * 3600

    static let insertSQL = "INSERT OR IGNORE INTO ledger (key, outcome, error_code, reply, at) VALUES (?, ?, ?, ?, ?)"
    static let findSQL = "SELECT key, outcome, error_code, reply, at FROM ledger WHERE key = ?"
    /// Looks at the `limit` oldest rows only (rowid order is insertion
    /// order), so a prune costs O(limit) whatever the table's size.
    static let pruneSQL = "DELETE FROM ledger WHERE id IN (SELECT id FROM ledger ORDER BY id LIMIT ?) AND at < ?"
    static let insertManySQLs: [Int: String] = Dictionary(uniqueKeysWithValues: SQLList.rowBatchSizes.map { size in
        (size, "INSERT OR IGNORE INTO ledger (key, outcome, error_code, reply, at) VALUES "
            + SQLList.valuesClause(rows: size, columns: 5))
    })
    static let countSQL = "SELECT count(*) FROM ledger"

    /// One lookup statement per IN-list bucket size, built once.
    static let lookupSQLs: [Int: String] = Dictionary(uniqueKeysWithValues: SQLList.buckets.map { bucket in
        (bucket, "SELECT key, outcome, error_code, reply, at FROM ledger WHERE key IN (\(SQLList.placeholders(bucket)))")
    })

    /// The entries of those `keys` that were processed before, by key. One
    /// query per chunk of up to 500 keys (any number of keys; duplicates are fine).
    public func lookup(keys: [String]) throws(StoreError) -> [String: LedgerEntry] {
        var found: [String: LedgerEntry] = [:]
        guard !keys.isEmpty else { return found }
        for (range, bucket) in SQLList.chunks(count: keys.count) {
            let statement = try SQLStatement(db, Self.lookupSQLs[bucket] ?? "")
            defer { statement.reset() }
            try SQLList.bind(keys, range, bucket: bucket, to: statement)
            while try statement.step() {
                let entry = try Self.decode(statement.row)
                found[entry.key] = entry
            }
        }
        return found
    }

    /// One key's entry.
    public func find(key: String) throws(StoreError) -> LedgerEntry? {
        try db.firstRow(Self.findSQL, key, decode: Self.decode)
    }

    /// Records a processed message. Returns false, writing nothing, if the key
    /// is already there: the caller then has a duplicate it must not apply
    /// (the pipeline dedupes within a batch, so this is the last guard).
    @discardableResult
    public func insert(key: String, outcome: LedgerOutcome, reply: [UInt8]?, at: Date) throws(StoreError) -> Bool {
        try db.execute(Self.insertSQL, key, outcome.storedOutcome, outcome.storedErrorCode, reply, Stored.date(at)) > 0
    }

    /// Records many processed messages with multi-row INSERTs (the cheap
    /// way for a whole batch). Keys already present are skipped; returns how
    /// many were inserted.
    @discardableResult
    public func insert(_ entries: [LedgerEntry]) throws(StoreError) -> Int {
        var inserted = 0
        for (range, size) in SQLList.rowBatches(count: entries.count) {
            let statement = try SQLStatement(db, Self.insertManySQLs[size] ?? "")
            var index: Int32 = 1
            for entry in entries[range] {
                try statement.bind(entry.key, at: index)
                try statement.bind(entry.outcome.storedOutcome, at: index + 1)
                try statement.bind(entry.outcome.storedErrorCode, at: index + 2)
                try statement.bind(entry.reply, at: index + 3)
                try statement.bind(Stored.date(entry.at), at: index + 4)
                index += 5
            }
            try statement.run()
            inserted += db.changesCount
        }
        return inserted
    }

    /// Deletes entries processed before `cutoff`, looking at the `limit`
    /// oldest entries (in insertion order); returns how many it deleted.
    /// Call again (in a new transaction) while it returns `limit`.
    @discardableResult
    public func prune(olderThan cutoff: Date, limit: Int = 10_000) throws(StoreError) -> Int {
        guard limit > 0 else { throw .invalidArgument("limit must be positive") }
        return try db.execute(Self.pruneSQL, limit, Stored.date(cutoff))
    }

    /// How many entries there are (counts the whole key index: for tests and
    /// operators, not the hot path).
    public func count() throws(StoreError) -> Int {
        Int(try db.integer(Self.countSQL, array: []))
    }

    static func decode(_ row: SQLRow) throws(StoreError) -> LedgerEntry {
        let outcome: LedgerOutcome
        switch try row.text(1) {
        case "accepted":
            outcome = .accepted
        case "rejected":
            let raw = row.optionalText(2) ?? ""
            guard let code = ErrorCode(rawValue: raw) else {
                throw .corruptValue(table: "ledger", column: "error_code", value: raw)
            }
            outcome = .rejected(code)
        case let other:
            throw .corruptValue(table: "ledger", column: "outcome", value: other)
        }
        return LedgerEntry(key: try row.text(0), outcome: outcome, reply: row.bytes(3), at: try row.date(4))
    }
}

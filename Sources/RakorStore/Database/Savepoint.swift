import GRDB
import GRDBSQLite

extension StoreSession {
    static let savepointSQL = "SAVEPOINT rakor_command"
    static let releaseSQL = "RELEASE SAVEPOINT rakor_command"
    static let rollbackSQL = "ROLLBACK TO SAVEPOINT rakor_command"

    /// Runs `body` in a savepoint: if it throws, only its own writes are
    /// rolled back (the batch's earlier commands keep theirs) and the error is
    /// rethrown unchanged. This is how one failing command in a batch leaves
    /// no trace while the batch still commits once. Savepoints nest.
    ///
    /// Runs inside the closure's transaction (every store closure has one;
    /// in a read it is harmless). The three statements
    /// are prepared once and stepped directly: GRDB's `inSavepoint` re-parses
    /// them on every call, which cost more than a command's own writes.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        guard sqlite3_get_autocommit(db.sqliteConnection) == 0 else {
            throw StoreError.invalidArgument("savepoint outside a store transaction")
        }
        try db.execute(Self.savepointSQL)
        let result: T
        do {
            result = try body()
        } catch {
            // If SQLite already rolled the whole transaction back (I/O error,
            // interrupt), there is no savepoint left: the batch fails with
            // the original error and commits nothing.
            if sqlite3_get_autocommit(db.sqliteConnection) == 0 {
                try db.execute(Self.rollbackSQL)
                try db.execute(Self.releaseSQL)
            }
            throw error
        }
        try db.execute(Self.releaseSQL)
        return result
    }
}

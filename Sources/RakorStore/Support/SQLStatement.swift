import GRDB
import GRDBSQLite

// Why not GRDB's `Statement.execute(arguments:)`: measured on the hot path it
// costs several microseconds per statement (argument boxing, observation
// hooks), more than SQLite's own work. The repositories still use GRDB for
// connections, WAL, transactions and its statement cache (statements are
// prepared once per connection, owned and finalised by GRDB), but bind,
// step and read those statements through SQLite's C API here.

/// One use of a cached prepared statement: bind, step, read, reset.
struct SQLStatement {
    /// Keeps GRDB's statement (and so the handle) alive during the use.
    private let owner: Statement
    let handle: OpaquePointer
    let connection: OpaquePointer?

    init(_ db: Database, _ sql: String) throws(StoreError) {
        do {
            owner = try db.cachedStatement(sql: sql)
        } catch let error as DatabaseError {
            throw StoreError(error)
        } catch {
            throw StoreError.sqlite(code: -1, extendedCode: -1, message: String(describing: error))
        }
        handle = owner.sqliteStatement
        connection = db.sqliteConnection
        sqlite3_reset(handle)
    }

    @inline(__always)
    func bind<each A: SQLBindable>(_ arguments: repeat each A) throws(StoreError) {
        var index: Int32 = 1
        for argument in repeat each arguments {
            let code = argument.bind(to: handle, at: index)
            guard code == SQLITE_OK else { throw error(code) }
            index += 1
        }
    }

    /// Binds one value at a 1-based variable index (multi-row INSERTs).
    @inline(__always)
    func bind(_ value: some SQLBindable, at index: Int32) throws(StoreError) {
        let code = value.bind(to: handle, at: index)
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// Steps a statement that returns no rows, then resets it.
    @inline(__always)
    func run() throws(StoreError) {
        _ = try step()
        sqlite3_reset(handle)
    }

    func bind(array arguments: [any SQLBindable], from first: Int32 = 1) throws(StoreError) {
        var index = first
        for argument in arguments {
            let code = argument.bind(to: handle, at: index)
            guard code == SQLITE_OK else { throw error(code) }
            index += 1
        }
    }

    /// True when a row is available, false when done.
    @inline(__always)
    func step() throws(StoreError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            let failure = error(code)
            sqlite3_reset(handle)
            throw failure
        }
    }

    @inline(__always)
    func reset() {
        sqlite3_reset(handle)
    }

    var row: SQLRow { SQLRow(handle: handle) }

    func error(_ code: Int32) -> StoreError {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "SQLite error \(code)"
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        return StoreError(code: code & 0xFF, extendedCode: extended, message: message)
    }
}

extension StoreError {
    init(code: Int32, extendedCode: Int32, message: String) {
        if code == SQLITE_CONSTRAINT {
            self = .constraint(message)
        } else if message == "integer overflow" {
            // SQLite's sum() refuses to wrap: surfaced as our own case.
            self = .overflow(message)
        } else {
            self = .sqlite(code: code, extendedCode: extendedCode, message: message)
        }
    }
}

extension Database {
    /// Runs an INSERT/UPDATE/DELETE; returns how many rows it changed.
    @inline(__always)
    @discardableResult
    func execute<each A: SQLBindable>(_ sql: String, _ arguments: repeat each A) throws(StoreError) -> Int {
        let statement = try SQLStatement(self, sql)
        try statement.bind(repeat each arguments)
        _ = try statement.step()
        statement.reset()
        return Int(sqlite3_changes(sqliteConnection))
    }

    /// The rowid of the last INSERT on this connection.
    var insertedRowID: Int64 { sqlite3_last_insert_rowid(sqliteConnection) }

    /// Calls `body` for each row; the row is valid only during the call.
    @inline(__always)
    func eachRow<each A: SQLBindable>(_ sql: String, _ arguments: repeat each A,
                                      row body: (SQLRow) throws(StoreError) -> Void) throws(StoreError) {
        let statement = try SQLStatement(self, sql)
        defer { statement.reset() }
        try statement.bind(repeat each arguments)
        while try statement.step() {
            try body(statement.row)
        }
    }

    func eachRow(_ sql: String, array arguments: [any SQLBindable],
                 row body: (SQLRow) throws(StoreError) -> Void) throws(StoreError) {
        let statement = try SQLStatement(self, sql)
        defer { statement.reset() }
        try statement.bind(array: arguments)
        while try statement.step() {
            try body(statement.row)
        }
    }

    /// The first row decoded by `body`, or nil.
    @inline(__always)
    func firstRow<T, each A: SQLBindable>(_ sql: String, _ arguments: repeat each A,
                                          decode body: (SQLRow) throws(StoreError) -> T) throws(StoreError) -> T? {
        let statement = try SQLStatement(self, sql)
        defer { statement.reset() }
        try statement.bind(repeat each arguments)
        guard try statement.step() else { return nil }
        return try body(statement.row)
    }

    /// A single integer (`count(*)`, `sum(…)`): 0 for NULL or no row.
    func integer(_ sql: String, array arguments: [any SQLBindable]) throws(StoreError) -> Int64 {
        let statement = try SQLStatement(self, sql)
        defer { statement.reset() }
        try statement.bind(array: arguments)
        guard try statement.step() else { return 0 }
        return sqlite3_column_int64(statement.handle, 0)
    }
}

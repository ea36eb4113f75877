import GRDBSQLite

/// SQLite copies the bytes during the bind call (`SQLITE_TRANSIENT`), so the
/// Swift buffer only has to live through the call.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A value bound straight to a statement parameter with SQLite's C API, no
/// intermediate boxing (the hot path binds a few hundred thousand values a second).
protocol SQLBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

extension Int64: SQLBindable {
    @inline(__always)
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self) }
}

extension Int: SQLBindable {
    @inline(__always)
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension Double: SQLBindable {
    @inline(__always)
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_double(statement, index, self) }
}

extension Bool: SQLBindable {
    @inline(__always)
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self ? 1 : 0) }
}

extension String: SQLBindable {
    @inline(__always)
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        var text = self
        return text.withUTF8 { utf8 in
            // An empty buffer may have no address; SQLite would bind NULL, not ''.
            guard let base = utf8.baseAddress, utf8.count > 0 else {
                return sqlite3_bind_text(statement, index, "", 0, sqliteTransient)
            }
            return sqlite3_bind_text(statement, index, base, Int32(utf8.count), sqliteTransient)
        }
    }
}

extension Array: SQLBindable where Element == UInt8 {
    /// A BLOB (an empty array is an empty blob, not NULL).
    @inline(__always)
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_zeroblob(statement, index, 0)
            }
            return sqlite3_bind_blob(statement, index, base, Int32(bytes.count), sqliteTransient)
        }
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    @inline(__always)
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch self {
        case .some(let value): value.bind(to: statement, at: index)
        case .none: sqlite3_bind_null(statement, index)
        }
    }
}

import Foundation
import GRDBSQLite
import RakorCore

/// The current row of a stepping statement, read by column index with
/// SQLite's C API. A NULL where a value is required, or an unknown enum word,
/// is reported as `StoreError.corruptValue`, never trapped on.
struct SQLRow {
    let handle: OpaquePointer

    @inline(__always) func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    private func missing(_ index: Int32) -> StoreError {
        let table = sqlite3_column_table_name(handle, index).map { String(cString: $0) } ?? "?"
        let column = sqlite3_column_name(handle, index).map { String(cString: $0) } ?? "\(index)"
        return .corruptValue(table: table, column: column, value: "NULL")
    }

    @inline(__always) func int64(_ index: Int32) throws(StoreError) -> Int64 {
        if isNull(index) { throw missing(index) }
        return sqlite3_column_int64(handle, index)
    }

    @inline(__always) func int(_ index: Int32) throws(StoreError) -> Int { Int(try int64(index)) }

    @inline(__always) func optionalInt64(_ index: Int32) -> Int64? {
        isNull(index) ? nil : sqlite3_column_int64(handle, index)
    }

    @inline(__always) func bool(_ index: Int32) throws(StoreError) -> Bool { try int64(index) != 0 }

    @inline(__always) func text(_ index: Int32) throws(StoreError) -> String {
        guard let text = optionalText(index) else { throw missing(index) }
        return text
    }

    @inline(__always) func optionalText(_ index: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// A BLOB as bytes (one copy out of SQLite's buffer); NULL gives nil.
    @inline(__always) func bytes(_ index: Int32) -> [UInt8]? {
        if isNull(index) { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let pointer = sqlite3_column_blob(handle, index) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
    }

    @inline(__always) func date(_ index: Int32) throws(StoreError) -> Date {
        if isNull(index) { throw missing(index) }
        return Date(timeIntervalSinceReferenceDate: sqlite3_column_double(handle, index))
    }

    @inline(__always) func optionalDate(_ index: Int32) -> Date? {
        isNull(index) ? nil : Date(timeIntervalSinceReferenceDate: sqlite3_column_double(handle, index))
    }

    @inline(__always) func day(_ index: Int32) throws(StoreError) -> LocalDate {
        LocalDate(daysSinceEpoch: Int(try int64(index)))
    }

    @inline(__always) func optionalDay(_ index: Int32) -> LocalDate? {
        optionalInt64(index).map { LocalDate(daysSinceEpoch: Int($0)) }
    }

    @inline(__always) func id(_ index: Int32, _ kind: ItemKind) throws(StoreError) -> ItemID {
        ItemID(kind, try int64(index))
    }

    @inline(__always) func optionalID(_ index: Int32, _ kind: ItemKind) -> ItemID? {
        optionalInt64(index).map { ItemID(kind, $0) }
    }

    @inline(__always) func rupiah(_ index: Int32) throws(StoreError) -> Rupiah { Rupiah(try int64(index)) }

    /// A TEXT column holding an enum's raw value.
    func enumeration<E: RawRepresentable>(_ index: Int32, _ table: String, _ column: String,
                                          as type: E.Type = E.self) throws(StoreError) -> E where E.RawValue == String {
        let raw = try text(index)
        guard let value = E(rawValue: raw) else { throw .corruptValue(table: table, column: column, value: raw) }
        return value
    }

    func optionalEnumeration<E: RawRepresentable>(_ index: Int32, _ table: String, _ column: String,
                                                  as type: E.Type = E.self) throws(StoreError) -> E?
    where E.RawValue == String {
        guard let raw = optionalText(index) else { return nil }
        guard let value = E(rawValue: raw) else { throw .corruptValue(table: table, column: column, value: raw) }
        return value
    }
}

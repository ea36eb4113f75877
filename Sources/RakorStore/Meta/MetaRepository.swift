import GRDB

/// Small settings kept with the data (instance id, notes for operators).
public struct MetaRepository {
    let db: Database

    static let getSQL = "SELECT value FROM meta WHERE key = ?"
    static let setSQL = "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    static let removeSQL = "DELETE FROM meta WHERE key = ?"
    static let allSQL = "SELECT key, value FROM meta ORDER BY key"

    public func get(_ key: String) throws(StoreError) -> String? {
        try db.firstRow(Self.getSQL, key) { row throws(StoreError) in try row.text(0) }
    }

    public func set(_ key: String, _ value: String) throws(StoreError) {
        try db.execute(Self.setSQL, key, value)
    }

    /// Removes a setting; false if there was none.
    @discardableResult
    public func remove(_ key: String) throws(StoreError) -> Bool {
        try db.execute(Self.removeSQL, key) > 0
    }

    /// Every setting, by key.
    public func all() throws(StoreError) -> [String: String] {
        var values: [String: String] = [:]
        try db.eachRow(Self.allSQL) { row throws(StoreError) in values[try row.text(0)] = try row.text(1) }
        return values
    }
}

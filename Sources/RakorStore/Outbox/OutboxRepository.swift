import GRDB

/// Messages committed with their cause but not yet delivered to Kafka
/// (replies, audit events, dead-letter records, notices). The relay publishes
/// them in `seq` order and deletes them once Kafka acknowledged them; on
/// start it reads what is left with `pending(after:limit:)`.
public struct OutboxRepository {
    let db: Database

    static let appendSQL = "INSERT INTO outbox (topic, key, value, headers) VALUES (?, ?, ?, ?)"
    static let pendingSQL = "SELECT seq, topic, key, value, headers FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?"
    static let appendManySQLs: [Int: String] = Dictionary(uniqueKeysWithValues: SQLList.rowBatchSizes.map { size in
        (size, "INSERT INTO outbox (topic, key, value, headers) VALUES " + SQLList.valuesClause(rows: size, columns: 4))
    })
    static let deleteUpToSQL = "DELETE FROM outbox WHERE seq <= ?"
    static let countSQL = "SELECT count(*) FROM outbox"
    static let deleteSQLs: [Int: String] = Dictionary(uniqueKeysWithValues: SQLList.buckets.map { bucket in
        (bucket, "DELETE FROM outbox WHERE seq IN (\(SQLList.placeholders(bucket)))")
    })

    /// Adds a message; returns its sequence number (greater than every earlier one).
    @discardableResult
    public func append(topic: String, key: [UInt8]?, value: [UInt8],
                       headers: [OutboxHeader] = []) throws(StoreError) -> Int64 {
        try db.execute(Self.appendSQL, topic, key, value, HeaderCodec.encode(headers))
        return db.insertedRowID
    }

    /// Adds a message and returns it as the relay will need it.
    public func appendRow(topic: String, key: [UInt8]?, value: [UInt8],
                          headers: [OutboxHeader] = []) throws(StoreError) -> OutboxRow {
        let seq = try append(topic: topic, key: key, value: value, headers: headers)
        return OutboxRow(seq: seq, topic: topic, key: key, value: value, headers: headers)
    }

    /// Appends many messages with multi-row INSERTs (the cheap way for a
    /// whole batch) and returns them with their sequence numbers, in order.
    /// The rows of one INSERT get consecutive numbers (SQLite assigns each
    /// new row max + 1), so each row's `seq` follows from the last one.
    public func append(_ messages: [OutboxMessage]) throws(StoreError) -> [OutboxRow] {
        var rows: [OutboxRow] = []
        rows.reserveCapacity(messages.count)
        for (range, size) in SQLList.rowBatches(count: messages.count) {
            let statement = try SQLStatement(db, Self.appendManySQLs[size] ?? "")
            var index: Int32 = 1
            for message in messages[range] {
                try statement.bind(message.topic, at: index)
                try statement.bind(message.key, at: index + 1)
                try statement.bind(message.value, at: index + 2)
                try statement.bind(HeaderCodec.encode(message.headers), at: index + 3)
                index += 4
            }
            try statement.run()
            var seq = db.insertedRowID - Int64(size)
            for message in messages[range] {
                seq += 1
                rows.append(OutboxRow(seq: seq, topic: message.topic, key: message.key, value: message.value,
                                      headers: message.headers))
            }
        }
        return rows
    }

    /// Up to `limit` messages with `seq` greater than `after`, in order.
    public func pending(after: Int64 = 0, limit: Int = 1000) throws(StoreError) -> [OutboxRow] {
        guard limit > 0 else { throw .invalidArgument("limit must be positive") }
        var rows: [OutboxRow] = []
        try db.eachRow(Self.pendingSQL, after, limit) { row throws(StoreError) in
            let seq = try row.int64(0)
            guard let headers = HeaderCodec.decode(row.bytes(4)) else {
                throw .corruptValue(table: "outbox", column: "headers", value: "seq \(seq)")
            }
            rows.append(OutboxRow(seq: seq, topic: try row.text(1), key: row.bytes(2), value: row.bytes(3) ?? [],
                                  headers: headers))
        }
        return rows
    }

    /// Deletes the delivered messages `seqs` (any number; unknown ones are
    /// ignored). Returns how many were deleted.
    @discardableResult
    public func delete(seqs: [Int64]) throws(StoreError) -> Int {
        var deleted = 0
        for (range, bucket) in SQLList.chunks(count: seqs.count) {
            let statement = try SQLStatement(db, Self.deleteSQLs[bucket] ?? "")
            try SQLList.bind(seqs, range, bucket: bucket, to: statement)
            _ = try statement.step()
            statement.reset()
            deleted += db.changesCount
        }
        return deleted
    }

    /// Deletes every message up to and including `seq` (when delivery is in order).
    @discardableResult
    public func delete(upTo seq: Int64) throws(StoreError) -> Int {
        try db.execute(Self.deleteUpToSQL, seq)
    }

    /// How many messages wait for delivery.
    public func count() throws(StoreError) -> Int {
        Int(try db.integer(Self.countSQL, array: []))
    }
}

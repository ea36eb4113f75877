/// Lists of values in SQL (`key IN (…)`) that stay within SQLite's bound
/// variable limit and keep the statement cache small.
///
/// A list of n values is cut into chunks of at most `maxChunk`; each chunk is
/// padded up to the next bucket size by repeating its last value (IN is set
/// membership, so a repeated value changes nothing). There are only as many
/// distinct statements as buckets, each prepared once and cached. `maxChunk`
/// (500) is far under SQLite's limit (999 before 3.32, 32766 since).
enum SQLList {
    static let buckets = [1, 8, 64, 500]
    static var maxChunk: Int { buckets[buckets.count - 1] }

    /// `?,?,?` for `count` variables.
    static func placeholders(_ count: Int) -> String {
        var text = String(repeating: "?,", count: max(count, 1))
        text.removeLast()
        return text
    }

    /// The smallest bucket that holds `count` values.
    static func bucket(for count: Int) -> Int {
        buckets.first { $0 >= count } ?? maxChunk
    }

    /// How to cut `count` values into chunks: each chunk's index range and
    /// the bucket size it is padded to.
    static func chunks(count: Int) -> [(range: Range<Int>, bucket: Int)] {
        stride(from: 0, to: count, by: maxChunk).map { start in
            let end = min(start + maxChunk, count)
            return (start..<end, bucket(for: end - start))
        }
    }

    /// Binds one chunk of `values` to variables 1…bucket, padding with the
    /// chunk's last value.
    static func bind<T: SQLBindable>(_ values: [T], _ range: Range<Int>, bucket: Int,
                                     to statement: SQLStatement) throws(StoreError) {
        for offset in 0..<bucket {
            let value = values[min(range.lowerBound + offset, range.upperBound - 1)]
            let code = value.bind(to: statement.handle, at: Int32(offset + 1))
            guard code == 0 else { throw statement.error(code) }
        }
    }

    /// Multi-row INSERT sizes: a batch of n rows is written as statements of
    /// 64, then 8, then 1 rows (at most 7 + 7 small ones), each size one
    /// cached statement. One statement per 64 rows instead of 64 statements
    /// more than halves the cost of an outbox row.
    static let rowBatchSizes = [64, 8, 1]

    /// `(?, ?, ?), (?, ?, ?)` for `rows` rows of `columns` columns.
    static func valuesClause(rows: Int, columns: Int) -> String {
        let row = "(" + placeholders(columns) + ")"
        return Array(repeating: row, count: max(rows, 1)).joined(separator: ", ")
    }

    /// How to cut `count` rows into multi-row INSERT statements.
    static func rowBatches(count: Int) -> [(range: Range<Int>, size: Int)] {
        var batches: [(Range<Int>, Int)] = []
        var start = 0
        for size in rowBatchSizes {
            while count - start >= size {
                batches.append((start..<(start + size), size))
                start += size
            }
        }
        return batches
    }

    /// A JSON array of strings, for `IN (SELECT value FROM json_each(?))`:
    /// one variable whatever the set's size, so list queries with an org set
    /// of any size stay a single cached statement that can ORDER and LIMIT.
    static func jsonArray(_ strings: some Sequence<String>) -> String {
        var out = "["
        var first = true
        for string in strings {
            if !first { out.append(",") }
            first = false
            out.append("\"")
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": out.append("\\\"")
                case "\\": out.append("\\\\")
                case "\n": out.append("\\n")
                case "\r": out.append("\\r")
                case "\t": out.append("\\t")
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            out.append("\"")
        }
        out.append("]")
        return out
    }
}

/// Damerau–Levenshtein distance (optimal string alignment: insertions,
/// deletions, substitutions and adjacent transpositions) over bytes, bounded:
/// it stops as soon as the distance must exceed `limit` and then returns
/// `limit + 1`. Search calls it per vocabulary word, so it works on buffers
/// and allocates nothing on the heap.
enum EditDistance {
    /// Which of the letters a–z (and, folded together, everything else) occur
    /// in a word. Each edit changes this set by at most two letters, so two
    /// words whose sets differ in more than `2 × limit` letters are farther
    /// apart than `limit`: a cheap test that skips most comparisons.
    static func letterMask(_ word: some Sequence<UInt8>) -> UInt32 {
        var mask: UInt32 = 0
        for byte in word {
            let bit = byte >= 97 && byte <= 122 ? UInt32(byte - 97) : 26
            mask |= 1 << bit
        }
        return mask
    }

    static func mightBeWithin(_ limit: Int, _ a: UInt32, _ b: UInt32) -> Bool {
        (a ^ b).nonzeroBitCount <= 2 * limit
    }

    static func bounded(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in bounded(a, b, limit: limit) }
        }
    }

    static func bounded(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, limit: Int) -> Int {
        let n = a.count, m = b.count
        if abs(n - m) > limit { return limit + 1 }
        if n == 0 || m == 0 { return max(n, m) }
        let outside = limit + 1 // stands for "more than limit" outside the band
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (m + 1)) { buffer in
            // Three rows: two back (for transpositions), previous, current.
            // Only cells with |i - j| <= limit can hold a distance within the
            // limit, so each row computes that band and fences it with `outside`.
            var twoBack = 0, previous = m + 1, current = 2 * (m + 1)
            for j in 0...m { buffer[previous + j] = min(j, outside) }
            for j in 0...m { buffer[twoBack + j] = outside }
            for i in 1...n {
                let low = max(1, i - limit), high = min(m, i + limit)
                buffer[current] = min(i, outside)
                if low > 1 { buffer[current + low - 1] = outside }
                if high < m { buffer[current + high + 1] = outside }
                var rowMinimum = low == 1 ? buffer[current] : outside
                for j in low...high {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(buffer[previous + j] + 1,          // deletion
                                    buffer[current + j - 1] + 1,       // insertion
                                    buffer[previous + j - 1] + cost)   // substitution
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        value = min(value, buffer[twoBack + j - 2] + 1) // transposition
                    }
                    buffer[current + j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                if rowMinimum > limit { return limit + 1 }
                (twoBack, previous, current) = (previous, current, twoBack)
            }
            return min(buffer[previous + m], limit + 1)
        }
    }
}

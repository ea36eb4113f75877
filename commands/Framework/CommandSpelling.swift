/// "Did you mean …?" for mistyped command words and help topics. RakorCore's
/// search distance is internal to it (tuned for its vocabulary buffers); this
/// is the small, allocation-light version the command layer needs for a few
/// dozen short words.
public enum CommandSpelling {
    /// Damerau–Levenshtein distance (adjacent transpositions count as one
    /// edit) over bytes, or `limit + 1` when it is larger than `limit`.
    public static func distance(_ a: some StringProtocol, _ b: some StringProtocol, limit: Int) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        let n = a.count, m = b.count
        if abs(n - m) > limit { return limit + 1 }
        if n == 0 || m == 0 { return max(n, m) }
        var twoBack = [Int](repeating: 0, count: m + 1)
        var previous = Array(0...m)
        var current = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            current[0] = i
            var rowMinimum = i
            for j in 1...m {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, twoBack[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return min(previous[m], limit + 1)
    }

    /// The candidate nearest to `word` within `limit` edits; ties go to the
    /// candidate listed first, so callers pass candidates in a stable order.
    public static func closest(to word: some StringProtocol, in candidates: some Sequence<String>,
                               limit: Int = 2) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = distance(word, candidate, limit: limit)
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.candidate
    }
}

/// "Did you mean …?" for mistyped command words, help topics, calendar ids
/// and directory keys. One distance for the whole project: the bounded
/// Damerau–Levenshtein of `EditDistance`, which calendar search also uses.
public enum Spelling {
    /// Edits (insertions, deletions, substitutions, adjacent transpositions)
    /// between the UTF-8 bytes of `a` and `b`, or `limit + 1` when more.
    public static func distance(_ a: some StringProtocol, _ b: some StringProtocol, limit: Int) -> Int {
        EditDistance.bounded(Array(a.utf8), Array(b.utf8), limit: max(0, limit))
    }

    /// The candidate nearest to `word` within `limit` edits; ties go to the
    /// candidate listed first, so callers pass candidates in a stable order.
    public static func closest(to word: some StringProtocol, in candidates: some Sequence<String>,
                               limit: Int = 2) -> String? {
        let typed = Array(word.utf8)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = EditDistance.bounded(typed, Array(candidate.utf8), limit: max(0, limit))
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.candidate
    }
}

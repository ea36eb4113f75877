/// "Did you mean …?" for misspelt directory keys and values
/// (`koordinater` → `koordinator`).
enum DirectorySpelling {
    /// The closest candidate, allowing about one edit per three letters
    /// (at least one, at most three): keys are short and alike.
    static func closest(to word: String, in candidates: [String]) -> String? {
        Spelling.closest(to: word, in: candidates, limit: max(1, min(3, word.count / 3)))
    }
}

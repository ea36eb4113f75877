/// The words search treats specially: stopwords carry no meaning for finding
/// a stage ("kapan", "when"), hint words and years choose the election
/// rather than the stage ("pilkada", "regional", "2024").
enum SearchVocabulary {
    static let stopwords: Set<String> = [
        // Indonesian question and filler words, and words about dates themselves.
        "kapan", "tanggal", "tgl", "jadwal", "jadwalnya", "tenggat", "tenggatnya", "apa", "apakah",
        "yang", "untuk", "utk", "di", "ke", "dari", "dan", "atau", "pada", "berapa", "bagaimana",
        "kah", "sih", "ya", "dong", "deh", "mana", "saja", "aja", "ini", "itu", "nya", "ada", "akan",
        "sudah", "sdh", "belum", "masih", "bisa", "hari", "batas", "akhir", "terakhir", "mulai",
        "dimulai", "selesai", "berakhir", "sampai", "hingga", "sd", "tahap", "tahapan", "pemilihan",
        "serentak", "tolong", "info", "informasi", "mohon", "dengan", "oleh",
        // English.
        "when", "is", "are", "was", "the", "a", "an", "of", "for", "what", "whats", "which", "date",
        "dates", "schedule", "deadline", "deadlines", "due", "and", "or", "in", "on", "at", "to", "by",
        "does", "do", "will", "until", "till", "from", "start", "starts", "end", "ends", "begin",
        "begins", "last", "election", "elections", "simultaneous", "how", "it", "its", "this",
        "that", "please", "about", "stage", "stages", "with",
    ]

    /// Words that name a kind of election.
    static let kindHints: [String: ElectionKind] = [
        "pilkada": .pilkada, "pemilukada": .pilkada, "pilgub": .pilkada, "pilbup": .pilkada,
        "pilwalkot": .pilkada, "pilwali": .pilkada, "regional": .pilkada,
        "pemilu": .pemilu, "pileg": .pemilu, "pilpres": .pemilu, "general": .pemilu,
    ]

    static let yearRange = 1900...2999

    /// The election year a token names, if it is a four-digit year.
    static func year(_ token: String) -> Int? {
        guard token.utf8.count == 4, SearchText.isNumber(token), let year = Int(token),
              yearRange.contains(year) else { return nil }
        return year
    }

    /// Whether a token says nothing about which stage is meant.
    static func isNoise(_ token: String) -> Bool {
        if stopwords.contains(token) { return true }
        // Single letters ("s.d." splits into s, d) carry nothing; single digits may (DP4).
        return token.utf8.count == 1 && !SearchText.isNumber(token)
    }

    /// The hint words long enough to tolerate a typo, as bytes.
    private static let fuzzyKindHints: [(word: [UInt8], kind: ElectionKind, mask: UInt32)] =
        kindHints.filter { $0.key.utf8.count >= 6 }.sorted { $0.key < $1.key }
            .map { (Array($0.key.utf8), $0.value, EditDistance.letterMask(Array($0.key.utf8))) }

    /// A hint word, allowing one typo in the longer ones (`pilkda`, `pemlu`).
    static func kindHint(_ token: String) -> ElectionKind? {
        if let kind = kindHints[token] { return kind }
        let count = token.utf8.count
        guard count >= 5, !SearchText.isNumber(token) else { return nil }
        let bytes = Array(token.utf8)
        let mask = EditDistance.letterMask(bytes)
        for (word, kind, wordMask) in fuzzyKindHints
        where abs(word.count - count) <= 1 && EditDistance.mightBeWithin(1, mask, wordMask) {
            if EditDistance.bounded(bytes, word, limit: 1) <= 1 { return kind }
        }
        return nil
    }
}

/// Search over every stage of a set of calendars, built once per catalog.
///
/// A keyword query is normalised into tokens (see `SearchText`); stopwords
/// are dropped; election hints (`pilkada`, `pemilu`, `regional`, a year)
/// narrow the calendars; the remaining words are matched against each stage's
/// Indonesian name, English name and keywords, exactly, by prefix, or within
/// a small edit distance that grows with word length (`suwara` → `suara`,
/// `votting` → `voting`; four-letter words must match exactly so `dana`
/// does not find `data`). A stage's score is the share of query words it
/// matches, weighted by match quality, nudged by how much of the stage's name
/// the query covers; stages matching less than half of the words, or much
/// worse than the best stage, are dropped. Hits are ranked by score, then by
/// how close the stage is to today.
///
/// Built for a per-command hot path: every stage word is interned once into a
/// flat vocabulary with postings, so a query compares each of its words once
/// per distinct vocabulary word (most rejected by length or letter set before
/// any edit distance) and only touches the stages that contain a match.
public struct CalendarSearch: Sendable {
    struct Entry: Sendable {
        var calendar: Int
        var stage: Int
        /// Distinct vocabulary ids of all searchable words of the stage.
        var words: [Int]
        /// Vocabulary ids of the Indonesian and English names, for precision.
        var nameFields: [[Int]]
    }

    let calendars: [ElectionCalendar]
    /// All vocabulary words back to back; word `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private let vocabularyBytes: [UInt8]
    private let vocabularyStarts: [Int]
    private let vocabularyIsNumber: [Bool]
    private let vocabularyMasks: [UInt32]
    private let vocabularyIndex: [String: Int]
    /// For each vocabulary word, the entries containing it.
    private let postings: [[Int]]
    private let entries: [Entry]
    /// Entry indices in chronological order (first day, last day, calendar, document order).
    private let chronological: [Int]

    static let minimumCoverage = 0.5
    static let relativeCutoff = 0.6
    /// Query words beyond this many are ignored (a pasted paragraph is not a query).
    static let maxQueryWords = 12

    public init(calendars: [ElectionCalendar]) {
        var vocabulary: [String] = []
        var index: [String: Int] = [:]
        func intern(_ text: String) -> [Int] {
            var ids: [Int] = []
            for token in SearchText.tokens(text) where Self.isSearchable(token) {
                let id: Int
                if let known = index[token] {
                    id = known
                } else {
                    id = vocabulary.count
                    vocabulary.append(token)
                    index[token] = id
                }
                if !ids.contains(id) { ids.append(id) }
            }
            return ids
        }
        var entries: [Entry] = []
        for (c, calendar) in calendars.enumerated() {
            for (s, stage) in calendar.stages.enumerated() {
                let indonesian = intern(stage.name.id)
                let english = intern(stage.name.en)
                var words = indonesian
                for id in english + stage.keywords.flatMap(intern) where !words.contains(id) {
                    words.append(id)
                }
                entries.append(Entry(calendar: c, stage: s, words: words,
                                     nameFields: [indonesian, english].filter { !$0.isEmpty }))
            }
        }
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        for word in vocabulary {
            bytes.append(contentsOf: word.utf8)
            starts.append(bytes.count)
        }
        var postings = [[Int]](repeating: [], count: vocabulary.count)
        for (e, entry) in entries.enumerated() {
            for id in entry.words { postings[id].append(e) }
        }
        self.calendars = calendars
        self.vocabularyBytes = bytes
        self.vocabularyStarts = starts
        self.vocabularyIsNumber = vocabulary.map(SearchText.isNumber)
        self.vocabularyMasks = vocabulary.map { EditDistance.letterMask($0.utf8) }
        self.vocabularyIndex = index
        self.postings = postings
        self.entries = entries
        self.chronological = entries.indices.sorted { lhs, rhs in
            let a = entries[lhs], b = entries[rhs]
            let x = calendars[a.calendar].stages[a.stage].dates
            let y = calendars[b.calendar].stages[b.stage].dates
            if x.first != y.first { return x.first < y.first }
            if x.end != y.end { return x.end < y.end }
            return lhs < rhs
        }
    }

    /// Stage words that are neither noise nor election hints.
    private static func isSearchable(_ token: String) -> Bool {
        !SearchVocabulary.isNoise(token) && SearchVocabulary.kindHints[token] == nil
            && SearchVocabulary.year(token) == nil
    }

    // MARK: Keyword search

    /// Stages matching a keyword query, best first (ties: nearest to `today`).
    public func search(_ query: String, today: LocalDate, limit: Int = .max) -> [StageHit] {
        var kinds: Set<ElectionKind> = []
        var years: Set<Int> = []
        var words: [[UInt8]] = []
        for token in SearchText.tokens(query.utf8.count <= 1000 ? Substring(query) : query.prefix(500)) {
            if SearchVocabulary.isNoise(token) { continue }
            if let year = SearchVocabulary.year(token) {
                years.insert(year)
            } else if let kind = SearchVocabulary.kindHint(token) {
                kinds.insert(kind)
            } else if words.count < Self.maxQueryWords {
                words.append(Array(token.utf8))
            }
        }
        let allowed = calendars.map { calendar in
            (kinds.isEmpty || kinds.contains(calendar.kind)) && (years.isEmpty || years.contains(calendar.year))
        }
        guard !words.isEmpty else {
            // Only hints ("pilkada 2024"): every stage of the chosen elections, nearest first.
            guard !kinds.isEmpty || !years.isEmpty else { return [] }
            let chosen = entries.indices.filter { allowed[entries[$0].calendar] }.map { ($0, 1.0) }
            return ranked(chosen, today: today, limit: limit)
        }

        // The vocabulary words each query word matches, with their quality.
        var matches: [[(id: Int, quality: Double)]] = []
        matches.reserveCapacity(words.count)
        vocabularyBytes.withUnsafeBufferPointer { all in
            for word in words {
                var found: [(id: Int, quality: Double)] = []
                if word.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                    if let id = vocabularyIndex[String(decoding: word, as: UTF8.self)] { found.append((id, 1)) }
                } else {
                    let mask = EditDistance.letterMask(word)
                    word.withUnsafeBufferPointer { word in
                        for id in 0..<vocabularyMasks.count where !vocabularyIsNumber[id] {
                            let candidate = UnsafeBufferPointer(rebasing: all[vocabularyStarts[id]..<vocabularyStarts[id + 1]])
                            let quality = Self.match(word, candidate, mask, vocabularyMasks[id])
                            if quality > 0 { found.append((id, quality)) }
                        }
                    }
                }
                matches.append(found)
            }
        }

        // Each stage's best quality per query word, through the postings of the matched words.
        let wordCount = words.count
        var best = [Double](repeating: 0, count: entries.count * wordCount)
        var isCandidate = [Bool](repeating: false, count: entries.count)
        for (w, found) in matches.enumerated() {
            for (id, quality) in found {
                for e in postings[id] where allowed[entries[e].calendar] {
                    isCandidate[e] = true
                    best[e * wordCount + w] = max(best[e * wordCount + w], quality)
                }
            }
        }

        var scored: [(entry: Int, score: Double)] = []
        for e in entries.indices where isCandidate[e] {
            var total = 0.0
            for w in 0..<wordCount { total += best[e * wordCount + w] }
            let coverage = total / Double(wordCount)
            guard coverage >= Self.minimumCoverage else { continue }
            // Precision: the share of a name's words the query touched, so
            // "masa tenang" prefers "Masa tenang" to a longer name containing both.
            var precision = 0.0
            for field in entries[e].nameFields {
                var touched = 0
                for id in field where matches.contains(where: { found in found.contains { $0.id == id } }) {
                    touched += 1
                }
                precision = max(precision, Double(touched) / Double(field.count))
            }
            scored.append((e, coverage * (0.9 + 0.1 * precision)))
        }
        guard let top = scored.map(\.score).max() else { return [] }
        return ranked(scored.filter { $0.score >= top * Self.relativeCutoff }, today: today, limit: limit)
    }

    /// Match quality of a query word against a vocabulary word (0 = no match).
    static func match(_ word: [UInt8], _ candidate: [UInt8]) -> Double {
        word.withUnsafeBufferPointer { word in
            candidate.withUnsafeBufferPointer { candidate in
                match(word, candidate, EditDistance.letterMask(word), EditDistance.letterMask(candidate))
            }
        }
    }

    static func match(_ word: UnsafeBufferPointer<UInt8>, _ candidate: UnsafeBufferPointer<UInt8>,
                      _ wordMask: UInt32, _ candidateMask: UInt32) -> Double {
        let (n, m) = (word.count, candidate.count)
        if n == m, wordMask == candidateMask, word.elementsEqual(candidate) { return 1 }
        // An unfinished word ("kampa") or one with a suffix ("kampanyenya").
        if n >= 4, m > n, wordMask & candidateMask == wordMask, candidate.starts(with: word) { return 0.9 }
        if m >= 4, n > m, n - m <= 3, wordMask & candidateMask == candidateMask, word.starts(with: candidate) {
            return 0.9
        }
        // Typos: none allowed up to 4 letters, one up to 8, two beyond.
        let shorter = min(n, m)
        let limit = shorter >= 9 ? 2 : (shorter >= 5 ? 1 : 0)
        guard limit > 0, shorter <= 32, abs(n - m) <= limit,
              EditDistance.mightBeWithin(limit, wordMask, candidateMask) else { return 0 }
        let distance = EditDistance.bounded(word, candidate, limit: limit)
        guard distance <= limit else { return 0 }
        return distance == 1 ? 0.8 : 0.65
    }

    // MARK: Date queries

    /// Stages covering `date` (start ≤ date ≤ end), in date order.
    public func stages(on date: LocalDate) -> [StageHit] {
        stages(overlapping: date...date)
    }

    /// Stages with at least one day in `range`, in date order.
    public func stages(overlapping range: ClosedRange<LocalDate>) -> [StageHit] {
        chronological.compactMap { index in
            let entry = entries[index]
            let stage = calendars[entry.calendar].stages[entry.stage]
            return stage.dates.overlaps(range) ? hit(entry, score: 1) : nil
        }
    }

    // MARK: Helpers

    /// Sorts by score, then distance from today, then first day, then
    /// catalog order, on plain keys; builds hits only for what is returned.
    private func ranked(_ scored: [(entry: Int, score: Double)], today: LocalDate, limit: Int) -> [StageHit] {
        let todayDays = today.daysSinceEpoch
        let keyed = scored.map { item -> (entry: Int, score: Double, distance: Int, first: Int) in
            let dates = calendars[entries[item.entry].calendar].stages[entries[item.entry].stage].dates
            let first = dates.first.daysSinceEpoch, end = dates.end.daysSinceEpoch
            let distance = todayDays < first ? first - todayDays : (todayDays > end ? todayDays - end : 0)
            return (item.entry, item.score, distance, first)
        }
        let sorted = keyed.sorted { a, b in
            if abs(a.score - b.score) > 1e-9 { return a.score > b.score }
            if a.distance != b.distance { return a.distance < b.distance }
            if a.first != b.first { return a.first < b.first }
            return a.entry < b.entry
        }
        return sorted.prefix(max(0, limit)).map { hit(entries[$0.entry], score: $0.score) }
    }

    private func hit(_ entry: Entry, score: Double) -> StageHit {
        let calendar = calendars[entry.calendar]
        return StageHit(calendarID: calendar.id, calendarName: calendar.name,
                        stage: calendar.stages[entry.stage], score: score)
    }
}

/// One stage (*tahapan*) of an election schedule: candidate registration,
/// campaign, quiet period, voting day, …
public struct Tahapan: Sendable, Hashable, Identifiable {
    /// A slug unique within its calendar, e.g. `pemungutan-suara`.
    public var id: String
    /// The stage's name: Indonesian (`tahap` in the file) and English (`en`).
    public var name: Localized
    public var dates: DateSpan
    /// A fact worth repeating with the dates (e.g. "national holiday").
    public var note: String?
    /// Where the dates come from: URLs or, where no URL is known, a citation
    /// (e.g. the regulation). Never empty.
    public var sources: [String]
    /// Why the dates rest on weak evidence (single source, blog), if they do.
    public var uncertain: String?
    /// How sources disagree about the dates, if they do.
    public var conflict: String?
    /// Extra search words (colloquial names such as `pencoblosan`).
    public var keywords: [String]
    /// Earlier dates this stage had, oldest first.
    public var rescheduled: [Rescheduling]

    public init(id: String, name: Localized, dates: DateSpan, note: String? = nil,
                sources: [String], uncertain: String? = nil, conflict: String? = nil,
                keywords: [String] = [], rescheduled: [Rescheduling] = []) {
        self.id = id
        self.name = name
        self.dates = dates
        self.note = note
        self.sources = sources
        self.uncertain = uncertain
        self.conflict = conflict
        self.keywords = keywords
        self.rescheduled = rescheduled
    }

    public var start: LocalDate? { dates.start }
    public var end: LocalDate { dates.end }
}

/// A past change of a stage's dates: what they were, why they moved, and who says so.
public struct Rescheduling: Sendable, Hashable {
    /// The dates before the change.
    public var previous: DateSpan
    public var reason: String
    /// URL or citation of the decision.
    public var source: String

    public init(previous: DateSpan, reason: String, source: String) {
        self.previous = previous
        self.reason = reason
        self.source = source
    }
}

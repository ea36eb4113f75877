/// The two kinds of election a calendar schedules.
public enum ElectionKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// General election (president, DPR, DPD, DPRD).
    case pemilu
    /// Regional head elections (governor, regent, mayor).
    case pilkada
}

/// One election's stage schedule (*tahapan dan jadwal*), as shipped in
/// `Resources/calendars/*.yaml` or published later by an integrator.
public struct ElectionCalendar: Sendable, Hashable, Identifiable {
    /// A slug, e.g. `pilkada2024`.
    public var id: String
    /// Short display name, e.g. `Pilkada 2024`.
    public var name: Localized
    /// Optional full title, e.g. `Pemilihan Serentak 2024`.
    public var title: Localized?
    public var kind: ElectionKind
    public var year: Int
    /// The regulation that sets the schedule, e.g. `PKPU 2/2024`.
    public var regulation: String
    /// URLs (or citations) the calendar was compiled from. Never empty.
    public var sources: [String]
    /// Remarks on the calendar as a whole (postponements, caveats, scope).
    public var note: String?
    /// The stages in document order.
    public var stages: [Tahapan]
    /// Deadlines defined relative to events rather than fixed dates.
    public var rules: [RelativeRule]

    public init(id: String, name: Localized, title: Localized? = nil, kind: ElectionKind, year: Int,
                regulation: String, sources: [String], note: String? = nil,
                stages: [Tahapan], rules: [RelativeRule] = []) {
        self.id = id
        self.name = name
        self.title = title
        self.kind = kind
        self.year = year
        self.regulation = regulation
        self.sources = sources
        self.note = note
        self.stages = stages
        self.rules = rules
    }

    public func stage(id: String) -> Tahapan? {
        stages.first { $0.id == id }
    }

    /// The stages by first day, then last day, then document order: how `/jadwal` lists them.
    public var chronological: [Tahapan] {
        stages.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element.dates, rhs.element.dates)
            if a.first != b.first { return a.first < b.first }
            if a.end != b.end { return a.end < b.end }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}

/// A deadline that depends on an event, e.g. "winners designated at most 5
/// days after the Constitutional Court notifies KPU".
public struct RelativeRule: Sendable, Hashable {
    public var name: Localized
    /// When it falls, in words.
    public var when: String
    public var uncertain: String?
    public var conflict: String?

    public init(name: Localized, when: String, uncertain: String? = nil, conflict: String? = nil) {
        self.name = name
        self.when = when
        self.uncertain = uncertain
        self.conflict = conflict
    }
}

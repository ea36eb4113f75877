import Foundation

/// The election calendars the bot knows: the shipped ones plus any published
/// later, with the search index built over them. A value: handlers read a
/// snapshot; publishing or rescheduling makes a new one.
public struct CalendarCatalog: Sendable {
    /// In the order given; a replaced calendar keeps its place.
    public private(set) var calendars: [ElectionCalendar]
    public private(set) var search: CalendarSearch
    private var keys: [String: Int]

    /// Later calendars replace earlier ones with the same lookup key, so a
    /// published calendar overrides the shipped file of the same id.
    public init(_ calendars: [ElectionCalendar] = []) {
        var list: [ElectionCalendar] = []
        var positions: [String: Int] = [:]
        for calendar in calendars {
            let key = Self.lookupKey(calendar.id)
            if let position = positions[key] {
                list[position] = calendar
            } else {
                positions[key] = list.count
                list.append(calendar)
            }
        }
        self.calendars = list
        self.search = CalendarSearch(calendars: list)
        self.keys = Self.keys(for: list)
    }

    /// What calendar names are compared by: letters and digits, lower case,
    /// accents removed (`Pilkada 2024`, `pilkada-2024`, `PILKADA2024` → `pilkada2024`).
    public static func lookupKey(_ text: String) -> String {
        SearchText.compactKey(text)
    }

    public var ids: [String] { calendars.map(\.id) }

    /// The calendar an official named: its id or its name in either
    /// language, however spaced, dashed or capitalised.
    public func calendar(named text: String) -> ElectionCalendar? {
        let key = Self.lookupKey(text)
        guard !key.isEmpty, let index = keys[key] else { return nil }
        return calendars[index]
    }

    /// Adds a published calendar, or replaces the one with the same lookup
    /// key. Returns the replaced calendar, if any.
    @discardableResult
    public mutating func publish(_ calendar: ElectionCalendar) -> ElectionCalendar? {
        let key = Self.lookupKey(calendar.id)
        var replaced: ElectionCalendar?
        if let index = calendars.firstIndex(where: { Self.lookupKey($0.id) == key }) {
            replaced = calendars[index]
            calendars[index] = calendar
        } else {
            calendars.append(calendar)
        }
        rebuild()
        return replaced
    }

    /// Moves one stage, recording the old dates in its history.
    ///
    /// - Throws: `not_found` for an unknown calendar or stage; `bad_arguments`
    ///   without a reason or with an unusable source; `conflict` when the stage
    ///   already has exactly these dates.
    @discardableResult
    public mutating func apply(_ change: StageReschedule) throws(CommandFailure) -> StageChange {
        guard let calendar = calendar(named: change.calendarID),
              let c = calendars.firstIndex(where: { $0.id == calendar.id }) else {
            throw CommandFailure(.notFound,
                                 id: "Pemilihan `\(change.calendarID)` tidak dikenal. Yang ada: \(ids.joined(separator: ", ")).",
                                 en: "Unknown election `\(change.calendarID)`. Known: \(ids.joined(separator: ", ")).")
        }
        let stageID = change.stageID.trimmingCharacters(in: .whitespaces).lowercased()
        guard let s = calendar.stages.firstIndex(where: { $0.id == stageID }) else {
            throw CommandFailure(.notFound,
                                 id: "Tahapan `\(change.stageID)` tidak ada di \(calendar.name.id).",
                                 en: "\(calendar.name.en) has no stage `\(change.stageID)`.")
        }
        let reason = change.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let source = change.source.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw CommandFailure(.badArguments, id: "Alasan penjadwalan ulang wajib diisi.",
                                 en: "A reschedule needs a reason.")
        }
        guard !source.isEmpty, CalendarRules.sourceProblem(source) == nil else {
            throw CommandFailure(.badArguments,
                                 id: "Sumber penjadwalan ulang wajib diisi (URL http(s) atau rujukan peraturan).",
                                 en: "A reschedule needs a source (an http(s) URL or a citation of the regulation).")
        }
        var stage = calendar.stages[s]
        let previous = stage.dates
        guard previous != change.dates else {
            throw CommandFailure(.conflict,
                                 id: "\(stage.name.id) (\(calendar.name.id)) sudah dijadwalkan \(previous).",
                                 en: "\(stage.name.en) (\(calendar.name.en)) is already scheduled for \(previous).")
        }
        stage.dates = change.dates
        stage.rescheduled.append(Rescheduling(previous: previous, reason: reason, source: source))
        calendars[c].stages[s] = stage
        rebuild()
        return StageChange(calendarID: calendar.id, calendarName: calendar.name, stage: stage,
                           previous: previous, reason: reason, source: source)
    }

    /// What `/tenggat` shows for a parsed query, with `today` in the sender's zone.
    public func tenggat(_ query: TenggatQuery, today: LocalDate) -> [StageHit] {
        switch query {
        case .search(let text):
            return search.search(text, today: today)
        default:
            guard let range = query.range(today: today) else { return [] }
            return search.stages(overlapping: range)
        }
    }

    private mutating func rebuild() {
        search = CalendarSearch(calendars: calendars)
        keys = Self.keys(for: calendars)
    }

    /// Ids first, so a name can never shadow another calendar's id.
    private static func keys(for calendars: [ElectionCalendar]) -> [String: Int] {
        var keys: [String: Int] = [:]
        for (index, calendar) in calendars.enumerated() {
            keys[lookupKey(calendar.id)] = index
        }
        for (index, calendar) in calendars.enumerated() {
            for name in [calendar.name.id, calendar.name.en, calendar.title?.id, calendar.title?.en] {
                guard let name else { continue }
                let key = lookupKey(name)
                if !key.isEmpty, keys[key] == nil { keys[key] = index }
            }
        }
        return keys
    }
}

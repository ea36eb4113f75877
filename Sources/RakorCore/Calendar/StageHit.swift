/// A stage found by `/tenggat`: which calendar, which stage, how well it matched.
public struct StageHit: Sendable, Hashable {
    public var calendarID: String
    public var calendarName: Localized
    public var stage: Tahapan
    /// Match quality in 0...1: 1 for a date or window query and for a perfect
    /// keyword match; lower for partial matches and typos.
    public var score: Double

    public init(calendarID: String, calendarName: Localized, stage: Tahapan, score: Double) {
        self.calendarID = calendarID
        self.calendarName = calendarName
        self.stage = stage
        self.score = score
    }
}

import Foundation
import RakorCore

/// The real wall clock. Only the runtime reads it; the domain gets a `RakorClock`.
public struct SystemClock: RakorClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that starts at a chosen instant and then runs at real speed: the
/// shipped elections are past, so demos and tests fix "today" (`--now`,
/// `RAKOR_NOW`) while timestamps, rate limits and the scheduler still move.
public struct ShiftedClock: RakorClock {
    public let start: Date
    private let realStart: ContinuousClock.Instant

    public init(startingAt start: Date) {
        self.start = start
        self.realStart = ContinuousClock.now
    }

    public func now() -> Date {
        let elapsed = ContinuousClock.now - realStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return start.addingTimeInterval(seconds)
    }
}

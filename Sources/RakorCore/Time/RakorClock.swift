import Foundation
import Synchronization

/// Where "now" comes from. Domain code takes a clock instead of reading the
/// wall clock, so tests and demos can fix "today" (the shipped elections are
/// in the past) and the scheduler can run months in seconds.
public protocol RakorClock: Sendable {
    func now() -> Date
}

/// A clock stopped at one instant.
public struct FixedClock: RakorClock {
    public let instant: Date

    public init(_ instant: Date) {
        self.instant = instant
    }

    public func now() -> Date { instant }
}

/// A clock a test moves by hand.
public final class ManualClock: RakorClock {
    private let current: Mutex<Date>

    public init(_ start: Date) {
        current = Mutex(start)
    }

    public func now() -> Date {
        current.withLock { $0 }
    }

    public func set(_ instant: Date) {
        current.withLock { $0 = instant }
    }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

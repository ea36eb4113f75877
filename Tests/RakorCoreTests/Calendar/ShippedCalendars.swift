import Foundation
@testable import RakorCore

/// The calendar files the bot ships, read from the source tree (RakorCore
/// itself never reads files; tests may).
enum ShippedCalendars {
    static let names = ["pemilu2024", "pilkada2024", "pilkada2020"]

    static var directory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent() // Calendar
            .deletingLastPathComponent() // RakorCoreTests
            .deletingLastPathComponent() // Tests
            .deletingLastPathComponent() // package root
            .appendingPathComponent("Sources/RakorBot/Resources/calendars")
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("\(name).yaml"), encoding: .utf8)
    }

    static func calendar(_ name: String) throws -> ElectionCalendar {
        try CalendarDocument.parse(text: text(name))
    }

    static func catalog() throws -> CalendarCatalog {
        CalendarCatalog(try names.map(calendar))
    }
}

extension LocalDate {
    /// Test shorthand for a literal date known to be valid.
    static func tgl(_ iso: String) -> LocalDate {
        guard let date = LocalDate(iso: iso) else { fatalError("bad test date \(iso)") }
        return date
    }
}

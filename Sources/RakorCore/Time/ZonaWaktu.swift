import Foundation

/// Indonesia's three time zones (Keppres 41/1987). None observes daylight
/// saving, so a fixed offset is exact.
public enum ZonaWaktu: String, Sendable, Hashable, CaseIterable, Codable {
    /// Waktu Indonesia Barat, UTC+7 (Sumatra, Java, West and Central Kalimantan).
    case WIB
    /// Waktu Indonesia Tengah, UTC+8 (South/East/North Kalimantan, Bali, Nusa Tenggara, Sulawesi).
    case WITA
    /// Waktu Indonesia Timur, UTC+9 (Maluku, Papua).
    case WIT

    public var secondsFromUTC: Int {
        switch self {
        case .WIB: 7 * 3600
        case .WITA: 8 * 3600
        case .WIT: 9 * 3600
        }
    }

    /// The local calendar date at an instant.
    public func localDate(at instant: Date) -> LocalDate {
        let local = instant.timeIntervalSince1970 + Double(secondsFromUTC)
        let days = Int((local / 86_400).rounded(.down))
        return LocalDate(daysSinceEpoch: days)
    }

    /// Seconds since local midnight at an instant (0..<86400).
    public func secondsIntoDay(at instant: Date) -> Int {
        let local = Int((instant.timeIntervalSince1970 + Double(secondsFromUTC)).rounded(.down))
        return ((local % 86_400) + 86_400) % 86_400
    }

    /// The instant of a local wall-clock time on a date, e.g. 08:00 WITA.
    public func instant(of date: LocalDate, hour: Int = 0, minute: Int = 0) -> Date {
        let seconds = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 - secondsFromUTC
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}

/// The arguments of `/tenggat` (`/deadline`):
///
/// | typed | meaning |
/// |---|---|
/// | nothing | stages in the next 30 days (today included) |
/// | `2024-11-27`, `27-11-2024`, `27/11/2024` | stages that fall on that date |
/// | `2024-11-01 s.d. 2024-11-30` (also `sampai`, `hingga`, `to`, `-`, `..`) | stages overlapping those dates |
/// | `7 hari`, `7 days`, `7 hr`, `7` | stages in the next 7 days (1–366) |
/// | `2 minggu`, `2 weeks` | stages in the next 14 days |
/// | `hari ini`, `today` | stages on today's date |
/// | `bulan ini`, `this month` | stages from today to the end of the month |
/// | anything else | keyword search (`pemungutan suara pilkada 2024`) |
///
/// A four-digit number alone (`2024`) is a year for the search, not a window.
public enum TenggatQuery: Sendable, Hashable {
    /// From today through today + `days` (`days` 0 is today only).
    case upcoming(days: Int)
    case on(LocalDate)
    case between(LocalDate, LocalDate)
    /// From today through the last day of today's month.
    case restOfMonth
    case search(String)

    public static let defaultDays = 30
    public static let maxDays = 366
    public static let maxSearchLength = 200

    public init(parsing arguments: String) throws(CommandFailure) {
        let original = Self.words(arguments)
        let words = original.map { $0.lowercased() }
        guard !words.isEmpty else {
            self = .upcoming(days: Self.defaultDays)
            return
        }
        if let query = try Self.dateQuery(words) {
            self = query
            return
        }
        if let query = try Self.windowQuery(words) {
            self = query
            return
        }
        if let query = Self.phraseQuery(words) {
            self = query
            return
        }
        let text = words.joined(separator: " ")
        guard text.unicodeScalars.count <= Self.maxSearchLength else {
            throw CommandFailure(.badArguments,
                                 id: "Kata kunci terlalu panjang (maksimal \(Self.maxSearchLength) karakter).",
                                 en: "The search text is too long (at most \(Self.maxSearchLength) characters).")
        }
        self = .search(original.joined(separator: " "))
    }

    /// Whitespace-separated words; ASCII is split without Unicode property
    /// lookups (this runs for every `/tenggat`).
    static func words(_ text: String) -> [Substring] {
        text.split { character in
            if let ascii = character.asciiValue { return ascii == 32 || (9...13).contains(ascii) }
            return character.isWhitespace
        }
    }

    /// The dates a window or date query covers, given today in the sender's
    /// zone; nil for a keyword search.
    public func range(today: LocalDate) -> ClosedRange<LocalDate>? {
        switch self {
        case .upcoming(let days):
            return today...today.adding(days: max(0, days))
        case .on(let date):
            return date...date
        case .between(let from, let to):
            return from...to
        case .restOfMonth:
            let last = LocalDate(year: today.year, month: today.month,
                                 day: LocalDate.daysInMonth(year: today.year, month: today.month)) ?? today
            return today...last
        case .search:
            return nil
        }
    }

    // MARK: Dates

    private static let rangeConnectors: Set<String> = ["s.d.", "s.d", "sd", "s/d", "sampai", "hingga",
                                                       "to", "until", "-", "–", "—", ".."]

    private static func dateQuery(_ words: [String]) throws(CommandFailure) -> TenggatQuery? {
        switch words.count {
        case 1:
            let word = words[0]
            let bytes = Array(word.utf8)
            if let dot = bytes.indices.dropLast().first(where: { bytes[$0] == 46 && bytes[$0 + 1] == 46 }) {
                let first = String(decoding: bytes[..<dot], as: UTF8.self)
                let second = String(decoding: bytes[(dot + 2)...], as: UTF8.self)
                guard let from = try date(first), let to = try date(second) else { return nil }
                return try checkedRange(from, to)
            }
            return try date(word).map(TenggatQuery.on)
        case 2, 3:
            if words.count == 3, !rangeConnectors.contains(words[1]) { return nil }
            guard let from = try date(words[0]), let to = try date(words[words.count - 1]) else { return nil }
            return try checkedRange(from, to)
        default:
            return nil
        }
    }

    private static func checkedRange(_ from: LocalDate, _ to: LocalDate) throws(CommandFailure) -> TenggatQuery {
        guard from <= to else {
            throw CommandFailure(.badArguments,
                                 id: "Tanggal awal \(from.iso) sesudah tanggal akhir \(to.iso).",
                                 en: "The start date \(from.iso) is after the end date \(to.iso).")
        }
        guard from.days(until: to) <= maxDays else {
            throw CommandFailure(.badArguments,
                                 id: "Rentang tanggal paling panjang \(maxDays) hari.",
                                 en: "A date range can span at most \(maxDays) days.")
        }
        return .between(from, to)
    }

    /// A date in `YYYY-MM-DD`, `DD-MM-YYYY` or `DD/MM/YYYY` (one- or two-digit
    /// day and month); nil when the word is not shaped like a date; an error
    /// when it is shaped like one but no such day exists (`2024-02-30`).
    static func date(_ word: String) throws(CommandFailure) -> LocalDate? {
        let bytes = Array(word.utf8)
        guard let separator = bytes.first(where: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") }) else {
            return nil
        }
        let parts = bytes.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0 >= 48 && $0 <= 57 } }) else {
            return nil
        }
        let numbers = parts.map { $0.reduce(0) { $0 * 10 + Int($1 - 48) } }
        let (year, month, day): (Int, Int, Int)
        if parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2 {
            (year, month, day) = (numbers[0], numbers[1], numbers[2])
        } else if parts[2].count == 4, parts[0].count <= 2, parts[1].count <= 2 {
            (year, month, day) = (numbers[2], numbers[1], numbers[0])
        } else {
            return nil
        }
        guard let date = LocalDate(year: year, month: month, day: day) else {
            throw CommandFailure(.badArguments,
                                 id: "`\(word)` bukan tanggal yang ada (format YYYY-MM-DD, mis. 2024-11-27).",
                                 en: "`\(word)` is not a real date (format YYYY-MM-DD, e.g. 2024-11-27).")
        }
        return date
    }

    // MARK: Windows

    private static let dayUnits: Set<String> = ["hari", "hr", "h", "days", "day", "d"]
    private static let weekUnits: Set<String> = ["minggu", "mgg", "pekan", "weeks", "week", "w"]

    private static func windowQuery(_ words: [String]) throws(CommandFailure) -> TenggatQuery? {
        var number: Substring
        var unit: Substring
        switch words.count {
        case 1:
            // `14`, or glued: `14hari`, `2minggu`.
            let word = Substring(words[0])
            let digitsEnd = word.firstIndex(where: { !Self.isDigit($0) }) ?? word.endIndex
            number = word[..<digitsEnd]
            unit = word[digitsEnd...]
            if unit.isEmpty {
                // A lone year is a search hint, not a 2024-day window.
                guard number.count <= 3 else { return nil }
            } else if !dayUnits.contains(String(unit)) && !weekUnits.contains(String(unit)) {
                return nil
            }
        case 2:
            number = Substring(words[0])
            unit = Substring(words[1])
            guard dayUnits.contains(String(unit)) || weekUnits.contains(String(unit)) else { return nil }
        default:
            return nil
        }
        var sign = ""
        if let first = number.first, first == "-" || first == "+" {
            sign = String(first)
            number = number.dropFirst()
        }
        guard !number.isEmpty, number.allSatisfy(Self.isDigit) else { return nil }
        let multiplier = weekUnits.contains(String(unit)) ? 7 : 1
        guard sign != "-", number.count <= 4, let count = Int(number),
              (1...maxDays).contains(count * multiplier) else {
            throw CommandFailure(.badArguments,
                                 id: "Jumlah hari harus 1–\(maxDays), mis. `/tenggat 30 hari`.",
                                 en: "The number of days must be 1–\(maxDays), e.g. `/deadline 30 days`.")
        }
        return .upcoming(days: count * multiplier)
    }

    private static func isDigit(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return ascii >= 48 && ascii <= 57
    }

    private static func phraseQuery(_ words: [String]) -> TenggatQuery? {
        switch words.joined(separator: " ") {
        case "hari ini", "hariini", "today": .upcoming(days: 0)
        case "bulan ini", "this month": .restOfMonth
        default: nil
        }
    }
}

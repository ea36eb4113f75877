import Foundation

/// Dates and times as officials read them, in Indonesian or English, never
/// through the host's locale (a server's locale must not change a reply):
///
/// | | Indonesian | English |
/// |---|---|---|
/// | `long` | Rabu, 27 November 2024 | Wednesday, 27 November 2024 |
/// | `medium` | 27 November 2024 | 27 November 2024 |
/// | `short` | 27 Nov 2024 | 27 Nov 2024 |
/// | `range` | 14–15 Februari 2024, 25 September – 23 November 2024 | … |
/// | `time` | 08:00 WITA | 08:00 WITA |
public enum TanggalFormat {
    private static let monthsID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                                   "Agustus", "September", "Oktober", "November", "Desember"]
    private static let monthsEN = ["January", "February", "March", "April", "May", "June", "July",
                                   "August", "September", "October", "November", "December"]
    private static let shortMonthsID = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep",
                                        "Okt", "Nov", "Des"]
    private static let shortMonthsEN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                        "Oct", "Nov", "Dec"]
    /// ISO order, Monday first.
    private static let weekdaysID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
    private static let weekdaysEN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// `November` / `November`, `Mei` / `May` (month 1–12).
    public static func monthName(_ month: Int, lang: Lang) -> String {
        let names = lang == .id ? monthsID : monthsEN
        return names[(month - 1 + 12 * 100) % 12]
    }

    /// `Rabu` / `Wednesday`.
    public static func weekdayName(_ date: LocalDate, lang: Lang) -> String {
        (lang == .id ? weekdaysID : weekdaysEN)[date.isoWeekday - 1]
    }

    /// `Rabu, 27 November 2024` / `Wednesday, 27 November 2024`.
    public static func long(_ date: LocalDate, lang: Lang) -> String {
        "\(weekdayName(date, lang: lang)), \(medium(date, lang: lang))"
    }

    /// `27 November 2024`.
    public static func medium(_ date: LocalDate, lang: Lang) -> String {
        "\(date.day) \(monthName(date.month, lang: lang)) \(date.year)"
    }

    /// `27 Nov 2024`; `27 Agu 2024` / `27 Aug 2024`.
    public static func short(_ date: LocalDate, lang: Lang) -> String {
        let names = lang == .id ? shortMonthsID : shortMonthsEN
        return "\(date.day) \(names[date.month - 1]) \(date.year)"
    }

    /// A range with what the ends share written once: `14–15 Februari 2024`,
    /// `25 September – 23 November 2024`, `14 Juni 2022 – 14 Juni 2024`; one
    /// day is just `27 November 2024`. Ends given in the wrong order are swapped.
    public static func range(_ start: LocalDate, _ end: LocalDate, lang: Lang) -> String {
        let (a, b) = start <= end ? (start, end) : (end, start)
        if a == b { return medium(a, lang: lang) }
        if a.year == b.year && a.month == b.month {
            return "\(a.day)–\(b.day) \(monthName(b.month, lang: lang)) \(b.year)"
        }
        if a.year == b.year {
            return "\(a.day) \(monthName(a.month, lang: lang)) – \(medium(b, lang: lang))"
        }
        return "\(medium(a, lang: lang)) – \(medium(b, lang: lang))"
    }

    /// A stage's dates: a single day in long form (`Rabu, 27 November 2024`),
    /// a range (`25 September – 23 November 2024`), or a deadline whose start
    /// is unknown (`s.d. 26 Januari 2024` / `until 26 January 2024`).
    public static func span(_ span: DateSpan, lang: Lang) -> String {
        guard let start = span.start else {
            return "\(lang == .id ? "s.d." : "until") \(medium(span.end, lang: lang))"
        }
        if start == span.end { return long(start, lang: lang) }
        return range(start, span.end, lang: lang)
    }

    /// `08:00 WITA`.
    public static func time(hour: Int, minute: Int, zona: ZonaWaktu) -> String {
        "\(twoDigits(hour)):\(twoDigits(minute)) \(zona.rawValue)"
    }

    /// The wall-clock time of an instant in a zone: `09:15 WITA`.
    public static func time(at instant: Date, zona: ZonaWaktu) -> String {
        let seconds = zona.secondsIntoDay(at: instant)
        return time(hour: seconds / 3600, minute: seconds % 3600 / 60, zona: zona)
    }

    /// `Rabu, 20 November 2024 09:15 WITA` (`pukul` is left out: it reads fine either way).
    public static func dateTime(at instant: Date, zona: ZonaWaktu, lang: Lang) -> String {
        "\(long(zona.localDate(at: instant), lang: lang)) \(time(at: instant, zona: zona))"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 && value >= 0 ? "0\(value)" : String(value)
    }
}

/// One chat line per stage:
///
///     Pemungutan suara · Pilkada 2024 — Rabu, 27 November 2024 (H-7)
///     Voting day · Pilkada 2024 — Wednesday, 27 November 2024 (H-7, in 7 days)
///     Masa kampanye · Pemilu 2024 — 28 November 2023 – 10 Februari 2024 (sudah lewat)
///
/// Stages whose dates rest on weak or disputed sources say so at the end, so
/// nobody plans on a date the sources do not agree on without knowing it.
public enum StageLine {
    public static func render(_ hit: StageHit, today: LocalDate, lang: Lang) -> String {
        render(hit.stage, calendarName: hit.calendarName, today: today, lang: lang)
    }

    /// `calendarName` nil leaves the election out (inside `/jadwal pilkada2024`).
    public static func render(_ stage: Tahapan, calendarName: Localized?, today: LocalDate, lang: Lang) -> String {
        var line = stage.name(lang)
        if let calendarName { line += " · " + calendarName(lang) }
        line += " — " + TanggalFormat.span(stage.dates, lang: lang)
        line += " (" + Countdown(today: today, span: stage.dates).text(lang) + ")"
        if stage.conflict != nil {
            line += lang == .id ? " · sumber berbeda" : " · sources differ"
        } else if stage.uncertain != nil {
            line += lang == .id ? " · belum pasti" : " · unconfirmed"
        }
        return line
    }
}

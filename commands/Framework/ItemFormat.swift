import Foundation
import RakorCore

/// How tasks, agreements and their histories read in a chat window, and how
/// they appear in a reply's `data`. One place, so `/tugas daftar`,
/// `/tugas saya` and `/kesepakatan daftar` line up the same way.
public enum ItemFormat {
    /// Long titles are cut in lists (the full text is in `lihat`).
    public static let listTitleLength = 80

    // MARK: Dates and countdowns

    /// The countdown to a due date from the reader's today: `H-5`, `H-1, besok`,
    /// `H-0, hari ini`; a date gone by reads `terlambat 3 hari` while the item
    /// is still open (that is what an official must act on) and `sudah lewat`
    /// once it is closed.
    public static func countdown(to due: LocalDate, today: LocalDate, open: Bool, lang: Lang) -> String {
        let countdown = Countdown(today: today, until: due)
        if case .past(let days) = countdown, open {
            return lang == .id ? "terlambat \(days) hari" : (days == 1 ? "1 day overdue" : "\(days) days overdue")
        }
        return countdown.text(lang)
    }

    /// `Rabu, 27 November 2024 (H-7)`; a closed item shows the date only.
    public static func due(_ due: LocalDate, today: LocalDate, open: Bool, lang: Lang) -> String {
        let date = TanggalFormat.long(due, lang: lang)
        guard open else { return date }
        return "\(date) (\(countdown(to: due, today: today, open: open, lang: lang)))"
    }

    /// `20 Nov 2024 09:15 WITA`: when something happened, in the reader's zone.
    public static func moment(_ instant: Date, zone: ZonaWaktu, lang: Lang) -> String {
        "\(TanggalFormat.short(zone.localDate(at: instant), lang: lang)) \(TanggalFormat.time(at: instant, zona: zone))"
    }

    // MARK: Names

    /// An organisation as replies name it: its display name, or the raw id
    /// for one no longer in the directory.
    public static func orgName(_ id: String, in directory: Directory) -> String {
        directory.organisation(id: id)?.displayName ?? "@\(id)"
    }

    /// `Kesbangpol Kab. Banjar (@kesbangpol-banjar)`: name and the id to type.
    public static func orgLabel(_ id: String, in directory: Directory) -> String {
        guard let org = directory.organisation(id: id) else { return "@\(id)" }
        return "\(org.displayName) (@\(org.id))"
    }

    public static func userName(_ id: String, in directory: Directory) -> String {
        directory.user(id: id)?.name ?? id
    }

    /// Cuts `text` to `limit` characters with an ellipsis.
    public static func clip(_ text: String, _ limit: Int = listTitleLength) -> String {
        guard text.count > limit, limit > 1 else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    // MARK: List lines

    /// Two lines per task:
    /// `• T-3 Peta rawan konflik sosial [terbuka]`
    /// `  Kesbangpol Kab. Banjar · tenggat Rabu, 27 November 2024 (H-7)`
    public static func taskLine(_ tugas: Tugas, today: LocalDate, directory: Directory, lang: Lang,
                                showOrg: Bool = true) -> String {
        let open = tugas.status == .terbuka
        var second: [String] = []
        if showOrg { second.append(orgName(tugas.untukOrg, in: directory)) }
        second.append("\(lang == .id ? "tenggat" : "due") \(due(tugas.tenggat, today: today, open: open, lang: lang))")
        if let pengulangan = tugas.pengulangan { second.append(recurrence(pengulangan, lang: lang)) }
        return "• \(tugas.id) \(clip(tugas.judul)) [\(tugas.status.label(lang))]\n  " + second.joined(separator: " · ")
    }

    /// Two lines per agreement:
    /// `• K-2 [disepakati] Kesbangpol kab/kota melaporkan peta konflik …`
    /// `  Pihak: Kesbangpol Kab. Banjar · tenggat Rabu, 27 November 2024 (H-7)`
    public static func agreementLine(_ kesepakatan: Kesepakatan, today: LocalDate, directory: Directory,
                                     lang: Lang) -> String {
        var second: [String] = []
        if !kesepakatan.pihak.isEmpty {
            second.append("\(lang == .id ? "Pihak" : "Parties"): "
                          + kesepakatan.pihak.map { orgName($0, in: directory) }.joined(separator: ", "))
        }
        if let tenggat = kesepakatan.tenggat {
            second.append("\(lang == .id ? "tenggat" : "due") "
                          + due(tenggat, today: today, open: !kesepakatan.status.isFinal, lang: lang))
        }
        if let rakor = kesepakatan.rakor { second.append("\(rakor)") }
        var line = "• \(kesepakatan.id) [\(kesepakatan.status.label(lang))] \(clip(kesepakatan.isi))"
        if !second.isEmpty { line += "\n  " + second.joined(separator: " · ") }
        return line
    }

    public static func recurrence(_ pengulangan: Pengulangan, lang: Lang) -> String {
        switch (pengulangan, lang) {
        case (.bulanan, .id): "berulang bulanan"
        case (.bulanan, .en): "repeats monthly"
        case (.triwulanan, .id): "berulang triwulanan"
        case (.triwulanan, .en): "repeats quarterly"
        }
    }

    // MARK: History

    /// `20 Nov 2024 09:15 WITA · Drs. H. Heriansyah, M.Si · dibuat: …`
    public static func historyLine(_ riwayat: Riwayat, zone: ZonaWaktu, directory: Directory, lang: Lang) -> String {
        var line = "\(moment(riwayat.pada, zone: zone, lang: lang)) · \(userName(riwayat.oleh, in: directory)) · "
            + historyAction(riwayat.aksi, lang: lang)
        if let keterangan = riwayat.keterangan, !keterangan.isEmpty { line += ": \(keterangan)" }
        return line
    }

    /// The history's machine word in the reader's language.
    public static func historyAction(_ aksi: String, lang: Lang) -> String {
        let words: [String: Localized] = [
            "dibuat": Localized(id: "dibuat", en: "created"),
            "dialihkan": Localized(id: "dialihkan", en: "reassigned"),
            "selesai": Localized(id: "selesai", en: "completed"),
            "batal": Localized(id: "dibatalkan", en: "cancelled"),
            "status": Localized(id: "status diubah", en: "status changed"),
            "hibah": Localized(id: "hibah dicairkan", en: "grant disbursed"),
        ]
        return words[aksi]?(lang) ?? aksi
    }

    // MARK: Structured data

    public static func taskData(_ tugas: Tugas) -> JSONValue {
        ["id": "\(tugas.id)", "judul": .string(tugas.judul), "untuk_org": .string(tugas.untukOrg),
         "oleh_user": .string(tugas.olehUser), "oleh_org": .string(tugas.olehOrg),
         "tenggat": .string(tugas.tenggat.iso), "rakor": JSONValue(tugas.rakor?.description),
         "status": .string(tugas.status.rawValue), "pengulangan": JSONValue(tugas.pengulangan?.rawValue),
         "seri": JSONValue(tugas.seri?.description), "catatan": JSONValue(tugas.catatan)]
    }

    public static func agreementData(_ kesepakatan: Kesepakatan) -> JSONValue {
        ["id": "\(kesepakatan.id)", "rakor": JSONValue(kesepakatan.rakor?.description),
         "isi": .string(kesepakatan.isi), "pihak": .array(kesepakatan.pihak.map(JSONValue.string)),
         "tenggat": JSONValue(kesepakatan.tenggat?.iso), "status": .string(kesepakatan.status.rawValue),
         "dibuat_oleh": .string(kesepakatan.dibuatOleh), "dibuat_oleh_org": .string(kesepakatan.dibuatOlehOrg)]
    }

    public static func historyData(_ riwayat: [Riwayat]) -> JSONValue {
        .array(riwayat.map { line in
            ["pada": .string(RFC3339.format(line.pada)), "oleh": .string(line.oleh), "aksi": .string(line.aksi),
             "keterangan": JSONValue(line.keterangan)]
        })
    }

    /// `data` with `key` set: replies add a field or two to a record's data.
    /// A non-object is returned unchanged.
    public static func with(_ data: JSONValue, _ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var object) = data else { return data }
        object[key] = value
        return .object(object)
    }

    /// `berulang bulanan` → `Berulang bulanan`.
    public static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// The exact sum, or nil when it does not fit in 64 bits (`Rupiah.+`
    /// wraps; a total shown to officials must be right or absent).
    public static func sum(_ amounts: [Rupiah]) -> Rupiah? {
        var total: Int64 = 0
        for amount in amounts {
            let (next, overflow) = total.addingReportingOverflow(amount.amount)
            if overflow { return nil }
            total = next
        }
        return Rupiah(total)
    }
}

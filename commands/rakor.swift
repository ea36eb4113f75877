import RakorCore
import RakorStore

/// `/rakor …`: coordination meetings. A meeting is recorded so that the
/// agreements and tasks it produced can refer back to it (`rakor R-1`).
public enum RakorFamily {
    public static let specs: [CommandSpec] = [baru]

    static let dateKeywords: Set<String> = ["tanggal", "tgl", "date"]
    static let placeKeywords: Set<String> = ["tempat", "lokasi", "place", "venue"]

    // MARK: /rakor baru

    static let baru = CommandSpec(
        words: ["rakor", "baru"],
        aliases: [["meeting", "new"]],
        usage: Localized(id: "/rakor baru \"judul\" tanggal YYYY-MM-DD [tempat \"…\"]",
                         en: "/meeting new \"title\" date YYYY-MM-DD [place \"…\"]"),
        summary: Localized(id: "mencatat rapat koordinasi (rakor)", en: "record a coordination meeting"),
        aksi: .rakorBaru,
        mutates: true
    ) { context, arguments in
        try recordMeeting(&context, &arguments)
    }

    static func recordMeeting(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        let judul = try arguments.quoted(Localized(id: "Judul rakor", en: "The meeting title"), maxLength: 200)
        guard arguments.take(keyword: dateKeywords) else {
            throw arguments.failure(Localized(id: "Tanggal rakor belum diisi (tanggal YYYY-MM-DD).",
                                              en: "The meeting date is missing (date YYYY-MM-DD)."))
        }
        // A meeting is often recorded after it was held: any real date is fine.
        let tanggal = try arguments.date(Localized(id: "Tanggal rakor", en: "The meeting date"))
        var tempat: String?
        if arguments.take(keyword: placeKeywords) {
            tempat = try arguments.quoted(Localized(id: "Tempat", en: "The place"), maxLength: 200)
        }
        try arguments.expectEnd()

        let rakor = try context.store.rakor.insert(judul: judul, tanggal: tanggal, tempat: tempat,
                                                   penyelenggara: context.organisation.id,
                                                   dibuatOleh: context.user.id, dibuatPada: context.now)
        let data: JSONValue = [
            "id": "\(rakor.id)", "judul": .string(judul), "tanggal": .string(tanggal.iso),
            "tempat": JSONValue(tempat), "penyelenggara": .string(rakor.penyelenggara),
        ]
        context.effects.record("rakor.meeting.recorded", subject: "meeting/\(rakor.id)", data: data)

        let lang = context.lang
        var lines = [
            lang == .id ? "Rakor \(rakor.id) dicatat: \(judul)" : "Meeting \(rakor.id) recorded: \(judul)",
            "\(lang == .id ? "Tanggal" : "Date"): \(TanggalFormat.long(tanggal, lang: lang))",
        ]
        if let tempat { lines.append("\(lang == .id ? "Tempat" : "Place"): \(tempat)") }
        lines.append("\(lang == .id ? "Penyelenggara" : "Convened by"): \(context.organisation.displayName)")
        lines.append(lang == .id
            ? "Sebut rakor \(rakor.id) saat mencatat tugas dan kesepakatannya, mis. /tugas baru @org \"…\" tenggat YYYY-MM-DD rakor \(rakor.id)"
            : "Refer to meeting \(rakor.id) when recording its tasks and agreements, e.g. /task new @org \"…\" due YYYY-MM-DD meeting \(rakor.id)")
        return CommandReply(text: lines.joined(separator: "\n"), data: data)
    }
}

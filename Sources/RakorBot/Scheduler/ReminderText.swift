import Foundation
import RakorCommands
import RakorCore

/// How a scheduled message reads, in the chat's language (Indonesian unless
/// the chat subscribed in English), with dates as `Rabu, 27 November 2024`
/// and the countdown from the chat's own today (`H-3`). A late message says
/// when it should have come, so nobody mistakes a catch-up for news.
///
///     ⏰ Pengingat tahapan Pilkada 2024
///     Pemungutan suara — Rabu, 27 November 2024 (H-3)
///     Catatan: hari libur nasional (Keppres 33/2024)
///     Berhenti berlangganan: /berhenti pilkada2024
///
///     ⏰ Pengingat tugas T-2 untuk KPU Kab. Banjar
///     Data TPS rawan
///     Tenggat: Jumat, 15 November 2024 (H-1, besok)
///     Dari: Kesbangpol Kalsel
///     Jika sudah selesai: /tugas selesai T-2
///
///     ⚠️ Eskalasi: tugas T-2 melewati tenggat dan belum selesai
///     Data TPS rawan
///     Untuk: KPU Kab. Banjar (@kpu-banjar) · dari Kesbangpol Kalsel
///     Tenggat: Jumat, 15 November 2024 (terlambat 1 hari)
///     Lihat: /tugas lihat T-2
enum ReminderText {
    /// The outbound message: `id` is the reminder id, `in_reply_to` null,
    /// `late` a top-level extension member, `data` the structured facts.
    static func message(_ scheduled: ScheduledMessage, now: Date, directory: Directory) -> OutboundMessage {
        let lang = scheduled.lang
        let today = scheduled.zone.localDate(at: now)
        var lines: [String]
        var data: JSONObject = [
            "item": .string(scheduled.item.key),
            "offset": .string(scheduled.offset.description),
            "planned_at": .string(RFC3339.format(scheduled.plannedAt)),
            "zone": .string(scheduled.zone.rawValue),
            "late": .bool(scheduled.late),
        ]
        switch scheduled.item {
        case .stage(let calendarID, let calendarName, let stage):
            lines = [lang == .id ? "⏰ Pengingat tahapan \(calendarName(lang))" : "⏰ Stage reminder, \(calendarName(lang))",
                     StageLine.render(stage, calendarName: nil, today: today, lang: lang)]
            if let note = stage.note { lines.append((lang == .id ? "Catatan: " : "Note: ") + note) }
            if scheduled.late { lines.append(lateLine(scheduled)) }
            lines.append(lang == .id ? "Berhenti berlangganan: /berhenti \(calendarID)"
                                     : "Unsubscribe: /unsubscribe \(calendarID)")
            data["calendar"] = .string(calendarID)
            data["stage"] = .string(stage.id)
            data["tahap"] = .string(stage.name.id)
            data["start"] = JSONValue(stage.dates.start?.iso)
            data["end"] = .string(stage.dates.end.iso)
        case .task(let tugas):
            let due = ItemFormat.due(tugas.tenggat, today: today, open: true, lang: lang)
            let assigner = ItemFormat.orgName(tugas.olehOrg, in: directory)
            if scheduled.kind == .escalation {
                lines = [lang == .id ? "⚠️ Eskalasi: tugas \(tugas.id) melewati tenggat dan belum selesai"
                                     : "⚠️ Escalation: task \(tugas.id) is past its due date and still open",
                         tugas.judul,
                         (lang == .id ? "Untuk: " : "Assigned to: ") + ItemFormat.orgLabel(tugas.untukOrg, in: directory)
                            + (lang == .id ? " · dari " : " · by ") + assigner,
                         (lang == .id ? "Tenggat: " : "Due: ") + due]
                if scheduled.late { lines.append(lateLine(scheduled)) }
                lines.append(lang == .id ? "Lihat: /tugas lihat \(tugas.id)" : "Details: /task show \(tugas.id)")
            } else {
                let assignee = ItemFormat.orgName(tugas.untukOrg, in: directory)
                lines = [lang == .id ? "⏰ Pengingat tugas \(tugas.id) untuk \(assignee)"
                                     : "⏰ Task reminder \(tugas.id) for \(assignee)",
                         tugas.judul,
                         (lang == .id ? "Tenggat: " : "Due: ") + due,
                         (lang == .id ? "Dari: " : "From: ") + assigner]
                if let pengulangan = tugas.pengulangan {
                    lines.append(ItemFormat.sentence(ItemFormat.recurrence(pengulangan, lang: lang)) + ".")
                }
                if scheduled.late { lines.append(lateLine(scheduled)) }
                lines.append(lang == .id ? "Jika sudah selesai: /tugas selesai \(tugas.id)"
                                         : "When done: /task done \(tugas.id)")
            }
            data["task"] = ItemFormat.taskData(tugas)
        }
        var extensions = JSONObject()
        extensions["late"] = .bool(scheduled.late)
        return OutboundMessage(id: scheduled.id, kind: scheduled.kind, inReplyTo: nil, chat: scheduled.chat, ok: true,
                               text: lines.joined(separator: "\n"), data: .object(data), lang: lang,
                               extensions: extensions)
    }

    /// `⚠️ Pengingat ini terlambat; seharusnya dikirim Minggu, 24 November 2024 08:00 WITA.`
    static func lateLine(_ scheduled: ScheduledMessage) -> String {
        let planned = TanggalFormat.dateTime(at: scheduled.plannedAt, zona: scheduled.zone, lang: scheduled.lang)
        switch (scheduled.kind, scheduled.lang) {
        case (.escalation, .id): return "Eskalasi ini terlambat; seharusnya dikirim \(planned)."
        case (.escalation, .en): return "This escalation is late; it was due \(planned)."
        case (_, .id): return "Pengingat ini terlambat; seharusnya dikirim \(planned)."
        case (_, .en): return "This reminder is late; it was due \(planned)."
        }
    }
}

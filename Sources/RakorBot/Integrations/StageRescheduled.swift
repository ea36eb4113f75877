import RakorCore
import RakorStore

/// `rakor.stage.rescheduled`: one stage moved (as Pilkada 2020's voting day
/// moved from 23 September to 9 December 2020). `data`: `calendar`, `stage`,
/// either `date` or `start` + `end`, `reason`, optional `source`. Chats that
/// subscribed to that election or asked about it get a `notice`.
enum StageRescheduled {
    static func apply(_ context: inout IntegrationContext) throws -> JSONValue {
        try context.require(target: nil)
        let data = try context.object()
        let calendarID = try data.requiredString("calendar")
        let stageID = try data.requiredString("stage")
        let reason = try data.requiredString("reason")
        let source = try data.optionalString("source") ?? context.event.source
        let dates: DateSpan
        if let day = try data.optionalDate("date") {
            dates = DateSpan(day: day)
        } else {
            guard let end = try data.optionalDate("end") else {
                throw CommandFailure(.badArguments, id: "Isi 'date', atau 'start' dan 'end'.",
                                     en: "Give 'date', or 'start' and 'end'.")
            }
            guard let span = DateSpan(start: try data.optionalDate("start"), end: end) else {
                throw CommandFailure(.badArguments, id: "'start' jatuh setelah 'end'.", en: "'start' is after 'end'.")
            }
            dates = span
        }
        guard let calendar = context.catalog.calendar(named: calendarID) else {
            throw CommandFailure(.notFound, id: "Pemilihan \(calendarID) tidak dikenal.",
                                 en: "Unknown election \(calendarID).")
        }
        let change = try context.catalog.apply(StageReschedule(calendarID: calendar.id, stageID: stageID,
                                                               dates: dates, reason: reason, source: source))
        _ = try context.session.calendarChanges.append(
            CalendarChange(calendarID: change.calendarID,
                           kind: .rescheduled(stageID: change.stage.id, start: change.current.first,
                                              end: change.current.end, reason: reason, source: source),
                           eventID: context.event.id, at: context.now))

        let summary: JSONValue = [
            "calendar": .string(change.calendarID),
            "stage": .string(change.stage.id),
            "from": .string(TanggalFormat.span(change.previous, lang: .en)),
            "to": .string(TanggalFormat.span(change.current, lang: .en)),
            "start": .string(change.current.first.iso),
            "end": .string(change.current.end.iso),
            "reason": .string(reason),
        ]
        context.effects.record("rakor.stage.rescheduled", subject: "calendar/\(change.calendarID)/\(change.stage.id)",
                               data: summary)
        let text = """
            📅 Perubahan jadwal \(change.calendarName.id): \(change.stage.name.id) dipindah dari \
            \(TanggalFormat.span(change.previous, lang: .id)) ke \(TanggalFormat.span(change.current, lang: .id)). \
            Alasan: \(reason).
            Schedule change, \(change.calendarName.en): \(change.stage.name.en) moved from \
            \(TanggalFormat.span(change.previous, lang: .en)) to \(TanggalFormat.span(change.current, lang: .en)).
            """
        var chats = try context.session.subscriptions.chats(subscribedTo: change.calendarID)
        for chat in try context.session.subscriptions.chats(thatAsked: change.calendarID) where !chats.contains(chat) {
            chats.append(chat)
        }
        for chat in chats {
            context.effects.notify(chat: chat, text: text, data: summary)
        }
        return summary
    }
}

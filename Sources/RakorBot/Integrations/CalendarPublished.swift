import RakorCore
import RakorStore

/// `rakor.calendar.published`: a new election schedule (e.g. Pemilu 2029 once
/// KPU publishes it). `data` is a calendar document (the format of the
/// shipped calendar files) as a JSON object, or as YAML/JSON text. It is
/// validated in full, logged for replay at start-up, and served at once by
/// `/jadwal` and `/tenggat`.
enum CalendarPublished {
    static func apply(_ context: inout IntegrationContext) throws -> JSONValue {
        try context.require(target: nil)
        let text: String
        switch try context.event.jsonData() {
        case .string(let document)?: text = document
        case .object(let object)?: text = String(decoding: JSONWriter.serialize(.object(object)), as: UTF8.self)
        default:
            throw CommandFailure(.badArguments, id: "Data harus berupa dokumen kalender.",
                                 en: "The data must be a calendar document.")
        }
        let calendar: ElectionCalendar
        do {
            calendar = try CalendarDocument.parse(text: text)
        } catch {
            throw error.failure()
        }
        let replaced = context.catalog.publish(calendar)
        _ = try context.session.calendarChanges.append(
            CalendarChange(calendarID: calendar.id, kind: .published(document: text),
                           eventID: context.event.id, at: context.now))
        let summary: JSONValue = [
            "calendar": .string(calendar.id),
            "name": .string(calendar.name.id),
            "stages": JSONValue(calendar.stages.count),
            "replaced": .bool(replaced != nil),
        ]
        context.effects.record("rakor.calendar.published", subject: "calendar/\(calendar.id)", data: summary)
        return summary
    }
}

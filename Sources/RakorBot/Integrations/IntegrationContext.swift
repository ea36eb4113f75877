import Foundation
import RakorCommands
import RakorCore
import RakorStore

/// What an integrator event handler may know and touch: the event, who sent
/// it, the directory, the batch's store session and the calendars. Effects
/// (audit events per state change, notices) are collected like a command's.
struct IntegrationContext {
    let event: CloudEvent
    let integrator: Integrator
    let directory: Directory
    let session: StoreSession
    let now: Date
    var catalog: CalendarCatalog
    var effects = CommandEffects()

    /// The event's `data` as a JSON object, or `bad_arguments`.
    func object() throws(CommandFailure) -> JSONObject {
        let data: JSONValue?
        do {
            data = try event.jsonData()
        } catch {
            throw CommandFailure(.badArguments, id: "Data peristiwa tidak dapat dibaca: \(error.message)",
                                 en: "The event data cannot be read: \(error.message)")
        }
        guard let object = data?.objectValue else {
            throw CommandFailure(.badArguments, id: "Data peristiwa harus berupa objek JSON.",
                                 en: "The event data must be a JSON object.")
        }
        return object
    }

    /// Refuses unless this integrator may post this event about `target`.
    func require(target: Organisation?) throws(CommandFailure) {
        try PermissionPolicy.requireEvent(type: event.type, from: integrator, target: target, in: directory)
    }

    /// The chats of organisations, for notices, without repeats.
    func chats(of orgIDs: some Sequence<String>) -> [String] {
        var seen = Set<String>()
        return orgIDs.flatMap { directory.organisation(id: $0)?.chats ?? [] }.filter { seen.insert($0).inserted }
    }
}

/// Field readers for event data with clear `bad_arguments` messages.
extension JSONObject {
    func requiredString(_ key: String) throws(CommandFailure) -> String {
        guard let value = self[key]?.stringValue, !value.isEmpty else {
            throw CommandFailure(.badArguments, id: "Kolom '\(key)' wajib berupa teks.",
                                 en: "Field '\(key)' is required and must be a string.")
        }
        return value
    }

    func optionalString(_ key: String) throws(CommandFailure) -> String? {
        guard let value = self[key], !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw CommandFailure(.badArguments, id: "Kolom '\(key)' harus berupa teks.",
                                 en: "Field '\(key)' must be a string.")
        }
        return text
    }

    func optionalDate(_ key: String) throws(CommandFailure) -> LocalDate? {
        guard let text = try optionalString(key) else { return nil }
        guard let date = LocalDate(iso: text) else {
            throw CommandFailure(.badArguments, id: "Kolom '\(key)' harus tanggal YYYY-MM-DD.",
                                 en: "Field '\(key)' must be a YYYY-MM-DD date.")
        }
        return date
    }

    func requiredInt(_ key: String, in range: ClosedRange<Int64>) throws(CommandFailure) -> Int64 {
        guard let value = self[key]?.intValue, range.contains(value) else {
            throw CommandFailure(.badArguments,
                                 id: "Kolom '\(key)' wajib bilangan bulat \(range.lowerBound)–\(range.upperBound).",
                                 en: "Field '\(key)' must be an integer \(range.lowerBound)–\(range.upperBound).")
        }
        return value
    }
}

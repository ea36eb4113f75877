import RakorCommands
import RakorCore
import RakorStore

/// `rakor.task.completed`: a document system closes a task when the report
/// it asked for is filed. `data`: `task` (`T-n`), optional `note`, optional
/// `document` (a reference or URL). Same rules as `/tugas selesai`: an
/// unknown task is `not_found`, a closed one `conflict`.
enum TaskCompletedByIntegrator {
    static func apply(_ context: inout IntegrationContext) throws -> JSONValue {
        let data = try context.object()
        let taskText = try data.requiredString("task")
        guard let taskID = ItemID(parsing: taskText, expected: .tugas) else {
            throw CommandFailure(.badArguments, id: "'\(taskText)' bukan nomor tugas (T-n).",
                                 en: "'\(taskText)' is not a task id (T-n).")
        }
        guard let task = try context.session.tugas.find(taskID) else {
            throw CommandFailure(.notFound, id: "Tugas \(taskID) tidak ditemukan.", en: "Task \(taskID) not found.")
        }
        try context.require(target: context.directory.organisation(id: task.untukOrg))
        let note = [try data.optionalString("note"), try data.optionalString("document")]
            .compactMap { $0 }.joined(separator: " · ")
        let completion = try TugasCompletion.complete(task, by: context.integrator.id, note: note.isEmpty ? nil : note,
                                                      at: context.now, session: context.session)
        var summary: JSONObject = ["task": .string(taskID.description), "org": .string(task.untukOrg)]
        if let document = try data.optionalString("document") { summary["document"] = .string(document) }
        if let next = completion.next {
            summary["next"] = .string(next.id.description)
            if completion.nextCreated {
                // Audited like the next period `/tugas selesai` opens.
                context.effects.record("rakor.task.assigned", subject: "task/\(next.id)", data: ItemFormat.with(ItemFormat.taskData(next), "sebelumnya", .string(taskID.description)))
            }
        }
        context.effects.record("rakor.task.completed", subject: "task/\(taskID)", data: .object(summary))
        let text = "✅ \(taskID) \"\(task.judul)\" diselesaikan melalui \(context.integrator.name)."
            + (completion.next.map { " Periode berikutnya: \($0.id), tenggat \($0.tenggat.iso)." } ?? "")
        for chat in context.chats(of: [task.olehOrg, task.untukOrg]) {
            context.effects.notify(chat: chat, text: text, data: .object(summary))
        }
        return .object(summary)
    }
}

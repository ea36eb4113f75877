import Foundation
import RakorCommands
import RakorCore
import RakorStore

extension BatchRun {
    /// A decoded, authenticated, first-seen integrator event: type allowlist,
    /// then its handler in a savepoint; a refusal goes to the dead-letter
    /// topic. Either way: one audit event and a ledger row.
    mutating func handleEvent(_ event: CloudEvent, integrator: Integrator, record: InputRecord, key: String) throws {
        guard integrator.allows(type: event.type) else {
            let failure = CommandFailure(.forbidden,
                                         id: "Integrator \(integrator.id) tidak diizinkan mengirim \(event.type).",
                                         en: "Integrator \(integrator.id) may not post \(event.type).")
            try rejectEvent(event, integrator: integrator, record: record, key: key, failure: failure)
            return
        }
        guard let handler = IntegrationHandlers.handler(for: event.type) else {
            let failure = CommandFailure(.unknownCommand, id: "Jenis peristiwa tidak dikenal: \(event.type).",
                                         en: "Unknown event type: \(event.type).")
            try rejectEvent(event, integrator: integrator, record: record, key: key, failure: failure)
            return
        }
        var context = IntegrationContext(event: event, integrator: integrator, directory: directory,
                                         session: session, now: now, catalog: state.catalog)
        let summary: JSONValue
        do {
            summary = try session.savepoint { try handler(&context) }
        } catch let failure as CommandFailure {
            try rejectEvent(event, integrator: integrator, record: record, key: key, failure: failure)
            return
        }
        state.catalog = context.catalog
        try writer.audit(type: AuditTypes.accepted, subject: "event/\(event.type)/\(event.id)", time: now,
                         actor: integrator.id, correlationID: event.id,
                         data: ["type": .string(event.type), "source": .string(event.source), "result": summary])
        try writeEffects(context.effects, actor: integrator.id, correlationID: event.id, chat: nil)
        tally.event(event.type, nil)
        try settle(key, outcome: .accepted, reply: nil)
    }

    private mutating func rejectEvent(_ event: CloudEvent, integrator: Integrator, record: InputRecord, key: String,
                                      failure: CommandFailure) throws {
        try writer.deadLetter(record, code: failure.code, message: failure.message.en)
        tally.deadLettered += 1
        try writer.audit(type: AuditTypes.rejected, subject: "event/\(event.type)/\(event.id)", time: now,
                         actor: integrator.id, correlationID: event.id,
                         data: ["type": .string(event.type), "source": .string(event.source),
                                "code": .string(failure.code.rawValue), "message": .string(failure.message.en)])
        tally.event(event.type, failure)
        try settle(key, outcome: .rejected(failure.code), reply: nil)
    }
}

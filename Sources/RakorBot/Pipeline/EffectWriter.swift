import Foundation
import RakorCommands
import RakorCore
import RakorStore

/// What a scheduled job (reminders, escalations) may write: messages to
/// chats and audit events, into the outbox of the current transaction, on
/// the bot's one audit chain. Handed out by `BatchProcessor.emit`.
struct EffectWriter {
    var run: BatchRun

    init(run: BatchRun) {
        self.run = run
    }

    var session: StoreSession { run.session }
    var now: Date { run.now }
    var directory: Directory { run.directory }
    var calendars: CalendarCatalog { run.state.catalog }

    mutating func send(_ message: OutboundMessage) throws {
        try run.writer.message(message)
        if message.kind != .reply { run.tally.notices += 1 }
    }

    mutating func audit(type: String, subject: String?, actor: String, correlationID: String?,
                        data: JSONValue?) throws {
        try run.writer.audit(type: type, subject: subject, time: run.now, actor: actor,
                             correlationID: correlationID, data: data)
    }
}

import Foundation
import RakorCommands
import RakorCore
import RakorStore

extension BatchRun {
    /// A decoded, authenticated, first-seen command: rate limit, directory,
    /// dispatch, then reply + audit + ledger, all in this transaction.
    mutating func handleCommand(_ envelope: CommandEnvelope, key: String) throws {
        let user = directory.user(id: envelope.sender)
        let lang = envelope.lang ?? user?.lang ?? .id

        guard state.rateLimiter.allow(envelope.sender, at: now) else {
            let wait = Int(state.rateLimiter.retryAfter(envelope.sender).rounded(.up))
            let failure = CommandFailure(.rateLimited,
                                         id: "Terlalu banyak perintah; coba lagi dalam \(max(wait, 1)) detik.",
                                         en: "Too many commands; try again in \(max(wait, 1)) seconds.")
            try settleCommand(envelope, key: key, lang: lang, command: nil, result: .failure(failure))
            return
        }
        guard let user else {
            let failure = CommandFailure(.forbidden,
                                         id: "Pengirim \(envelope.sender) tidak terdaftar di direktori rakorbot.",
                                         en: "Sender \(envelope.sender) is not in rakorbot's directory.")
            try settleCommand(envelope, key: key, lang: lang, command: nil, result: .failure(failure))
            return
        }
        let outcome = CommandDispatcher.dispatch(
            text: envelope.text, commandID: envelope.id, chat: envelope.chat, user: user,
            envelopeLang: envelope.lang, now: now, directory: directory, calendars: state.catalog,
            registry: processor.registry, store: session)
        try settleCommand(envelope, key: key, lang: outcome.lang, command: outcome.command, result: outcome.result,
                          effects: outcome.effects)
    }

    /// Writes everything a handled command leaves behind, in order: the
    /// reply, the accepted/rejected audit event, one audit event per state
    /// change, notices, inquiries, and the ledger row.
    private mutating func settleCommand(_ envelope: CommandEnvelope, key: String, lang: Lang, command: String?,
                                        result: DispatchOutcome.Result,
                                        effects: CommandEffects = CommandEffects()) throws {
        let reply: OutboundMessage
        let failure: CommandFailure?
        switch result {
        case .reply(let answer):
            reply = .reply(to: envelope.id, chat: envelope.chat, text: answer.text, data: answer.data, lang: lang)
            failure = nil
        case .failure(let refused):
            reply = .failure(to: envelope.id, chat: envelope.chat, failure: refused, lang: lang)
            failure = refused
        case .internalError(let message):
            processor.logInternalError(commandID: envelope.id, message: message)
            let internalFailure = CommandFailure(.internal, id: "Terjadi kesalahan internal; silakan coba lagi.",
                                                 en: "An internal error occurred; please try again.")
            reply = .failure(to: envelope.id, chat: envelope.chat, failure: internalFailure, lang: lang)
            failure = internalFailure
        }
        let replyBytes = try writer.message(reply)

        var data: JSONObject = ["chat": .string(envelope.chat), "lang": .string(lang.rawValue), "reply": .string(reply.id)]
        if let command { data["command"] = .string(command) }
        data["text"] = .string(String(envelope.text.prefix(settings.auditTextLimit)))
        if let failure {
            data["code"] = .string(failure.code.rawValue)
            data["message"] = .string(failure.message.en)
        }
        try writer.audit(type: failure == nil ? AuditTypes.accepted : AuditTypes.rejected,
                         subject: "command/\(envelope.id)", time: now, actor: envelope.sender,
                         correlationID: envelope.id, data: .object(data))
        try writeEffects(effects, actor: envelope.sender, correlationID: envelope.id, chat: envelope.chat)
        tally.command(command, failure)
        try settle(key, outcome: failure.map { .rejected($0.code) } ?? .accepted, reply: replyBytes)
    }

    /// State-change audit events, notices to other chats, and inquiries
    /// (deduplicated) of a command or integrator event.
    mutating func writeEffects(_ effects: CommandEffects, actor: String, correlationID: String, chat: String?) throws {
        for entry in effects.audit {
            try writer.audit(type: entry.type, subject: entry.subject, time: now, actor: actor,
                             correlationID: correlationID, data: entry.data)
        }
        for (index, notice) in effects.notices.enumerated() {
            let kind = OutboundMessage.Kind(rawValue: notice.kind) ?? .notice
            try writer.message(OutboundMessage(id: "n-\(correlationID)-\(index + 1)", kind: kind, inReplyTo: nil,
                                               chat: notice.chat, ok: true, text: notice.text, data: notice.data))
            tally.notices += 1
        }
        if let chat {
            for election in effects.inquiries where state.inquiries.firstTime(chat: chat, election: election) {
                try session.subscriptions.recordInquiry(chat: chat, election: election, at: now)
            }
        }
    }

    /// Truncated logs reported by the consumer: never skipped silently.
    mutating func auditOffsetResets(_ resets: [OffsetResetNotice]) throws {
        for reset in resets {
            try writer.audit(type: AuditTypes.offsetReset, subject: "partition/\(reset.topic)/\(reset.partition)",
                             time: now, actor: "rakorbot/\(settings.instance)", correlationID: nil,
                             data: ["topic": .string(reset.topic), "partition": JSONValue(Int(reset.partition)),
                                    "offset": .int(reset.offset), "message": .string(reset.message)])
            tally.offsetResets += 1
        }
    }
}

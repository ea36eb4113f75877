import RakorCore

/// A record after the checks that need no state: size, signature, decoding,
/// and for events the integrator's identity.
struct Prepared {
    enum Kind {
        case command(CommandEnvelope)
        case event(CloudEvent, Integrator)
        case refused(Refusal)
    }

    var kind: Kind
    /// `cmd:<id>`, `evt:<source>:<id>` or `raw:<topic>:<partition>:<offset>`.
    var ledgerKey: String
    /// Where a reply (or a re-sent reply) goes, if anywhere.
    var replyChat: String?
}

/// Why a record was refused before a command could run.
struct Refusal {
    var failure: CommandFailure
    /// The envelope's id when it could be read, for `in_reply_to`.
    var commandID: String?
    var replyChat: String?
    var lang: Lang = .id
    /// Who the audit event names: the claimed sender or integrator, else `unknown`.
    var actor: String
    var subject: String
    /// Input that is not a valid message keeps its bytes in the dead-letter topic.
    var deadLetter: Bool
}

extension BatchRun {
    /// The longest event `id`, `source` or `type` accepted (command ids stop at 128).
    static let maxEventAttributeLength = 256

    func prepare(_ record: InputRecord) -> Prepared {
        switch record.topic {
        case TopicNames.commands: prepareCommand(record)
        case TopicNames.events: prepareEvent(record)
        default:
            refused(record, CommandFailure(.invalidEnvelope, id: "Topik tidak dikenal: \(record.topic).",
                                           en: "Unknown topic: \(record.topic)."), deadLetter: true)
        }
    }

    private func refused(_ record: InputRecord, _ failure: CommandFailure, commandID: String? = nil,
                         actor: String = "unknown", deadLetter: Bool, reply: Bool = true) -> Prepared {
        let chat = reply ? record.chatFromKey : nil
        let subject = commandID.map { "command/\($0)" } ?? "record/\(record.topic)/\(record.partition)/\(record.offset)"
        return Prepared(kind: .refused(Refusal(failure: failure, commandID: commandID, replyChat: chat, actor: actor,
                                               subject: subject, deadLetter: deadLetter)),
                        ledgerKey: record.rawLedgerKey, replyChat: chat)
    }

    private func prepareCommand(_ record: InputRecord) -> Prepared {
        guard let value = record.value, !value.isEmpty else {
            return refused(record, CommandFailure(.invalidEnvelope, id: "Pesan kosong (tanpa isi).",
                                                  en: "Empty message (no value)."), deadLetter: true)
        }
        guard value.count <= CommandEnvelope.maxValueBytes else {
            return refused(record, CommandFailure(.tooLarge,
                                                  id: "Pesan terlalu besar (\(value.count) bita; maks. \(CommandEnvelope.maxValueBytes)).",
                                                  en: "Message too large (\(value.count) bytes; max \(CommandEnvelope.maxValueBytes))."),
                           deadLetter: true)
        }
        if let keys = settings.bridgeKeys {
            let verdict = keys.verify(value: value, keyIDHeader: record.header(HMACKeyRing.headerKeyID).map(Array.init),
                                      signatureHeader: record.header(HMACKeyRing.headerSignature).map(Array.init))
            if case .failure(let error) = verdict {
                return refused(record, CommandFailure(.unauthenticated, error.message), deadLetter: true)
            }
        }
        let envelope: CommandEnvelope
        do throws(EnvelopeError) {
            envelope = try CommandEnvelope.decode(value)
        } catch {
            return refused(record, CommandFailure(error.code, error.message), commandID: error.id, deadLetter: true)
        }
        return Prepared(kind: .command(envelope), ledgerKey: "cmd:" + envelope.id, replyChat: envelope.chat)
    }

    private func prepareEvent(_ record: InputRecord) -> Prepared {
        let event: CloudEvent
        do throws(CloudEventError) {
            event = try CloudEvent.decode(value: record.value.map(Array.init),
                                          headers: record.headers.map { ($0.name, $0.value.map(Array.init)) })
        } catch {
            return refused(record, CommandFailure(error.code, id: error.message, en: error.message),
                           deadLetter: true, reply: false)
        }
        // Ids, sources and types name the event in the ledger and the audit
        // stream: a megabyte-long one would make both unpublishable.
        for (name, text) in [("id", event.id), ("source", event.source), ("type", event.type)]
        where TextRules.scalarCount(text) > Self.maxEventAttributeLength {
            return refused(record, CommandFailure(.invalidEnvelope,
                                                  id: "Atribut \(name) lebih dari \(Self.maxEventAttributeLength) karakter.",
                                                  en: "Attribute \(name) is longer than \(Self.maxEventAttributeLength) characters."),
                           deadLetter: true, reply: false)
        }
        guard let integrator = directory.integrator(source: event.source) else {
            return refused(record, CommandFailure(.forbidden,
                                                  id: "Sumber \(event.source) bukan integrator terdaftar.",
                                                  en: "Source \(event.source) is not a registered integrator."),
                           actor: event.source, deadLetter: true, reply: false)
        }
        if let keys = settings.integratorKeys {
            let keyID = record.header(HMACKeyRing.headerKeyID).map(Array.init)
            let signed = EventSigning.signedBytes(value: record.value.map(Array.init),
                                                  headers: record.headers.map { ($0.name, $0.value.map(Array.init)) })
            let verdict = keys.verify(value: signed, keyIDHeader: keyID,
                                      signatureHeader: record.header(HMACKeyRing.headerSignature).map(Array.init))
            switch verdict {
            case .failure(let error):
                return refused(record, CommandFailure(.unauthenticated, error.message), actor: integrator.id,
                               deadLetter: true, reply: false)
            case .success(let usedKey) where !integrator.allows(keyID: usedKey):
                return refused(record, CommandFailure(.unauthenticated,
                                                      id: "Kunci \(usedKey) bukan milik integrator \(integrator.id).",
                                                      en: "Key \(usedKey) does not belong to integrator \(integrator.id)."),
                               actor: integrator.id, deadLetter: true, reply: false)
            case .success:
                break
            }
        }
        return Prepared(kind: .event(event, integrator), ledgerKey: "evt:\(event.source):\(event.id)", replyChat: nil)
    }
}

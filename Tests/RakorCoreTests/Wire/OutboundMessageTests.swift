import Testing
@testable import RakorCore

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

private func decodeError(_ json: String) -> WireDecodingError? {
    do {
        _ = try OutboundMessage.decode(Array(json.utf8))
        return nil
    } catch {
        return error
    }
}

@Suite struct OutboundMessageTests {
    @Test func encodesAReplyInContractShape() {
        let reply = OutboundMessage.reply(to: "9f1c", chat: "wa:group-kesbangpol-kalsel",
                                          text: "Pemungutan suara Pilkada 2024: Rabu, 27 November 2024",
                                          data: ["stage": "pemungutan", "date": "2024-11-27"], lang: .id)
        #expect(text(reply.encode()) == #"{"id":"r-9f1c","kind":"reply","in_reply_to":"9f1c","chat":"wa:group-kesbangpol-kalsel","ok":true,"text":"Pemungutan suara Pilkada 2024: Rabu, 27 November 2024","lang":"id","data":{"stage":"pemungutan","date":"2024-11-27"}}"#)
    }

    @Test func unsolicitedMessagesHaveNullInReplyTo() {
        var reminder = OutboundMessage(id: "rem-pilkada2024-kampanye-h1", kind: .reminder, inReplyTo: nil,
                                       chat: "wa:g", ok: true, text: "H-1 kampanye")
        reminder.extensions["late"] = true
        reminder.extensions["text"] = "ignored: contract members win"
        #expect(text(reminder.encode()) == #"{"id":"rem-pilkada2024-kampanye-h1","kind":"reminder","in_reply_to":null,"chat":"wa:g","ok":true,"text":"H-1 kampanye","late":true}"#)
    }

    @Test func failedReply() throws {
        let failure = CommandFailure(.forbidden, id: "Anda tidak berwenang.", en: "You are not allowed.")
        let reply = OutboundMessage.failure(to: "c-1", chat: "wa:g", failure: failure, lang: .en)
        #expect(text(reply.encode()) == #"{"id":"r-c-1","kind":"reply","in_reply_to":"c-1","chat":"wa:g","ok":false,"text":"You are not allowed.","lang":"en","error":{"code":"forbidden","message":"You are not allowed."}}"#)
        let undecodable = OutboundMessage.failure(to: nil, replyID: "r-rakor.commands-0-17", chat: "",
                                                  failure: CommandFailure(.invalidEnvelope, Localized("x")), lang: .id)
        #expect(undecodable.id == "r-rakor.commands-0-17")
        #expect(undecodable.inReplyTo == nil)
        #expect(try OutboundMessage.decode(undecodable.encode()) == undecodable)
    }

    @Test func appendsIntoABuffer() {
        var buffer: [UInt8] = Array("x".utf8)
        let message = OutboundMessage(id: "n", kind: .notice, inReplyTo: nil, chat: "c", ok: true, text: "t")
        message.encode(into: &buffer)
        #expect(text(buffer) == #"x{"id":"n","kind":"notice","in_reply_to":null,"chat":"c","ok":true,"text":"t"}"#)
    }

    @Test func writesIntoALargerDocument() {
        let first = OutboundMessage(id: "a", kind: .notice, inReplyTo: nil, chat: "c", ok: true, text: "1")
        let second = OutboundMessage.reply(to: "b", chat: "c", text: "2")
        var writer = JSONWriter()
        writer.beginArray()
        first.write(to: &writer)
        second.write(to: &writer)
        writer.endArray()
        #expect(text(writer.finish()) == "[" + text(first.encode()) + "," + text(second.encode()) + "]")
    }

    @Test func roundTripsEveryKind() throws {
        for kind in OutboundMessage.Kind.allCases {
            var message = OutboundMessage(id: "id-\(kind)", kind: kind, inReplyTo: kind == .reply ? "c" : nil, chat: "wa:g",
                                          ok: kind != .escalation, text: "teks \"kutip\"\n😀",
                                          data: kind == .notice ? nil : ["n": 1, "list": [nil, 2.5]],
                                          error: kind == .escalation ? .init(code: .conflict, message: "m") : nil,
                                          lang: kind == .reminder ? .en : nil)
            message.extensions["late"] = .bool(kind == .reminder)
            message.extensions["attempt"] = 2
            let decoded = try OutboundMessage.decode(message.encode())
            #expect(decoded == message)
            #expect(decoded.extensions.keys == ["late", "attempt"])
        }
    }

    @Test func replyIDIsDerivedFromTheCommandID() {
        #expect(OutboundMessage.replyID(for: "9f1c") == "r-9f1c")
    }

    @Test(arguments: [
        ("not json", nil as String?),
        ("[]", nil),
        (#"{"kind":"reply","in_reply_to":null,"chat":"c","ok":true,"text":"t"}"#, "id"),
        (#"{"id":1,"kind":"reply","in_reply_to":null,"chat":"c","ok":true,"text":"t"}"#, "id"),
        (#"{"id":"i","kind":"shout","in_reply_to":null,"chat":"c","ok":true,"text":"t"}"#, "kind"),
        (#"{"id":"i","kind":"reply","in_reply_to":5,"chat":"c","ok":true,"text":"t"}"#, "in_reply_to"),
        (#"{"id":"i","kind":"reply","in_reply_to":null,"chat":"c","ok":"yes","text":"t"}"#, "ok"),
        (#"{"id":"i","kind":"reply","in_reply_to":null,"chat":"c","text":"t"}"#, "ok"),
        (#"{"id":"i","kind":"reply","in_reply_to":null,"chat":"c","ok":true}"#, "text"),
        (#"{"id":"i","kind":"reply","in_reply_to":null,"chat":"c","ok":true,"text":"t","lang":"fr"}"#, "lang"),
        (#"{"id":"i","kind":"reply","in_reply_to":null,"chat":"c","ok":false,"text":"t","error":"x"}"#, "error"),
        (#"{"id":"i","kind":"reply","in_reply_to":null,"chat":"c","ok":false,"text":"t","error":{"code":"nope","message":"m"}}"#, "error.code"),
        (#"{"id":"i","kind":"reply","in_reply_to":null,"chat":"c","ok":false,"text":"t","error":{"code":"internal"}}"#, "error.message"),
    ])
    func decodeRefusesMalformedMessages(json: String, field: String?) {
        let error = decodeError(json)
        #expect(error != nil)
        #expect(error?.field == field)
    }
}

import Foundation
import Kafka
@testable import RakorBot
import RakorCore
import RakorStore
import Testing

/// Kafka refuses records over ~1 MB for good, and a committed row the relay
/// can never deliver holds back every later batch's offsets. So nothing the
/// bot writes may exceed `OutboxWriter.maxMessageBytes`, whatever it is sent.
@Suite("Output size bounds")
struct OutputSizeTests {
    func rowSize(_ row: OutboxRow) -> Int {
        (row.key?.count ?? 0) + row.value.count + row.headers.reduce(0) { $0 + $1.name.utf8.count + ($1.value?.count ?? 0) }
    }

    @Test func anOversizedInputIsDeadLetteredAsAMarkedPrefix() throws {
        let h = try ProcessorHarness()
        let value = Array(repeating: UInt8(ascii: "x"), count: 1_100_000)
        let out = try h.run([h.raw(value, key: "wa:test-chat", headers: [InputRecord.Header("trace", "t-1")])])
        let letter = try #require(out.deadLetters.first)
        #expect(letter.header("error_code") == "too_large")
        #expect(letter.header("original_value_bytes") == "1100000")
        #expect(letter.header("trace") == "t-1")
        #expect(letter.keyText == "wa:test-chat")
        #expect(letter.value.count < value.count)
        #expect(letter.value == Array(value.prefix(letter.value.count)))
        #expect(rowSize(letter) <= OutboxWriter.maxMessageBytes)
        #expect(out.replies.first?.error?.code == .tooLarge)
    }

    @Test func anOversizedKeyAndHeadersAreCutToo() throws {
        let h = try ProcessorHarness()
        let key = Array(repeating: UInt8(ascii: "k"), count: 300_000)
        let headers = (0..<10).map { InputRecord.Header(name: "h\($0)", value: Array(repeating: UInt8(ascii: "v"), count: 30_000)[...]) }
        let record = InputRecord(topic: TopicNames.commands, offset: 1, key: key[...],
                                 value: Array(repeating: UInt8(ascii: "x"), count: 500_000)[...], headers: headers)
        let out = try h.run([record])
        let letter = try #require(out.deadLetters.first)
        #expect(letter.key == Array(key.prefix(4096)))
        #expect(letter.header("original_key_bytes") == "300000")
        #expect(letter.header("dropped_headers") == "10")
        #expect(letter.header("h0") == nil)
        #expect(letter.header("original_value_bytes") == nil, "the value fits once the key and headers are cut")
        #expect(letter.value.count == 500_000)
        #expect(rowSize(letter) <= OutboxWriter.maxMessageBytes)
        #expect(out.replies.isEmpty, "a 300 kB key names no chat")
    }

    @Test func aSmallInputIsCopiedUnchangedWithoutExtraHeaders() throws {
        let h = try ProcessorHarness()
        let out = try h.run([h.raw("not json")])
        let names = try #require(out.deadLetters.first).headers.map(\.name)
        #expect(names == ["source_topic", "source_partition", "source_offset", "error_code", "error_message"])
    }

    @Test func anAnswerTooLargeToPublishBecomesATooLargeFailure() throws {
        // A calendar an integrator may legitimately publish (under 1 MiB, at
        // most 1000 stages) whose whole schedule does not fit in one record.
        let h = try ProcessorHarness()
        let long = String(repeating: "panjang ", count: 30)
        var document = Events.testCalendar + "\n"
        for index in 0..<998 {
            document += "  - {id: s-\(index), tahap: Tahapan \(long) \(index), en: Stage \(long) \(index), note: \(long), "
                + "date: 2099-01-\(String(format: "%02d", index % 28 + 1)), source: Data uji rakorbot}\n"
        }
        let published = try h.run([h.event(Events.calendarPublished(id: "big-cal", document: document))])
        try #require(published.auditTypes == ["rakor.command.accepted", "rakor.calendar.published"])

        let out = try h.run([h.command("/jadwal ujicoba2099", as: "u-heriansyah", id: "huge-reply")])
        let row = try #require(out.replyRow(to: "huge-reply"))
        #expect(rowSize(row) <= OutboxWriter.maxMessageBytes)
        let reply = try #require(out.reply(to: "huge-reply"))
        #expect(reply.id == "r-huge-reply")
        #expect(!reply.ok)
        #expect(reply.error?.code == .tooLarge)
        #expect(reply.lang == .id)
        #expect(reply.text.contains("terlalu besar"), "\(reply.text)")
        #expect(try h.ledger("cmd:huge-reply")?.reply == row.value)
        // Narrower questions about the same calendar are answered.
        #expect(try h.ask("/tenggat 2099-11-25", as: "u-heriansyah").ok)
    }

    @Test func overlongEventAttributesAreRefusedBeforeTheyReachTheLedgerOrTheAudit() throws {
        let h = try ProcessorHarness()
        let longID = String(repeating: "e", count: 300_000)
        let out = try h.run([
            h.event(Events.make("rakor.task.completed", id: longID, source: Events.naskah, data: ["task": "T-1"])),
            h.event(Events.make("rakor.task.completed", id: "e-1", source: String(repeating: "s", count: 257), data: nil)),
        ])
        #expect(out.deadLetters.map { $0.header("error_code") } == ["invalid_envelope", "invalid_envelope"])
        #expect(out.deadLetters.first?.header("error_message")?.contains("id") == true)
        #expect(out.auditTypes == ["rakor.command.rejected", "rakor.command.rejected"])
        #expect(out.rows.allSatisfy { rowSize($0) <= OutboxWriter.maxMessageBytes })
        #expect(out.audit.allSatisfy { ($0["actor"]?.stringValue ?? "").count < 300 })
        #expect(try h.ledger("raw:rakor.events:0:0") != nil)
        // 256 characters are still fine.
        let fine = try h.run([h.event(Events.make("rakor.task.completed", id: String(repeating: "e", count: 256),
                                                  source: Events.naskah, data: ["task": "T-1"]))])
        #expect(fine.deadLetters.first?.header("error_code") == "not_found")
    }

    @Test func auditDataTooLargeForOneRecordIsSummarisedAndStillChains() throws {
        let store = try RakorStore.inMemory()
        let result = try store.writeSync { session -> ([OutboxRow], AuditHead) in
            var writer = OutboxWriter(session: session, chain: AuditChain(chainID: "rakorbot"))
            let huge = String(repeating: "masalah; ", count: 150_000)
            try writer.audit(type: "rakor.command.rejected", subject: "event/x/1", time: Date(timeIntervalSince1970: 0),
                             actor: "kpu-ri", correlationID: "1",
                             data: ["code": "bad_arguments", "message": .string(huge)])
            try writer.audit(type: "rakor.command.accepted", subject: "command/2", time: Date(timeIntervalSince1970: 0),
                             actor: "u-heriansyah", correlationID: "2", data: ["code": "ok"])
            return (writer.rows, writer.chain.head)
        }
        let (rows, head) = result
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { rowSize($0) <= OutboxWriter.maxMessageBytes })
        let first = try #require(try JSONParser().parse(rows[0].value).objectValue)
        #expect(first["data"]?["code"] == "bad_arguments")
        #expect(first["data"]?["message"]?["omitted_bytes"] == .int(1_350_002))
        var verifier = AuditVerifier()
        for row in rows { verifier.verify(row.value, chain: "rakorbot") }
        #expect(verifier.summary.isValid, "\(verifier.summary.problems)")
        #expect(verifier.summary.chains.first?.lastSequence == 2)
        #expect(head.sequence == 2)
    }

    @Test func clippingKeepsWholeCharacters() {
        #expect(OutboxWriter.clipped("pendek", to: 100) == "pendek")
        let clipped = OutboxWriter.clipped(String(repeating: "é", count: 100), to: 11)
        #expect(clipped == "éééé…")
        #expect(clipped.utf8.count <= 11)
    }
}

@Suite("Output size bounds through Kafka", .timeLimit(.minutes(1)))
struct OversizedRecordIntegrationTests {
    @Test func anOversizedRecordIsDeadLetteredAndOffsetsKeepMoving() async throws {
        let fixture = try await BotFixture()
        let bot = try await fixture.startBot()
        #expect(try await fixture.ask("/tenggat", as: "u-heriansyah", id: "warm-up").ok)

        // A client allowed bigger messages than the bot's producer (and Kafka's defaults).
        let big = try KafkaProducer(configuration: KafkaProducerConfiguration(
            bootstrapServers: fixture.cluster.bootstrapServers, properties: ["message.max.bytes": "3000000"]),
            logger: BotFixture.logger, onDelivery: { _ in })
        try await big.send(ProducerRecord(topic: fixture.topics.commands, key: Array("wa:test-chat".utf8),
                                          value: Array(repeating: UInt8(ascii: "x"), count: 1_100_000)))
        try await big.flush(timeout: .seconds(10))
        await big.shutdown()

        let lettered = await fixture.reader.wait(timeout: .seconds(15)) { _ in !fixture.deadLetters.isEmpty }
        try #require(lettered, "the oversized record never reached the dead-letter topic")
        let letter = try #require(fixture.deadLetters.first)
        #expect(letter.headers.first { $0.name == "original_value_bytes" }?.stringValue == "1100000")
        #expect(letter.headers.first { $0.name == "error_code" }?.stringValue == "too_large")
        #expect(try await fixture.ask("/tenggat", as: "u-heriansyah", id: "after").ok)
        // Every batch's outputs were delivered, so every batch's offsets were stored.
        let settled = await fixture.reader.wait(timeout: .seconds(10)) { _ in bot.runtime.tracker.outstanding == 0 }
        #expect(settled)
        #expect(bot.runtime.relay.failedDeliveries == 0, "\(bot.runtime.relay.lastFailure ?? "")")
        await bot.stop()
        await fixture.close()
    }
}

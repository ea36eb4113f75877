import Foundation
@testable import RakorBot
import RakorCore
import RakorStore
import Testing

/// `rakor.events`: integrator events, in structured and in binary mode.
@Suite("Processor: events topic")
struct EventTopicTests {
    /// R-1, agreement K-1 binding KPU Kab. Banjar, and task T-1 for Kesbangpol Kab. Banjar.
    func seeded() throws -> ProcessorHarness {
        let h = try ProcessorHarness()
        let out = try h.run([
            h.command(#"/rakor baru "Rakor cost sharing" tanggal 2024-11-18"#, as: "u-heriansyah", id: "seed-1"),
            h.command(#"/kesepakatan baru R-1 "Hibah Pilkada KPU Banjar" pihak @kpu-banjar tenggat 2024-12-31"#,
                      as: "u-heriansyah", id: "seed-2"),
            h.command(#"/tugas baru @kesbangpol-banjar "Peta rawan konflik" tenggat 2024-11-27 rakor R-1"#,
                      as: "u-heriansyah", id: "seed-3"),
        ])
        for id in ["seed-1", "seed-2", "seed-3"] {
            try #require(out.reply(to: id)?.ok == true, "\(out.reply(to: id)?.text ?? "no reply")")
        }
        return h
    }

    // MARK: rakor.calendar.published

    @Test(arguments: [false, true])
    func aPublishedCalendarIsServedByJadwalAndTenggat(binary: Bool) throws {
        let h = try ProcessorHarness()
        #expect(try h.ask("/jadwal \(Events.testCalendarID)", as: "u-heriansyah").error?.code == .notFound)

        let out = try h.run([h.event(Events.calendarPublished(id: "cal-1"), binary: binary)])
        #expect(out.rows.count == 2, "two audit events, nothing else")
        #expect(out.auditTypes == ["rakor.command.accepted", "rakor.calendar.published"])
        let accepted = out.audit[0]
        #expect(accepted["actor"] == "kpu-ri")
        #expect(accepted["correlationid"] == "cal-1")
        #expect(accepted["subject"] == "event/rakor.calendar.published/cal-1")
        #expect(accepted["data"]?["result"]?["calendar"] == "ujicoba2099")
        #expect(accepted["data"]?["result"]?["stages"] == 2)
        #expect(out.audit[1]["subject"] == "calendar/ujicoba2099")
        #expect(try h.ledger("evt:kpu.go.id/jadwal:cal-1")?.outcome == .accepted)
        #expect(h.processor.catalog.calendar(named: "ujicoba2099") != nil)

        let jadwal = try h.ask("/jadwal ujicoba2099", as: "u-heriansyah")
        #expect(jadwal.ok, "\(jadwal.text)")
        #expect(jadwal.text.contains("Pemungutan suara uji coba"), "\(jadwal.text)")
        #expect(jadwal.text.contains("Rabu, 25 November 2099"), "\(jadwal.text)")
        let onDay = try h.ask("/tenggat 2099-11-25", as: "u-heriansyah")
        #expect(onDay.text.contains("Pemungutan suara uji coba"), "\(onDay.text)")
        // With "today" inside its campaign, the default window shows the voting day.
        h.now = try #require(RFC3339.parse("2099-11-10T01:00:00Z"))
        let upcoming = try h.ask("/tenggat", as: "u-heriansyah")
        #expect(upcoming.text.contains("Pemungutan suara uji coba"), "\(upcoming.text)")
        #expect(upcoming.text.contains("H-15"), "\(upcoming.text)")
    }

    @Test func aCalendarAsAJSONObjectIsAcceptedToo() throws {
        let h = try ProcessorHarness()
        let calendar = try CalendarDocument.parse(text: Events.testCalendar)
        let object = try JSONParser().parse(CalendarDocument.json(calendar))
        let event = Events.make("rakor.calendar.published", id: "cal-json", source: Events.kpu, data: object)
        let out = try h.run([h.event(event)])
        #expect(out.auditTypes == ["rakor.command.accepted", "rakor.calendar.published"])
        #expect(try h.ask("/jadwal ujicoba2099", as: "u-heriansyah").ok)
    }

    @Test func anInvalidCalendarIsRejectedAndNotServed() throws {
        let h = try ProcessorHarness()
        let broken = Events.testCalendar.replacingOccurrences(of: "date: 2099-11-25", with: "date: 2099-13-45")
        let out = try h.run([h.event(Events.calendarPublished(id: "cal-bad", document: broken))])
        #expect(out.deadLetters.count == 1)
        #expect(out.deadLetters.first?.header("error_code") == "bad_arguments")
        #expect(out.auditTypes == ["rakor.command.rejected"])
        #expect(h.processor.catalog.calendar(named: "ujicoba2099") == nil)
        #expect(try h.store.readSync { try $0.calendarChanges.all() }.isEmpty)
    }

    @Test func theSameEventIdTwiceIsAppliedOnce() throws {
        let h = try ProcessorHarness()
        let record = h.event(Events.calendarPublished(id: "cal-twice"))
        let first = try h.run([record, record])
        #expect(first.auditTypes == ["rakor.command.accepted", "rakor.calendar.published"])
        #expect(first.tally.duplicates == 1)
        var later = record
        later.offset += 10
        let second = try h.run([later])
        #expect(second.rows.isEmpty)
        #expect(second.tally.duplicates == 1)
        #expect(try h.store.readSync { try $0.calendarChanges.all() }.count == 1)
    }

    // MARK: rakor.stage.rescheduled

    @Test(arguments: [false, true])
    func aRescheduleNotifiesChatsThatAskedOrSubscribedAndJadwalShowsIt(binary: Bool) throws {
        let h = try ProcessorHarness()
        #expect(try h.ask("/jadwal pilkada2020", as: "u-sarmuji", chat: "wa:group-kpu-kalsel").ok)
        #expect(try h.ask("/langganan pilkada2020", as: "u-heriansyah", chat: "wa:group-kesbangpol-kalsel").ok)
        #expect(try h.ask("/jadwal pilkada2024", as: "u-fauzi", chat: "wa:group-kesbangpol-banjar").ok)

        let out = try h.run([h.event(Events.stageRescheduled(id: "rs-1"), binary: binary)])
        #expect(out.auditTypes == ["rakor.command.accepted", "rakor.stage.rescheduled"])
        #expect(out.audit[1]["subject"] == "calendar/pilkada2020/pemungutan-suara")
        #expect(out.audit[1]["data"]?["start"] == "2020-12-16")
        #expect(Set(out.notices.map(\.chat)) == ["wa:group-kpu-kalsel", "wa:group-kesbangpol-kalsel"])
        #expect(out.notices.count == 2)
        for notice in out.notices {
            #expect(notice.kind == .notice)
            #expect(notice.inReplyTo == nil)
            #expect(notice.ok)
            #expect(notice.text.contains("Rabu, 9 Desember 2020"), "\(notice.text)")
            #expect(notice.text.contains("Rabu, 16 Desember 2020"), "\(notice.text)")
        }
        #expect(out.notices.map(\.id).sorted() == ["n-rs-1-1", "n-rs-1-2"])

        let jadwal = try h.ask("/jadwal pilkada2020", as: "u-sarmuji")
        #expect(jadwal.text.contains("Rabu, 16 Desember 2020"), "\(jadwal.text)")
        #expect(jadwal.text.contains("semula Rabu, 9 Desember 2020"), "\(jadwal.text)")
        let stage = h.processor.catalog.calendar(named: "pilkada2020")?.stage(id: "pemungutan-suara")
        #expect(stage?.dates == DateSpan(day: try #require(LocalDate(iso: "2020-12-16"))))
    }

    @Test func aRescheduleOfAnUnknownStageOrElectionIsRejected() throws {
        let h = try ProcessorHarness()
        let out = try h.run([
            h.event(Events.stageRescheduled(id: "rs-stage", stage: "tidak-ada")),
            h.event(Events.stageRescheduled(id: "rs-election", calendar: "pemilu1955")),
            h.event(Events.make("rakor.stage.rescheduled", id: "rs-nodate", source: Events.kpu,
                                data: ["calendar": "pilkada2020", "stage": "pemungutan-suara", "reason": "x"])),
        ])
        #expect(out.deadLetters.count == 3)
        #expect(out.auditTypes == Array(repeating: "rakor.command.rejected", count: 3))
        #expect(out.deadLetters.map { $0.header("error_code") } == ["not_found", "not_found", "bad_arguments"])
        #expect(h.processor.catalog.calendar(named: "pilkada2020")?.stage(id: "pemungutan-suara")?.dates.first.iso
                == "2020-12-09")
    }

    // MARK: rakor.hibah.disbursed

    @Test(arguments: [false, true])
    func aDisbursementShowsInRekapAndInTheAgreement(binary: Bool) throws {
        let h = try seeded()
        let out = try h.run([h.event(Events.hibahDisbursed(id: "hb-1"), binary: binary)])
        #expect(out.auditTypes == ["rakor.command.accepted", "rakor.hibah.disbursed"])
        #expect(out.audit[0]["actor"] == "bpkad-kalsel-keuangan")
        #expect(out.audit[1]["data"]?["jumlah"] == .int(400_000_000))
        #expect(out.notices.map(\.chat) == ["wa:group-kpu-banjar"])

        let rekap = try h.ask("/anggaran rekap", as: "u-heriansyah")
        #expect(rekap.ok, "\(rekap.text)")
        #expect(rekap.text.contains("Rp 400.000.000"), "\(rekap.text)")
        #expect(rekap.data?["hibah_total"] == .int(400_000_000))
        let lihat = try h.ask("/kesepakatan lihat K-1", as: "u-heriansyah")
        #expect(lihat.text.contains("Pencairan hibah"), "\(lihat.text)")
        #expect(lihat.text.contains("Rp 400.000.000"), "\(lihat.text)")
        #expect(lihat.data?["hibah_total"] == .int(400_000_000))
    }

    @Test func aStageAlreadyPaidIsAConflictAndOutsideTheProvinceIsForbidden() throws {
        let h = try seeded()
        try h.run([h.event(Events.hibahDisbursed(id: "hb-1"))])
        let out = try h.run([
            h.event(Events.hibahDisbursed(id: "hb-2", jumlah: .int(1))),
            h.event(Events.hibahDisbursed(id: "hb-3", kabkota: "kesbangpol-berau", tahap: 2)),
            h.event(Events.hibahDisbursed(id: "hb-4", agreement: "K-9", tahap: 2)),
            h.event(Events.hibahDisbursed(id: "hb-5", tahap: 2, persen: 60, jumlah: "Rp 600.000.000")),
        ])
        #expect(out.deadLetters.map { $0.header("error_code") } == ["conflict", "forbidden", "not_found"])
        #expect(out.audit.filter { $0["type"] == "rakor.command.rejected" }.map { $0["data"]?["code"]?.stringValue }
                == ["conflict", "forbidden", "not_found"])
        #expect(out.audit(correlatedWith: "hb-5").map { $0["type"]?.stringValue } == ["rakor.command.accepted", "rakor.hibah.disbursed"])
        let lihat = try h.ask("/kesepakatan lihat K-1", as: "u-heriansyah")
        #expect(lihat.data?["hibah_total"] == .int(1_000_000_000))
    }

    @Test func anAmountThatWouldOverflowTheRegencysTotalIsRefusedAndRekapStillWorks() throws {
        let h = try seeded()
        let half = Int64.max / 2 + 1
        let out = try h.run([h.event(Events.hibahDisbursed(id: "big-1", tahap: 1, jumlah: .int(half))),
                             h.event(Events.hibahDisbursed(id: "big-2", tahap: 2, jumlah: .int(half)))])
        #expect(out.audit(correlatedWith: "big-1").first?["type"] == "rakor.command.accepted")
        #expect(out.deadLetters.map { $0.header("error_code") } == ["bad_arguments"])
        let rekap = try h.ask("/anggaran rekap", as: "u-heriansyah")
        #expect(rekap.ok, "\(rekap.text)")
        #expect(rekap.data?["hibah_total"] == .int(half))
    }

    // MARK: rakor.task.completed

    @Test func aDocumentSystemClosesTasksOnlyInItsOwnJurisdiction() throws {
        // naskah-kalsel acts for Kesbangpol Kalsel: a Kaltim task is not its to close.
        let h = try ProcessorHarness()
        #expect(try h.ask(#"/tugas baru @kesbangpol-berau "Laporan" tenggat 2024-12-01"#, as: "u-sufian").ok)
        let out = try h.run([h.event(Events.taskCompleted(id: "tc-kaltim"))])
        #expect(out.deadLetters.first?.header("error_code") == "forbidden")
        #expect(out.auditTypes == ["rakor.command.rejected"])
        #expect(try h.store.readSync { try $0.tugas.find(ItemID(.tugas, 1)) }?.status == .terbuka)
    }

    @Test(arguments: [false, true])
    func aDocumentSystemClosesATaskOnceThenConflict(binary: Bool) throws {
        let h = try seeded()
        let out = try h.run([h.event(Events.taskCompleted(id: "tc-1"), binary: binary)])
        #expect(out.auditTypes == ["rakor.command.accepted", "rakor.task.completed"])
        #expect(out.audit[0]["actor"] == "naskah-kalsel")
        #expect(Set(out.notices.map(\.chat)) == ["wa:group-kesbangpol-kalsel", "wa:group-rakor-pilkada-kalsel",
                                                   "wa:group-kesbangpol-banjar"])
        let task = try h.store.readSync { try $0.tugas.find(ItemID(.tugas, 1)) }
        #expect(task?.status == .selesai)

        let again = try h.run([h.event(Events.taskCompleted(id: "tc-2"), binary: binary)])
        #expect(again.deadLetters.count == 1)
        #expect(again.deadLetters.first?.header("error_code") == "conflict")
        #expect(again.auditTypes == ["rakor.command.rejected"])
        #expect(again.audit.first?["data"]?["code"] == "conflict")
        #expect(again.notices.isEmpty)

        let unknown = try h.run([h.event(Events.taskCompleted(id: "tc-3", task: "T-77"))])
        #expect(unknown.deadLetters.first?.header("error_code") == "not_found")
    }

    @Test func aDocumentSystemCompletingARecurringTaskOpensAndAuditsTheNextPeriod() throws {
        let h = try ProcessorHarness()
        #expect(try h.ask(#"/tugas baru @kesbangpol-banjar "Peta konflik" tenggat 2024-12-31 ulang triwulanan"#,
                          as: "u-heriansyah").ok)
        let out = try h.run([h.event(Events.taskCompleted(id: "tc-q1"))])
        #expect(out.auditTypes == ["rakor.command.accepted", "rakor.task.assigned", "rakor.task.completed"])
        let next = try #require(try h.store.readSync { try $0.tugas.find(ItemID(.tugas, 2)) })
        #expect(next.tenggat == LocalDate(year: 2025, month: 3, day: 31))
        #expect(next.status == .terbuka)
        #expect(out.notices.first?.text.contains("Periode berikutnya: T-2, tenggat 2025-03-31") == true)
    }

    // MARK: Allowlists, unknown sources and types, malformed events

    @Test func anIntegratorPostingATypeItIsNotAllowedIsForbidden() throws {
        let h = try seeded()
        // The document system may close tasks, not disburse grants.
        var event = Events.hibahDisbursed(id: "not-mine")
        event.source = Events.naskah
        let record = h.event(event)
        let out = try h.run([record])
        #expect(out.deadLetters.count == 1)
        let letter = try #require(out.deadLetters.first)
        #expect(letter.value == Array(try #require(record.value)))
        #expect(letter.header("source_topic") == "rakor.events")
        #expect(letter.header("source_offset") == String(record.offset))
        #expect(letter.header("error_code") == "forbidden")
        #expect(out.auditTypes == ["rakor.command.rejected"])
        #expect(out.audit[0]["actor"] == "naskah-kalsel")
        #expect(out.audit[0]["data"]?["code"] == "forbidden")
        #expect(out.replies.isEmpty, "integrators get no replies")
        #expect(try h.store.readSync { try $0.hibah.list(kesepakatan: ItemID(.kesepakatan, 1)) }.isEmpty)
    }

    @Test func anUnknownSourceIsDeadLetteredAndAudited() throws {
        let h = try ProcessorHarness()
        var event = Events.calendarPublished(id: "who")
        event.source = "example.org/jadwal"
        let out = try h.run([h.event(event)])
        #expect(out.deadLetters.first?.header("error_code") == "forbidden")
        #expect(out.auditTypes == ["rakor.command.rejected"])
        #expect(out.audit[0]["actor"] == "example.org/jadwal")
        #expect(h.processor.catalog.calendar(named: "ujicoba2099") == nil)
        #expect(try h.ledger("raw:rakor.events:0:0") != nil)
    }

    @Test func anUnknownTypeIsRejected() throws {
        // With the demo directory no integrator lists an unknown type: forbidden.
        let demo = try ProcessorHarness()
        let made = Events.make("rakor.election.cancelled", id: "odd-1", source: Events.kpu, data: ["x": 1])
        let forbidden = try demo.run([demo.event(made)])
        #expect(forbidden.deadLetters.first?.header("error_code") == "forbidden")

        // An integrator whose entry lists a type rakorbot does not handle: unknown_command.
        let base = try ShippedData.directory(at: nil)
        var integrators = base.integrators
        integrators.append(Integrator(id: "kpu-eksperimen", name: "KPU (uji)", source: "kpu.go.id/eksperimen",
                                      types: ["rakor.election.cancelled"]))
        let directory = try Directory(organisations: base.organisations, users: base.users, integrators: integrators)
        let h = try ProcessorHarness(directory: directory)
        var event = made
        event.source = "kpu.go.id/eksperimen"
        let out = try h.run([h.event(event)])
        #expect(out.deadLetters.first?.header("error_code") == "unknown_command")
        #expect(out.auditTypes == ["rakor.command.rejected"])
        #expect(out.audit[0]["data"]?["code"] == "unknown_command")
        #expect(out.audit[0]["data"]?["type"] == "rakor.election.cancelled")
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        let name: String
        let value: [UInt8]?
        let headers: [InputRecord.Header]
        var testDescription: String { name }

        init(_ name: String, _ value: String?, headers: [(String, String)] = []) {
            self.name = name
            self.value = value.map { Array($0.utf8) }
            self.headers = headers.map { InputRecord.Header($0.0, $0.1) }
        }
    }

    static let malformed: [Malformed] = [
        Malformed("null value", nil),
        Malformed("not JSON", "jadwal baru!"),
        Malformed("JSON array", #"[{"specversion":"1.0"}]"#),
        Malformed("no specversion", #"{"id":"1","source":"kpu.go.id/jadwal","type":"rakor.calendar.published"}"#),
        Malformed("specversion 0.3", #"{"specversion":"0.3","id":"1","source":"kpu.go.id/jadwal","type":"rakor.calendar.published"}"#),
        Malformed("no id", #"{"specversion":"1.0","source":"kpu.go.id/jadwal","type":"rakor.calendar.published"}"#),
        Malformed("empty type", #"{"specversion":"1.0","id":"1","source":"kpu.go.id/jadwal","type":""}"#),
        Malformed("source with a space", #"{"specversion":"1.0","id":"1","source":"kpu go id","type":"t"}"#),
        Malformed("bad time", #"{"specversion":"1.0","id":"1","source":"kpu.go.id/jadwal","type":"t","time":"kemarin"}"#),
        Malformed("binary mode without ce_id", "{}", headers: [("ce_specversion", "1.0"), ("ce_source", "kpu.go.id/jadwal"),
                                                              ("ce_type", "rakor.calendar.published"),
                                                              ("content-type", "application/json")]),
        Malformed("binary mode with a body that is not JSON", "{oops", headers: [
            ("ce_specversion", "1.0"), ("ce_id", "b-1"), ("ce_source", "kpu.go.id/jadwal"),
            ("ce_type", "rakor.calendar.published"), ("content-type", "application/json")]),
        Malformed("batch mode", "[]", headers: [("content-type", "application/cloudevents-batch+json")]),
    ]

    @Test(arguments: malformed)
    func aMalformedEventIsDeadLetteredAndAudited(_ bad: Malformed) throws {
        let h = try ProcessorHarness()
        let record = h.rawEvent(bad.value, headers: bad.headers)
        let good = h.event(Events.calendarPublished(id: "after-bad"))
        let out = try h.run([record, good])
        #expect(out.deadLetters.count == 1)
        let letter = try #require(out.deadLetters.first)
        #expect(letter.value == (bad.value ?? []))
        #expect(letter.header("error_code") == "invalid_envelope" || letter.header("error_code") == "too_large")
        #expect(letter.header("source_topic") == "rakor.events")
        #expect(Array(letter.headers.prefix(bad.headers.count)).map(\.name) == bad.headers.map(\.name))
        #expect(out.replies.isEmpty)
        #expect(out.auditTypes == ["rakor.command.rejected", "rakor.command.accepted", "rakor.calendar.published"])
        #expect(out.audit[0]["data"]?["source_topic"] == "rakor.events")
        #expect(try h.ledger("raw:rakor.events:0:\(record.offset)") != nil)
        // Redelivered: neither dead-lettered nor audited again.
        let again = try h.run([record])
        #expect(again.rows.isEmpty)
    }

    // MARK: Signed events

    @Test func withIntegratorKeysOnlyTheIntegratorsOwnKeyIsAccepted() throws {
        let ring = try HMACKeyRing(keys: ["kpu-ri-2024": Array("kpu secret".utf8),
                                          "bpkad-kalsel-2024": Array("bpkad secret".utf8)])
        let h = try ProcessorHarness(settings: ProcessorSettings(integratorKeys: ring, rateLimit: .unlimited))
        func signed(_ event: CloudEvent, keyID: String, binary: Bool = false) throws -> InputRecord {
            var record = h.event(event, binary: binary)
            let signed = EventSigning.signedBytes(value: record.value.map(Array.init),
                                                  headers: record.headers.map { ($0.name, $0.value.map(Array.init)) })
            let signature = try ring.sign(value: signed, keyID: keyID)
            record.headers += [InputRecord.Header("rakor-key-id", keyID), InputRecord.Header("rakor-signature", signature)]
            return record
        }
        let out = try h.run([
            try signed(Events.calendarPublished(id: "sig-ok"), keyID: "kpu-ri-2024"),
            try signed(Events.stageRescheduled(id: "sig-ok-binary"), keyID: "kpu-ri-2024", binary: true),
            // A key that exists but belongs to another integrator.
            try signed(Events.stageRescheduled(id: "sig-foreign", date: "2020-12-30"), keyID: "bpkad-kalsel-2024"),
            h.event(Events.stageRescheduled(id: "sig-none", date: "2020-12-31")),
        ])
        #expect(out.audit(correlatedWith: "sig-ok").first?["type"] == "rakor.command.accepted")
        #expect(out.audit(correlatedWith: "sig-ok-binary").first?["type"] == "rakor.command.accepted")
        #expect(out.deadLetters.map { $0.header("error_code") } == ["unauthenticated", "unauthenticated"])
        #expect(out.audit.filter { $0["type"] == "rakor.command.rejected" }.map { $0["actor"]?.stringValue }
                == ["kpu-ri", "kpu-ri"])
        #expect(h.processor.catalog.calendar(named: "pilkada2020")?.stage(id: "pemungutan-suara")?.dates.first.iso
                == "2020-12-16")
    }

    @Test func aSignedBinaryEventReplayedUnderANewIdIsRefused() throws {
        let ring = try HMACKeyRing(keys: ["kpu-ri-2024": Array("kpu secret".utf8)])
        let h = try ProcessorHarness(settings: ProcessorSettings(integratorKeys: ring, rateLimit: .unlimited))
        var record = h.event(Events.stageRescheduled(id: "bin-1"), binary: true)
        let signed = EventSigning.signedBytes(value: record.value.map(Array.init),
                                              headers: record.headers.map { ($0.name, $0.value.map(Array.init)) })
        #expect(signed.count > (record.value?.count ?? 0), "binary mode signs the ce_ headers too")
        record.headers += [InputRecord.Header("rakor-key-id", "kpu-ri-2024"),
                           InputRecord.Header("rakor-signature", try ring.sign(value: signed, keyID: "kpu-ri-2024"))]
        // The same signed body and signature, with ce_id changed: a replay.
        var replay = record
        replay.offset += 1
        replay.headers = record.headers.map { $0.name == "ce_id" ? InputRecord.Header("ce_id", "bin-2") : $0 }
        let out = try h.run([record, replay])
        #expect(out.audit(correlatedWith: "bin-1").first?["type"] == "rakor.command.accepted")
        #expect(out.deadLetters.map { $0.header("error_code") } == ["unauthenticated"])
    }
}

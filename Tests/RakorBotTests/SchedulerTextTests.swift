import Foundation
import RakorCore
import RakorStore
import Testing
@testable import RakorBot

@Suite("Scheduler: message texts and fields")
struct SchedulerTextTests {
    static func stage(_ id: String) throws -> ScheduledItem {
        let calendar = try #require(try SchedulerFixtures.calendars().calendar(named: "pilkada2024"))
        return .stage(calendarID: calendar.id, calendarName: calendar.name, stage: try #require(calendar.stage(id: id)))
    }

    static func task(pengulangan: Pengulangan? = nil) throws -> Tugas {
        Tugas(id: ItemID(.tugas, 2), judul: "Data TPS rawan", untukOrg: "kpu-banjar", olehUser: "u-heriansyah",
              olehOrg: "kesbangpol-kalsel", tenggat: try SchedulerFixtures.day("2024-11-15"), pengulangan: pengulangan,
              dibuatPada: try SchedulerFixtures.instant("2024-11-01T00:00:00Z"))
    }

    static func render(_ kind: OutboundMessage.Kind, _ item: ScheduledItem, _ offset: HOffset, chat: String = "wa:group-kpu-banjar",
                       zone: ZonaWaktu = .WITA, lang: Lang = .id, planned: String, now: String? = nil,
                       late: Bool = false) throws -> OutboundMessage {
        let message = ScheduledMessage(kind: kind, item: item, offset: offset, chat: chat, zone: zone, lang: lang,
                                       plannedAt: try SchedulerFixtures.instant(planned), late: late)
        return ReminderText.message(message, now: try SchedulerFixtures.instant(now ?? planned),
                                    directory: try SchedulerFixtures.directory())
    }

    @Test func aRangeStageCountsToItsFirstDayAndSaysWhenItStarts() throws {
        let h0 = try Self.render(.reminder, Self.stage("kampanye"), .before(0), planned: "2024-09-25T00:00:00Z")
        #expect(h0.text == """
            ⏰ Pengingat tahapan Pilkada 2024
            Pelaksanaan kampanye — 25 September – 23 November 2024 (dimulai hari ini, s.d. H-59)
            Berhenti berlangganan: /berhenti pilkada2024
            """)
        let english = try Self.render(.reminder, Self.stage("kampanye"), .before(1), lang: .en, planned: "2024-09-24T00:00:00Z")
        #expect(english.text == """
            ⏰ Stage reminder, Pilkada 2024
            Campaign period — 25 September – 23 November 2024 (H-1, tomorrow)
            Unsubscribe: /unsubscribe pilkada2024
            """)
        #expect(english.lang == .en)
    }

    @Test func theMessageCarriesTheContractFieldsAndStructuredData() throws {
        let message = try Self.render(.reminder, Self.stage("pemungutan-suara"), .before(3), chat: "wa:g",
                                      planned: "2024-11-24T00:00:00Z")
        #expect(message.id == "rem:stage/pilkada2024/pemungutan-suara@2024-11-27:H-3:wa:g")
        #expect(message.kind == .reminder)
        #expect(message.inReplyTo == nil)
        #expect(message.chat == "wa:g")
        #expect(message.ok)
        #expect(message.error == nil)
        #expect(message.extensions["late"] == false)
        #expect(message.data == [
            "item": "stage/pilkada2024/pemungutan-suara@2024-11-27", "offset": "H-3",
            "planned_at": "2024-11-24T00:00:00Z", "zone": "WITA", "late": false, "calendar": "pilkada2024",
            "stage": "pemungutan-suara", "tahap": "Pemungutan suara", "start": "2024-11-27", "end": "2024-11-27",
        ])
        // On the wire: `in_reply_to: null` and the `late` member at the top level.
        let wire = String(decoding: message.encode(), as: UTF8.self)
        #expect(wire.hasPrefix(#"{"id":"rem:stage/pilkada2024/pemungutan-suara@2024-11-27:H-3:wa:g","kind":"reminder","in_reply_to":null,"chat":"wa:g","ok":true,"#))
        #expect(wire.hasSuffix(#","late":false}"#))
        #expect(try OutboundMessage.decode(message.encode()) == message)
    }

    @Test func aTaskReminderSaysWhatWhenFromWhomAndHowToClose() throws {
        let message = try Self.render(.reminder, .task(Self.task(pengulangan: .triwulanan)), .before(1),
                                      planned: "2024-11-14T00:00:00Z")
        #expect(message.text == """
            ⏰ Pengingat tugas T-2 untuk KPU Kab. Banjar
            Data TPS rawan
            Tenggat: Jumat, 15 November 2024 (H-1, besok)
            Dari: Kesbangpol Kalsel
            Berulang triwulanan.
            Jika sudah selesai: /tugas selesai T-2
            """)
        #expect(message.data?["task"]?["id"] == "T-2")
        #expect(message.data?["task"]?["pengulangan"] == "triwulanan")
    }

    @Test func aLateMessageSaysWhenItWasDueInTheChatsRegion() throws {
        let escalation = try Self.render(.escalation, .task(Self.task()), .after(1), chat: "wa:group-ditjen-polpum",
                                         zone: .WIB, lang: .en, planned: "2024-11-16T01:00:00Z",
                                         now: "2024-11-18T03:00:00Z", late: true)
        #expect(escalation.kind == .escalation)
        #expect(escalation.text == """
            ⚠️ Escalation: task T-2 is past its due date and still open
            Data TPS rawan
            Assigned to: KPU Kab. Banjar (@kpu-banjar) · by Kesbangpol Kalsel
            Due: Friday, 15 November 2024 (3 days overdue)
            This escalation is late; it was due Saturday, 16 November 2024 08:00 WIB.
            Details: /task show T-2
            """)
        #expect(escalation.extensions["late"] == true)
        #expect(escalation.data?["late"] == true)
        let reminder = try Self.render(.reminder, .task(Self.task()), .before(3), planned: "2024-11-12T00:00:00Z",
                                       now: "2024-11-13T02:00:00Z", late: true)
        #expect(reminder.text.contains("Tenggat: Jumat, 15 November 2024 (H-2)\n"))
        #expect(reminder.text.contains("\nPengingat ini terlambat; seharusnya dikirim Selasa, 12 November 2024 08:00 WITA.\n"))
    }

    @Test func aStageWithWeakSourcesSaysSo() throws {
        // Built in code: the shipped Pilkada 2024 stages used here are well sourced.
        let stage = Tahapan(id: "uji", name: Localized(id: "Tahap uji", en: "Test stage"),
                            dates: DateSpan(day: try SchedulerFixtures.day("2024-12-09")), sources: ["https://example.org"],
                            uncertain: "satu sumber")
        let message = try Self.render(.reminder, .stage(calendarID: "uji", calendarName: Localized("Uji"), stage: stage),
                                      .before(7), planned: "2024-12-02T00:00:00Z")
        #expect(message.text == """
            ⏰ Pengingat tahapan Uji
            Tahap uji — Senin, 9 Desember 2024 (H-7) · belum pasti
            Berhenti berlangganan: /berhenti uji
            """)
    }

    @Test func theAuditTypesAndErrorsAreTheDocumentedOnes() {
        #expect(SchedulerAuditTypes.reminderSent == "rakor.reminder.sent")
        #expect(SchedulerAuditTypes.taskEscalated == "rakor.task.escalated")
        #expect(SchedulerAuditTypes.taskAssigned == "rakor.task.assigned")
        #expect(SchedulerError.noReport.description == "the scheduler's transaction finished without a report")
    }
}

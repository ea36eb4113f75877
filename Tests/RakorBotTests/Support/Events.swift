import Foundation
import RakorCore

/// Integrator events as the demo directory's integrators would post them.
enum Events {
    static let kpu = "kpu.go.id/jadwal"
    static let keuangan = "keuangan.kalselprov.go.id/hibah"
    static let naskah = "naskah.kalselprov.go.id"

    static func make(_ type: String, id: String, source: String, data: JSONValue?, subject: String? = nil) -> CloudEvent {
        CloudEvent(id: id, source: source, type: type, subject: subject,
                   time: RFC3339.parse("2024-11-20T01:00:00Z"), dataContentType: data == nil ? nil : "application/json",
                   data: data.map { .json($0) })
    }

    /// A calendar made up for tests. Its dates are in 2099 and it says in
    /// every field that it is test data, not a real schedule.
    static let testCalendarID = "ujicoba2099"
    static let testCalendar = """
        version: 1
        id: ujicoba2099
        name: {id: Uji Coba 2099, en: Test Run 2099}
        title: {id: "Kalender uji (bukan jadwal resmi)", en: "Test calendar (not an official schedule)"}
        kind: pilkada
        year: 2099
        regulation: "Data uji rakorbot"
        sources: ["Data uji rakorbot (bukan sumber resmi)"]
        note: "Data uji untuk test otomatis; tanggal-tanggal ini bukan jadwal resmi."
        stages:
          - id: kampanye
            tahap: Kampanye uji coba
            en: Test campaign
            start: 2099-10-01
            end: 2099-11-20
            source: "Data uji rakorbot (bukan sumber resmi)"
          - id: pemungutan-suara
            tahap: Pemungutan suara uji coba
            en: Test voting day
            date: 2099-11-25
            source: "Data uji rakorbot (bukan sumber resmi)"
        """

    static func calendarPublished(id: String, document: String = testCalendar) -> CloudEvent {
        make("rakor.calendar.published", id: id, source: kpu, data: .string(document),
             subject: "calendar/\(testCalendarID)")
    }

    /// Moves Pilkada 2020's voting day in a test (the date is not a real decision).
    static func stageRescheduled(id: String, calendar: String = "pilkada2020", stage: String = "pemungutan-suara",
                                 date: String = "2020-12-16") -> CloudEvent {
        make("rakor.stage.rescheduled", id: id, source: kpu,
             data: ["calendar": .string(calendar), "stage": .string(stage), "date": .string(date),
                    "reason": "Uji coba perubahan jadwal (data uji)"],
             subject: "calendar/\(calendar)/\(stage)")
    }

    static func hibahDisbursed(id: String, agreement: String = "K-1", kabkota: String = "kpu-banjar", tahap: Int64 = 1,
                               persen: Int64 = 40, jumlah: JSONValue = .int(400_000_000)) -> CloudEvent {
        make("rakor.hibah.disbursed", id: id, source: keuangan,
             data: ["agreement": .string(agreement), "kabkota": .string(kabkota), "tahap": .int(tahap),
                    "persen": .int(persen), "jumlah": jumlah, "tanggal": "2024-11-19"],
             subject: "agreement/\(agreement)")
    }

    static func taskCompleted(id: String, task: String = "T-1") -> CloudEvent {
        make("rakor.task.completed", id: id, source: naskah,
             data: ["task": .string(task), "document": "ND-001/KESBANGPOL/2024"], subject: "task/\(task)")
    }
}

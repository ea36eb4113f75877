import Foundation
import Testing
@testable import RakorCore

@Suite struct TanggalFormatTests {
    @Test func longDates() {
        #expect(TanggalFormat.long(.tgl("2024-11-27"), lang: .id) == "Rabu, 27 November 2024")
        #expect(TanggalFormat.long(.tgl("2024-11-27"), lang: .en) == "Wednesday, 27 November 2024")
        #expect(TanggalFormat.long(.tgl("2024-02-14"), lang: .id) == "Rabu, 14 Februari 2024")
        #expect(TanggalFormat.long(.tgl("2020-12-09"), lang: .id) == "Rabu, 9 Desember 2020")
        #expect(TanggalFormat.long(.tgl("2024-08-17"), lang: .id) == "Sabtu, 17 Agustus 2024")
        #expect(TanggalFormat.long(.tgl("2024-11-24"), lang: .id) == "Minggu, 24 November 2024")
        #expect(TanggalFormat.long(.tgl("2024-11-24"), lang: .en) == "Sunday, 24 November 2024")
        #expect(TanggalFormat.long(.tgl("2024-11-22"), lang: .id) == "Jumat, 22 November 2024")
        #expect(TanggalFormat.long(.tgl("2024-11-25"), lang: .id) == "Senin, 25 November 2024")
        #expect(TanggalFormat.long(.tgl("2024-11-26"), lang: .id) == "Selasa, 26 November 2024")
        #expect(TanggalFormat.long(.tgl("2024-11-28"), lang: .id) == "Kamis, 28 November 2024")
    }

    @Test func everyMonthName() {
        let id = (1...12).map { TanggalFormat.monthName($0, lang: .id) }
        #expect(id == ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                       "Oktober", "November", "Desember"])
        #expect(TanggalFormat.monthName(5, lang: .en) == "May")
        #expect(TanggalFormat.monthName(8, lang: .en) == "August")
    }

    @Test func shortAndMediumDates() {
        #expect(TanggalFormat.short(.tgl("2024-11-27"), lang: .id) == "27 Nov 2024")
        #expect(TanggalFormat.short(.tgl("2024-08-05"), lang: .id) == "5 Agu 2024")
        #expect(TanggalFormat.short(.tgl("2024-08-05"), lang: .en) == "5 Aug 2024")
        #expect(TanggalFormat.short(.tgl("2024-05-01"), lang: .id) == "1 Mei 2024")
        #expect(TanggalFormat.short(.tgl("2024-10-01"), lang: .id) == "1 Okt 2024")
        #expect(TanggalFormat.short(.tgl("2024-12-31"), lang: .id) == "31 Des 2024")
        #expect(TanggalFormat.medium(.tgl("2024-11-27"), lang: .en) == "27 November 2024")
    }

    @Test func rangesCollapseWhatTheEndsShare() {
        #expect(TanggalFormat.range(.tgl("2024-09-25"), .tgl("2024-11-23"), lang: .id) == "25 September – 23 November 2024")
        #expect(TanggalFormat.range(.tgl("2024-02-14"), .tgl("2024-02-15"), lang: .id) == "14–15 Februari 2024")
        #expect(TanggalFormat.range(.tgl("2024-02-14"), .tgl("2024-02-15"), lang: .en) == "14–15 February 2024")
        #expect(TanggalFormat.range(.tgl("2022-06-14"), .tgl("2024-06-14"), lang: .id) == "14 Juni 2022 – 14 Juni 2024")
        #expect(TanggalFormat.range(.tgl("2023-11-28"), .tgl("2024-02-10"), lang: .en) == "28 November 2023 – 10 February 2024")
        #expect(TanggalFormat.range(.tgl("2024-11-27"), .tgl("2024-11-27"), lang: .id) == "27 November 2024")
        #expect(TanggalFormat.range(.tgl("2024-02-15"), .tgl("2024-02-14"), lang: .id) == "14–15 Februari 2024")
    }

    @Test func spans() throws {
        #expect(TanggalFormat.span(DateSpan(day: .tgl("2024-11-27")), lang: .id) == "Rabu, 27 November 2024")
        #expect(TanggalFormat.span(try #require(DateSpan(start: .tgl("2024-11-24"), end: .tgl("2024-11-26"))), lang: .id)
            == "24–26 November 2024")
        #expect(TanggalFormat.span(try #require(DateSpan(start: nil, end: .tgl("2024-01-26"))), lang: .id)
            == "s.d. 26 Januari 2024")
        #expect(TanggalFormat.span(try #require(DateSpan(start: nil, end: .tgl("2024-01-26"))), lang: .en)
            == "until 26 January 2024")
    }

    @Test func times() throws {
        #expect(TanggalFormat.time(hour: 8, minute: 0, zona: .WITA) == "08:00 WITA")
        #expect(TanggalFormat.time(hour: 23, minute: 59, zona: .WIT) == "23:59 WIT")
        // 2024-11-20T09:15:00+08:00 is 01:15Z.
        let instant = try #require(ISO8601DateFormatter().date(from: "2024-11-20T01:15:00Z"))
        #expect(TanggalFormat.time(at: instant, zona: .WITA) == "09:15 WITA")
        #expect(TanggalFormat.time(at: instant, zona: .WIB) == "08:15 WIB")
        #expect(TanggalFormat.dateTime(at: instant, zona: .WITA, lang: .id) == "Rabu, 20 November 2024 09:15 WITA")
        #expect(TanggalFormat.dateTime(at: instant, zona: .WIT, lang: .en) == "Wednesday, 20 November 2024 10:15 WIT")
    }
}

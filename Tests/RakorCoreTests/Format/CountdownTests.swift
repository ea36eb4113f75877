import Foundation
import Testing
@testable import RakorCore

@Suite struct CountdownTests {
    let voting = DateSpan(day: .tgl("2024-11-27"))
    let quiet = DateSpan(start: .tgl("2024-11-24"), end: .tgl("2024-11-26"))!

    @Test func singleDay() {
        #expect(Countdown(today: .tgl("2024-11-22"), span: voting) == .upcoming(days: 5))
        #expect(Countdown(today: .tgl("2024-11-22"), span: voting).text(.id) == "H-5")
        #expect(Countdown(today: .tgl("2024-11-22"), span: voting).text(.en) == "H-5, in 5 days")
        #expect(Countdown(today: .tgl("2024-11-26"), span: voting).text(.id) == "H-1, besok")
        #expect(Countdown(today: .tgl("2024-11-26"), span: voting).text(.en) == "H-1, tomorrow")
        #expect(Countdown(today: .tgl("2024-11-27"), span: voting) == .today)
        #expect(Countdown(today: .tgl("2024-11-27"), span: voting).text(.id) == "H-0, hari ini")
        #expect(Countdown(today: .tgl("2024-11-27"), span: voting).text(.en) == "H-0, today")
        #expect(Countdown(today: .tgl("2024-11-30"), span: voting) == .past(daysAgo: 3))
        #expect(Countdown(today: .tgl("2024-11-30"), span: voting).text(.id) == "sudah lewat")
        #expect(Countdown(today: .tgl("2024-11-30"), span: voting).text(.en) == "past")
        #expect(Countdown(today: .tgl("2024-11-30"), span: voting).isPast)
        #expect(Countdown(today: .tgl("2024-11-20"), until: .tgl("2024-11-27")) == .upcoming(days: 7))
    }

    @Test func ranges() {
        // Ahead: counts to the first day.
        #expect(Countdown(today: .tgl("2024-11-20"), span: quiet).text(.id) == "H-4")
        // First day.
        #expect(Countdown(today: .tgl("2024-11-24"), span: quiet) == .inProgress(daysLeft: 2, startedToday: true))
        #expect(Countdown(today: .tgl("2024-11-24"), span: quiet).text(.id) == "dimulai hari ini, s.d. H-2")
        #expect(Countdown(today: .tgl("2024-11-24"), span: quiet).text(.en) == "starts today, ends in 2 days")
        // Under way.
        #expect(Countdown(today: .tgl("2024-11-25"), span: quiet).text(.id) == "sedang berlangsung, s.d. H-1")
        #expect(Countdown(today: .tgl("2024-11-25"), span: quiet).text(.en) == "in progress, ends tomorrow")
        let campaign = DateSpan(start: .tgl("2024-09-25"), end: .tgl("2024-11-23"))!
        #expect(Countdown(today: .tgl("2024-11-20"), span: campaign).text(.id) == "sedang berlangsung, s.d. H-3")
        #expect(Countdown(today: .tgl("2024-11-20"), span: campaign).text(.en) == "in progress, ends in 3 days")
        // Last day.
        #expect(Countdown(today: .tgl("2024-11-26"), span: quiet).text(.id) == "hari terakhir, H-0")
        #expect(Countdown(today: .tgl("2024-11-26"), span: quiet).text(.en) == "last day, today")
        #expect(Countdown(today: .tgl("2024-11-27"), span: quiet).text(.id) == "sudah lewat")
    }

    @Test func deadlineWithoutStart() {
        let deadline = DateSpan(start: nil, end: .tgl("2024-01-26"))!
        #expect(Countdown(today: .tgl("2024-01-20"), span: deadline) == .upcoming(days: 6))
        #expect(Countdown(today: .tgl("2024-01-26"), span: deadline) == .today)
        #expect(Countdown(today: .tgl("2024-01-27"), span: deadline) == .past(daysAgo: 1))
    }

    @Test func todayDependsOnTheSendersZone() throws {
        // 16:30Z on the 26th is 23:30 WIB on the 26th but 01:30 WIT on the 27th.
        let instant = try #require(ISO8601DateFormatter().date(from: "2024-11-26T16:30:00Z"))
        let clock = FixedClock(instant)
        #expect(Countdown.today(clock: clock, zona: .WIB) == .tgl("2024-11-26"))
        #expect(Countdown.today(clock: clock, zona: .WITA) == .tgl("2024-11-27"))
        #expect(Countdown.today(clock: clock, zona: .WIT) == .tgl("2024-11-27"))
        #expect(Countdown(at: instant, zona: .WIB, span: voting) == .upcoming(days: 1))
        #expect(Countdown(at: instant, zona: .WIB, span: voting).text(.id) == "H-1, besok")
        #expect(Countdown(at: instant, zona: .WIT, span: voting) == .today)
        #expect(Countdown(at: instant, zona: .WIT, span: voting).text(.id) == "H-0, hari ini")
        // Just before midnight WITA (15:59Z) it is still the 26th there.
        let earlier = try #require(ISO8601DateFormatter().date(from: "2024-11-26T15:59:00Z"))
        #expect(Countdown(at: earlier, zona: .WITA, span: voting) == .upcoming(days: 1))
        #expect(Countdown(at: earlier, zona: .WIT, span: voting) == .today)
    }
}

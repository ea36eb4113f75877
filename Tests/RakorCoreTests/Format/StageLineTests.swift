import Foundation
import Testing
@testable import RakorCore

@Suite struct StageLineTests {
    let catalog: CalendarCatalog

    init() throws {
        catalog = try ShippedCalendars.catalog()
    }

    func hit(_ calendar: String, _ stage: String) throws -> StageHit {
        let election = try #require(catalog.calendar(named: calendar))
        return StageHit(calendarID: election.id, calendarName: election.name,
                        stage: try #require(election.stage(id: stage)), score: 1)
    }

    @Test func votingDayLine() throws {
        let voting = try hit("pilkada2024", "pemungutan-suara")
        #expect(StageLine.render(voting, today: .tgl("2024-11-20"), lang: .id)
            == "Pemungutan suara · Pilkada 2024 — Rabu, 27 November 2024 (H-7)")
        #expect(StageLine.render(voting, today: .tgl("2024-11-20"), lang: .en)
            == "Voting day · Pilkada 2024 — Wednesday, 27 November 2024 (H-7, in 7 days)")
        #expect(StageLine.render(voting, today: .tgl("2024-11-27"), lang: .id)
            == "Pemungutan suara · Pilkada 2024 — Rabu, 27 November 2024 (H-0, hari ini)")
    }

    @Test func rangesDeadlinesAndRemarks() throws {
        let campaign = try hit("pilkada2024", "kampanye")
        #expect(StageLine.render(campaign, today: .tgl("2024-11-20"), lang: .id)
            == "Pelaksanaan kampanye · Pilkada 2024 — 25 September – 23 November 2024 (sedang berlangsung, s.d. H-3)")
        #expect(StageLine.render(campaign, today: .tgl("2024-11-20"), lang: .en)
            == "Campaign period · Pilkada 2024 — 25 September – 23 November 2024 (in progress, ends in 3 days)")
        let planning = try hit("pilkada2024", "perencanaan-program-anggaran")
        #expect(StageLine.render(planning, today: .tgl("2024-11-20"), lang: .id)
            == "Perencanaan program dan anggaran · Pilkada 2024 — s.d. 26 Januari 2024 (sudah lewat)")
        let kpps = try hit("pemilu2024", "masa-kerja-kpps")
        #expect(StageLine.render(kpps, today: .tgl("2024-01-01"), lang: .id)
            == "Masa kerja KPPS · Pemilu 2024 — 25 Januari – 23 Februari 2024 (H-24) · sumber berbeda")
        let drafting = try hit("pemilu2024", "penyusunan-peraturan-kpu")
        #expect(StageLine.render(drafting, today: .tgl("2024-01-01"), lang: .en)
            == "Drafting KPU regulations · Pemilu 2024 — 14 June 2022 – 14 December 2023 (past) · unconfirmed")
    }

    @Test func withoutTheCalendarName() throws {
        let quiet = try hit("pemilu2024", "masa-tenang").stage
        #expect(StageLine.render(quiet, calendarName: nil, today: .tgl("2024-02-12"), lang: .id)
            == "Masa tenang — 11–13 Februari 2024 (sedang berlangsung, s.d. H-1)")
    }

    @Test func sameInstantDifferentZones() throws {
        let voting = try hit("pilkada2024", "pemungutan-suara")
        let clock = FixedClock(try #require(ISO8601DateFormatter().date(from: "2024-11-26T16:30:00Z")))
        #expect(StageLine.render(voting, today: Countdown.today(clock: clock, zona: .WIB), lang: .id)
            .hasSuffix("(H-1, besok)"))
        #expect(StageLine.render(voting, today: Countdown.today(clock: clock, zona: .WIT), lang: .id)
            .hasSuffix("(H-0, hari ini)"))
    }
}

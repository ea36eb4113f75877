import Testing
@testable import RakorCore

@Suite struct DateSpanTests {
    @Test func rangesDaysAndOpenStarts() throws {
        let campaign = try #require(DateSpan(start: .tgl("2024-09-25"), end: .tgl("2024-11-23")))
        #expect(!campaign.isSingleDay)
        #expect(campaign.dayCount == 60)
        #expect(campaign.covers(.tgl("2024-09-25")) && campaign.covers(.tgl("2024-11-23")))
        #expect(!campaign.covers(.tgl("2024-11-24")))
        #expect(campaign.distance(from: .tgl("2024-09-20")) == 5)
        #expect(campaign.distance(from: .tgl("2024-10-01")) == 0)
        #expect(campaign.distance(from: .tgl("2024-11-26")) == 3)
        #expect(campaign.description == "2024-09-25..2024-11-23")

        let voting = DateSpan(day: .tgl("2024-11-27"))
        #expect(voting.isSingleDay && voting.dayCount == 1 && voting.description == "2024-11-27")

        let deadline = try #require(DateSpan(start: nil, end: .tgl("2024-01-26")))
        #expect(deadline.first == .tgl("2024-01-26"))
        #expect(!deadline.covers(.tgl("2024-01-01")))
        #expect(deadline.covers(.tgl("2024-01-26")))
        #expect(deadline.description == "..2024-01-26")

        #expect(DateSpan(start: .tgl("2024-11-28"), end: .tgl("2024-11-27")) == nil)
        #expect(campaign.overlaps(LocalDate.tgl("2024-11-23")...LocalDate.tgl("2024-12-01")))
        #expect(!campaign.overlaps(LocalDate.tgl("2024-11-24")...LocalDate.tgl("2024-12-01")))
    }

    @Test func chronologicalOrder() throws {
        let calendar = try ShippedCalendars.calendar("pilkada2024")
        let order = calendar.chronological.map(\.id)
        #expect(order.first == "perencanaan-program-anggaran")
        #expect(order.last == "penghitungan-rekapitulasi")
        // Same first day: the shorter stage first.
        #expect(order.firstIndex(of: "pendaftaran-paslon")! < order.firstIndex(of: "penelitian-persyaratan")!)
        #expect(order.count == calendar.stages.count)
    }
}

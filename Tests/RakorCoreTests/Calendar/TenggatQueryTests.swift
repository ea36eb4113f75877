import Testing
@testable import RakorCore

@Suite struct TenggatQueryTests {
    func parse(_ text: String) throws(CommandFailure) -> TenggatQuery {
        try TenggatQuery(parsing: text)
    }

    func failure(_ text: String) -> CommandFailure? {
        do {
            let query = try parse(text)
            Issue.record("expected a failure for \(text), got \(query)")
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyIsTheNextThirtyDays() throws {
        #expect(try parse("") == .upcoming(days: 30))
        #expect(try parse("   \n ") == .upcoming(days: 30))
    }

    @Test(arguments: ["2024-11-27", "27-11-2024", "27/11/2024", "2024/11/27", " 27-11-2024 "])
    func datesInSeveralShapes(text: String) throws {
        #expect(try parse(text) == .on(.tgl("2024-11-27")))
    }

    @Test func shortDayAndMonth() throws {
        #expect(try parse("5/1/2025") == .on(.tgl("2025-01-05")))
        #expect(try parse("2025-1-5") == .on(.tgl("2025-01-05")))
    }

    @Test func invalidDatesAreRefused() throws {
        for text in ["2024-02-30", "31/04/2024", "2023-02-29", "00-01-2024"] {
            let error = failure(text)
            #expect(error?.code == .badArguments, "\(text)")
            #expect(error?.message.id.contains(text) == true)
        }
        // Leap day exists in 2024.
        #expect(try parse("29-02-2024") == .on(.tgl("2024-02-29")))
    }

    @Test func dateRanges() throws {
        let november = TenggatQuery.between(.tgl("2024-11-01"), .tgl("2024-11-30"))
        for text in ["2024-11-01 2024-11-30", "2024-11-01 s.d. 2024-11-30", "01/11/2024 sampai 30/11/2024",
                     "2024-11-01 to 2024-11-30", "2024-11-01 - 2024-11-30", "2024-11-01..2024-11-30",
                     "2024-11-01 hingga 30-11-2024"] {
            #expect(try parse(text) == november, "\(text)")
        }
        #expect(failure("2024-11-30 s.d. 2024-11-01")?.code == .badArguments)
        #expect(failure("2024-01-01 s.d. 2025-12-31")?.code == .badArguments)
    }

    @Test func windows() throws {
        #expect(try parse("7 hari") == .upcoming(days: 7))
        #expect(try parse("7 Hari") == .upcoming(days: 7))
        #expect(try parse("14 days") == .upcoming(days: 14))
        #expect(try parse("1 day") == .upcoming(days: 1))
        #expect(try parse("10 hr") == .upcoming(days: 10))
        #expect(try parse("10hari") == .upcoming(days: 10))
        #expect(try parse("45") == .upcoming(days: 45))
        #expect(try parse("2 minggu") == .upcoming(days: 14))
        #expect(try parse("3 weeks") == .upcoming(days: 21))
        #expect(try parse("366 hari") == .upcoming(days: 366))
        #expect(try parse("hari ini") == .upcoming(days: 0))
        #expect(try parse("Today") == .upcoming(days: 0))
        #expect(try parse("bulan ini") == .restOfMonth)
        #expect(try parse("this month") == .restOfMonth)
    }

    @Test func windowsOutOfRangeAreRefused() {
        for text in ["0 hari", "367 hari", "-5 hari", "99999 days", "53 minggu", "0"] {
            let error = failure(text)
            #expect(error?.code == .badArguments, "\(text)")
            #expect(error?.message.id.contains("1–366") == true)
            #expect(error?.message.en.contains("1–366") == true)
        }
    }

    @Test func everythingElseIsASearch() throws {
        #expect(try parse("pemungutan suara pilkada 2024") == .search("pemungutan suara pilkada 2024"))
        #expect(try parse("  masa   Tenang ") == .search("masa Tenang"))
        #expect(try parse("2024") == .search("2024")) // a year, not a 2024-day window
        #expect(try parse("7 kali") == .search("7 kali"))
        #expect(try parse("27 november") == .search("27 november"))
        #expect(try parse("2024-11-27 pilkada") == .search("2024-11-27 pilkada"))
        #expect(failure(String(repeating: "a", count: 201))?.code == .badArguments)
    }

    @Test func rangesRelativeToToday() throws {
        let today = LocalDate.tgl("2024-11-20")
        #expect(TenggatQuery.upcoming(days: 30).range(today: today) == today...LocalDate.tgl("2024-12-20"))
        #expect(TenggatQuery.upcoming(days: 0).range(today: today) == today...today)
        #expect(TenggatQuery.on(.tgl("2024-11-27")).range(today: today) == LocalDate.tgl("2024-11-27")...LocalDate.tgl("2024-11-27"))
        #expect(TenggatQuery.restOfMonth.range(today: today) == today...LocalDate.tgl("2024-11-30"))
        #expect(TenggatQuery.restOfMonth.range(today: .tgl("2024-02-10")) == LocalDate.tgl("2024-02-10")...LocalDate.tgl("2024-02-29"))
        #expect(TenggatQuery.search("x").range(today: today) == nil)
    }
}

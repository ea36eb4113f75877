import RakorCommands
import RakorCore
import Testing

@Suite("ListFilters")
struct ListFiltersTests {
    func arguments(_ text: String) -> CommandArguments {
        CommandArguments(text: text, tokens: Tokenizer.tokenize(text)[...], usage: Localized("/x"))
    }

    func parse(_ text: String) throws(CommandFailure) -> ListFilters<TugasStatus> {
        var args = arguments(text)
        return try ListFilters<TugasStatus>.parse(&args, mentionRole: Localized("Org"), status: TugasStatus.init(word:)) {
            Localized("not understood: \($0)")
        }
    }

    @Test func readsEveryFilterInAnyOrder() throws {
        let filters = try parse("halaman 2 selesai @kpu-banjar rakor R-3 batal selesai")
        #expect(filters.page == 2)
        #expect(filters.mention == "kpu-banjar")
        #expect(filters.rakor == ItemID(.rakor, 3))
        #expect(filters.statuses == [.selesai, .batal], "a repeated status counts once, first order kept")
        #expect(try parse("R-7").rakor == ItemID(.rakor, 7), "a bare meeting id needs no keyword")
        let none = try parse("")
        #expect(none.mention == nil && none.statuses.isEmpty && none.rakor == nil && none.page == 1)
    }

    @Test func refusesTwoOrganisationsAndUnknownWords() {
        #expect(throws: CommandFailure.self) { try parse("@kpu-banjar @kpu-tanbu") }
        do {
            _ = try parse("selesai kemarin")
            Issue.record("an unknown word must be refused")
        } catch {
            #expect(error.code == .badArguments)
            #expect(error.message.en.contains("not understood: kemarin"))
        }
        #expect(throws: CommandFailure.self) { try parse("rakor T-1") }
    }

    @Test func meetingIsTakenOnlyWhenItComesNext() throws {
        var args = arguments("T-1 R-2")
        #expect(try args.meeting() == nil)
        #expect(args.peek()?.text == "T-1")
        var keyword = arguments("meeting R-4 sisa")
        #expect(try keyword.meeting() == ItemID(.rakor, 4))
        #expect(keyword.peek()?.text == "sisa")
    }
}

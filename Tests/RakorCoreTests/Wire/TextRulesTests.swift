import Testing
@testable import RakorCore

@Suite struct TextRulesTests {
    @Test func countsUnicodeScalars() {
        #expect(TextRules.scalarCount("") == 0)
        #expect(TextRules.scalarCount("abc") == 3)
        #expect(TextRules.scalarCount("é€😀") == 3)
        #expect(TextRules.scalarCount("e\u{301}") == 2)
        #expect(TextRules.scalarCount("👍🏽") == 2)
        #expect(TextRules.scalarCount("🇮🇩") == 2)
    }

    @Test func findsControlCharacters() {
        #expect(TextRules.firstControl(in: "ok text é", allowingLineBreaks: false) == nil)
        #expect(TextRules.firstControl(in: "a\tb", allowingLineBreaks: false) == "\t")
        #expect(TextRules.firstControl(in: "a\tb\r\nc", allowingLineBreaks: true) == nil)
        #expect(TextRules.firstControl(in: "a\u{7F}", allowingLineBreaks: true) == "\u{7F}")
        #expect(TextRules.firstControl(in: "a\u{85}", allowingLineBreaks: true) == "\u{85}")
        #expect(TextRules.firstControl(in: "a\u{9F}", allowingLineBreaks: true) == "\u{9F}")
        // U+00A0 and U+00C2 are not controls even though their UTF-8 starts with C2/C3.
        #expect(TextRules.firstControl(in: "\u{A0}\u{C2}\u{80}x", allowingLineBreaks: true) == "\u{80}")
        #expect(TextRules.firstControl(in: "\u{A0}\u{C2}", allowingLineBreaks: true) == nil)
        #expect(TextRules.codePoint("\u{7}") == "U+0007")
        #expect(TextRules.codePoint("\u{1F600}") == "U+1F600")
    }
}

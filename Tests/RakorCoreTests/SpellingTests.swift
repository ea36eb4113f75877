import Testing
@testable import RakorCore

@Suite("Spelling")
struct SpellingTests {
    @Test func boundedDistance() {
        #expect(Spelling.distance("tenggat", "tenggat", limit: 2) == 0)
        #expect(Spelling.distance("tengat", "tenggat", limit: 2) == 1)
        #expect(Spelling.distance("tenggta", "tenggat", limit: 2) == 1) // transposition
        #expect(Spelling.distance("jadwal", "tugas", limit: 2) == 3)  // limit + 1
        #expect(Spelling.distance("", "abc", limit: 5) == 3)
        #expect(Spelling.distance("a", "abcdef", limit: 2) == 3)
    }

    @Test func closestPrefersTheNearestThenTheFirstListed() {
        let words = ["bantuan", "berhenti", "jadwal", "tenggat", "tugas"]
        #expect(Spelling.closest(to: "tugsa", in: words) == "tugas")
        #expect(Spelling.closest(to: "jadwl", in: words) == "jadwal")
        #expect(Spelling.closest(to: "zzzzzz", in: words) == nil)
        #expect(Spelling.closest(to: "ab", in: ["ax", "ay"], limit: 1) == "ax")
    }

    @Test func directoryKeysAllowAboutOneEditPerThreeLetters() {
        #expect(Spelling.distance("parnet", "parent", limit: 3) == 1)
        #expect(DirectorySpelling.closest(to: "koordinater", in: Role.allCases.map(\.rawValue)) == "koordinator")
        #expect(DirectorySpelling.closest(to: "xyz", in: Role.allCases.map(\.rawValue)) == nil)
        // "lvl" is one letter short of three: one edit is allowed, not two.
        #expect(DirectorySpelling.closest(to: "lvl", in: ["level"]) == nil)
    }
}

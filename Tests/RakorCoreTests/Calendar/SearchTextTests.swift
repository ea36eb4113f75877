import Testing
@testable import RakorCore

@Suite struct SearchTextTests {
    @Test func tokensFoldCaseAccentsAndPunctuation() {
        #expect(SearchText.tokens("Pemungutan Suara, Pilkada-2024!") == ["pemungutan", "suara", "pilkada", "2024"])
        #expect(SearchText.tokens("pilkada2024") == ["pilkada", "2024"])
        #expect(SearchText.tokens("Pémilu  ÉLECTION") == ["pemilu", "election"])
        #expect(SearchText.tokens("DP4") == ["dp", "4"])
        #expect(SearchText.tokens("  ...  ") == [])
        #expect(SearchText.compactKey("Pilkada 2024") == "pilkada2024")
        #expect(SearchText.compactKey("PILKADA_2024") == "pilkada2024")
    }

    @Test func boundedDamerauLevenshtein() {
        func d(_ a: String, _ b: String, _ limit: Int = 5) -> Int {
            EditDistance.bounded(Array(a.utf8), Array(b.utf8), limit: limit)
        }
        #expect(d("suara", "suara") == 0)
        #expect(d("suwara", "suara") == 1)      // insertion
        #expect(d("pemungutn", "pemungutan") == 1) // deletion
        #expect(d("suata", "suara") == 1)       // substitution
        #expect(d("voitng", "voting") == 1)     // transposition
        #expect(d("kitten", "sitting") == 3)
        #expect(d("", "abc") == 3)
        #expect(d("abcdef", "uvwxyz", 2) == 3)  // stops at limit + 1
        #expect(d("a", "abcdefgh", 2) == 3)     // length difference alone exceeds the limit
    }

    @Test func boundedDistanceAgreesWithAFullComputation() {
        // Unbanded optimal-string-alignment distance, the textbook way.
        func reference(_ a: [UInt8], _ b: [UInt8]) -> Int {
            var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0...a.count { d[i][0] = i }
            for j in 0...b.count { d[0][j] = j }
            for i in stride(from: 1, through: a.count, by: 1) {
                for j in stride(from: 1, through: b.count, by: 1) {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                    }
                }
            }
            return d[a.count][b.count]
        }
        // A fixed linear congruential sequence: reproducible, many near-misses on a 3-letter alphabet.
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        func word() -> [UInt8] { (0..<next(9)).map { _ in UInt8(97 + next(3)) } }
        var compared = 0
        for _ in 0..<3000 {
            let (a, b) = (word(), word())
            for limit in 0...3 {
                let expected = min(reference(a, b), limit + 1)
                let actual = EditDistance.bounded(a, b, limit: limit)
                #expect(actual == expected, "\(String(decoding: a, as: UTF8.self)) / \(String(decoding: b, as: UTF8.self)) limit \(limit)")
                if actual != expected { return }
                compared += 1
            }
        }
        #expect(compared == 12000)
    }

    @Test func matchQualityThresholdsGrowWithLength() {
        func m(_ a: String, _ b: String) -> Double { CalendarSearch.match(Array(a.utf8), Array(b.utf8)) }
        #expect(m("suara", "suara") == 1)
        #expect(m("kampa", "kampanye") == 0.9)
        #expect(m("kampanyenya", "kampanye") == 0.9)
        #expect(m("suwara", "suara") == 0.8)
        #expect(m("pemngutann", "pemungutan") == 0.65)
        #expect(m("pemungtn", "pemungutan") == 0)   // eight letters: one typo only
        #expect(m("dana", "data") == 0)   // four letters: exact only
        #expect(m("kpu", "kps") == 0)
        #expect(m("sapi", "suara") == 0)
        #expect(m("abcde", "vwxyz") == 0)
        #expect(m("abcdefghij", "abcdefghxy") == 0.65)
        #expect(m("abcdefghij", "abcdefgxyz") == 0)
    }

    @Test func vocabularyRoles() {
        #expect(SearchVocabulary.isNoise("kapan"))
        #expect(SearchVocabulary.isNoise("when"))
        #expect(SearchVocabulary.isNoise("s"))
        #expect(!SearchVocabulary.isNoise("4"))
        #expect(!SearchVocabulary.isNoise("suara"))
        #expect(SearchVocabulary.kindHint("pilkada") == .pilkada)
        #expect(SearchVocabulary.kindHint("regional") == .pilkada)
        #expect(SearchVocabulary.kindHint("pilkda") == .pilkada)
        #expect(SearchVocabulary.kindHint("pemlu") == .pemilu)
        #expect(SearchVocabulary.kindHint("pemilih") == nil)
        #expect(SearchVocabulary.year("2024") == 2024)
        #expect(SearchVocabulary.year("24") == nil)
        #expect(SearchVocabulary.year("0420") == nil)
    }
}

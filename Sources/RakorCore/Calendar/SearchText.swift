import Foundation

/// How search text is normalised, the same way for queries and for stage
/// names: lower case, accents removed (`Pemilihan Umum`, `pemilihan umum`,
/// `pémilu` agree), split into runs of letters or of digits (`pilkada2024`
/// is `pilkada` + `2024`); punctuation separates.
enum SearchText {
    static func tokens(_ text: some StringProtocol) -> [String] {
        var tokens: [String] = []
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // The common case (typed Indonesian/English): bytes only, no Foundation.
            var current: [UInt8] = []
            var currentIsDigit = false
            func flush() {
                if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
            }
            for byte in text.utf8 {
                let lower = byte >= 65 && byte <= 90 ? byte + 32 : byte
                let isLetter = lower >= 97 && lower <= 122
                let isDigit = lower >= 48 && lower <= 57
                if isLetter || isDigit {
                    if !current.isEmpty && isDigit != currentIsDigit { flush() }
                    currentIsDigit = isDigit
                    current.append(lower)
                } else {
                    flush()
                }
            }
            flush()
            return tokens
        }
        let folded = String(text).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
                                          locale: nil)
        var current = String.UnicodeScalarView()
        var currentIsDigit = false
        func flush() {
            if !current.isEmpty { tokens.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in folded.unicodeScalars {
            let isDigit = scalar.properties.numericType == .decimal
            let isLetter = !isDigit && (scalar.properties.isAlphabetic)
            if isLetter || isDigit {
                if !current.isEmpty && isDigit != currentIsDigit { flush() }
                currentIsDigit = isDigit
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    /// Letters and digits only, joined: the key calendar names are looked up by
    /// (`Pilkada 2024`, `pilkada-2024` and `PILKADA2024` are all `pilkada2024`).
    static func compactKey(_ text: some StringProtocol) -> String {
        tokens(text).joined()
    }

    static func isNumber(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}

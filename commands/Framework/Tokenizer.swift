import RakorCore

/// One word of a chat command as typed. Quoted titles (`"…"`, `“…”`) are one
/// token; `@org` mentions are marked; every token remembers where it stood so
/// a handler can take "the rest of the line" as free text (a note, a reason).
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A bare word: `baru`, `T-12`, `2024-11-27`, `Rp`, `1.250.000.000`.
        case word
        /// A quoted text, quotes removed.
        case quoted
        /// `@kesbangpol-banjar`, the `@` removed.
        case mention
    }

    public let kind: Kind
    public let text: String
    /// Where the token starts in the original text (for `rest(after:)`).
    public let start: String.Index
    public let end: String.Index

    /// Lower-cased text of a word, for matching command names and keywords.
    public var lowered: String { text.lowercased() }
}

/// Splits a command line into tokens. It never fails: an unterminated quote
/// runs to the end of the line (the handler then reports what is missing).
public enum Tokenizer {
    static let openingQuotes: Set<Character> = ["\"", "“", "”", "„", "«"]
    static let closingFor: [Character: Set<Character>] = [
        "\"": ["\"", "”", "“"], "“": ["”", "\"", "“"], "”": ["”", "\"", "“"], "„": ["“", "”", "\""], "«": ["»"],
    ]

    public static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
                continue
            }
            if openingQuotes.contains(character) {
                let closers = closingFor[character] ?? ["\""]
                let contentStart = text.index(after: index)
                var cursor = contentStart
                while cursor < text.endIndex, !closers.contains(text[cursor]) {
                    cursor = text.index(after: cursor)
                }
                let content = String(text[contentStart..<cursor])
                let end = cursor < text.endIndex ? text.index(after: cursor) : cursor
                tokens.append(Token(kind: .quoted, text: content.trimmingWhitespace(), start: index, end: end))
                index = end
                continue
            }
            var cursor = index
            while cursor < text.endIndex, !text[cursor].isWhitespace {
                cursor = text.index(after: cursor)
            }
            let word = text[index..<cursor]
            if word.count > 1, word.first == "@" {
                tokens.append(Token(kind: .mention, text: String(word.dropFirst()), start: index, end: cursor))
            } else {
                tokens.append(Token(kind: .word, text: String(word), start: index, end: cursor))
            }
            index = cursor
        }
        return tokens
    }
}

extension StringProtocol {
    /// Trims spaces and newlines at both ends (Foundation-free).
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}

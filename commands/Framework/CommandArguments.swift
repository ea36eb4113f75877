import RakorCore

/// The words after a command's name, read left to right by its handler. Every
/// "missing" or "malformed" ends in a `bad_arguments` failure that names the
/// argument and repeats the command's usage, so the official can retype it.
public struct CommandArguments: Sendable {
    public let text: String
    public let usage: Localized
    private var remaining: ArraySlice<Token>

    public init(text: String, tokens: ArraySlice<Token>, usage: Localized) {
        self.text = text
        self.remaining = tokens
        self.usage = usage
    }

    public var isEmpty: Bool { remaining.isEmpty }
    public var count: Int { remaining.count }
    public func peek() -> Token? { remaining.first }
    /// The tokens not read yet.
    public var rest: ArraySlice<Token> { remaining }

    public mutating func next() -> Token? {
        remaining.popFirst()
    }

    /// A failure that names the problem and shows the usage.
    public func failure(_ problem: Localized) -> CommandFailure {
        CommandFailure(.badArguments,
                       id: "\(problem.id)\nFormat: \(usage.id)",
                       en: "\(problem.en)\nUsage: \(usage.en)")
    }

    /// Consumes the next word if it is one of `words` (compared lower-cased).
    public mutating func take(keyword words: Set<String>) -> Bool {
        guard let token = remaining.first, token.kind == .word, words.contains(token.lowered) else { return false }
        remaining.removeFirst()
        return true
    }

    /// A quoted text such as a title: `"Peta rawan konflik"`. A single bare
    /// word is accepted too; several bare words are not (ambiguous end).
    public mutating func quoted(_ what: Localized, maxLength: Int = 500) throws(CommandFailure) -> String {
        guard let token = remaining.first else {
            throw failure(Localized(id: "\(what.id) belum diisi (tulis di antara tanda kutip).",
                                    en: "\(what.en) is missing (write it in quotes)."))
        }
        guard token.kind == .quoted || token.kind == .word else {
            throw failure(Localized(id: "\(what.id) harus ditulis di antara tanda kutip.",
                                    en: "\(what.en) must be written in quotes."))
        }
        let value = token.text
        guard !value.isEmpty else {
            throw failure(Localized(id: "\(what.id) kosong.", en: "\(what.en) is empty."))
        }
        guard value.count <= maxLength else {
            throw failure(Localized(id: "\(what.id) terlalu panjang (maks. \(maxLength) karakter).",
                                    en: "\(what.en) is too long (max \(maxLength) characters)."))
        }
        remaining.removeFirst()
        return value
    }

    /// An organisation mention: `@kesbangpol-banjar`.
    public mutating func mention(_ what: Localized) throws(CommandFailure) -> String {
        guard let token = remaining.first, token.kind == .mention else {
            throw failure(Localized(id: "\(what.id) belum disebut (contoh: @kesbangpol-banjar).",
                                    en: "\(what.en) is missing (e.g. @kesbangpol-banjar)."))
        }
        remaining.removeFirst()
        return token.text
    }

    /// An id such as `T-12`.
    public mutating func itemID(_ kind: ItemKind, _ what: Localized) throws(CommandFailure) -> ItemID {
        guard let token = remaining.first else {
            throw failure(Localized(id: "\(what.id) belum diisi (contoh: \(kind.rawValue)-1).",
                                    en: "\(what.en) is missing (e.g. \(kind.rawValue)-1)."))
        }
        guard let id = ItemID(parsing: token.text, expected: kind) else {
            throw failure(Localized(id: "'\(token.text)' bukan \(what.id) (contoh: \(kind.rawValue)-1).",
                                    en: "'\(token.text)' is not a \(what.en) (e.g. \(kind.rawValue)-1)."))
        }
        remaining.removeFirst()
        return id
    }

    /// A date: `2024-11-27`, `27-11-2024` or `27/11/2024`.
    public mutating func date(_ what: Localized) throws(CommandFailure) -> LocalDate {
        guard let token = remaining.first else {
            throw failure(Localized(id: "\(what.id) belum diisi (YYYY-MM-DD).",
                                    en: "\(what.en) is missing (YYYY-MM-DD)."))
        }
        guard let date = CommandArguments.parseDate(token.text) else {
            throw failure(Localized(id: "'\(token.text)' bukan tanggal yang sah (YYYY-MM-DD).",
                                    en: "'\(token.text)' is not a valid date (YYYY-MM-DD)."))
        }
        remaining.removeFirst()
        return date
    }

    /// The rest of the line as typed (free text such as a note), or nil.
    public mutating func restOfLine(maxLength: Int = 1000) throws(CommandFailure) -> String? {
        guard let first = remaining.first else { return nil }
        let value = String(text[first.start...]).trimmingWhitespace()
        remaining.removeAll()
        guard value.count <= maxLength else {
            throw failure(Localized(id: "Catatan terlalu panjang (maks. \(maxLength) karakter).",
                                    en: "The note is too long (max \(maxLength) characters)."))
        }
        return value.isEmpty ? nil : value
    }

    /// Refuses leftovers, so a typo in an optional part is not silently ignored.
    public func expectEnd() throws(CommandFailure) {
        if let token = remaining.first {
            throw failure(Localized(id: "Tidak dipahami: '\(token.text)'.", en: "Not understood: '\(token.text)'."))
        }
    }

    /// `2024-11-27`, `27-11-2024`, `27/11/2024`.
    public static func parseDate(_ text: String) -> LocalDate? {
        if let iso = LocalDate(iso: text) { return iso }
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, parts[2].count == 4, parts[0].count <= 2, parts[1].count <= 2,
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }
}

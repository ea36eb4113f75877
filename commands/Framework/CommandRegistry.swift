import RakorCore

/// How a command line resolved against the registry.
public enum CommandResolution: Sendable {
    /// A command; `consumed` tokens were its name; `typed` is the language of
    /// the words used (`/task new` is English, `/tugas baru` Indonesian).
    case matched(CommandSpec, consumed: Int, typed: Lang)
    /// A family word with a missing or unknown sub-command (`/tugas`, `/tugas foo`).
    case incomplete(family: String, options: [CommandSpec], typed: Lang)
    /// An unknown command word, with the closest known one if it is near.
    case unknown(word: String, suggestion: String?)
    /// The text does not start with `/`.
    case notACommand
}

/// All commands, indexed by their first word in both languages. Resolution
/// is a dictionary lookup and a few word comparisons: it runs per command on
/// the hot path.
public struct CommandRegistry: Sendable {
    struct Entry: Sendable {
        let path: [String]
        let lang: Lang
        let spec: CommandSpec
    }

    public let specs: [CommandSpec]
    private let byFirstWord: [String: [Entry]]

    public init(_ specs: [CommandSpec]) {
        self.specs = specs
        var index: [String: [Entry]] = [:]
        for spec in specs {
            let paths = [(spec.words, Lang.id)] + spec.aliases.map { ($0, Lang.en) }
            for (path, lang) in paths {
                guard let first = path.first?.lowercased() else { continue }
                index[first, default: []].append(Entry(path: path.map { $0.lowercased() }, lang: lang, spec: spec))
            }
        }
        for key in index.keys {
            index[key]?.sort { $0.path.count > $1.path.count }
        }
        byFirstWord = index
    }

    /// Every command word (without `/`) in both languages.
    public var commandWords: [String] { byFirstWord.keys.sorted() }

    /// The specs of a family, by Indonesian or English family word.
    public func family(_ word: String) -> [CommandSpec] {
        guard let entries = byFirstWord[word.lowercased()] else { return [] }
        var seen = Set<String>()
        return entries.compactMap { seen.insert($0.spec.name).inserted ? $0.spec : nil }
            .sorted { $0.words.count == $1.words.count ? $0.name < $1.name : $0.words.count < $1.words.count }
    }

    public func resolve(_ tokens: [Token]) -> CommandResolution {
        guard let head = tokens.first, head.kind == .word, head.text.hasPrefix("/"), head.text.count > 1 else {
            return .notACommand
        }
        let word = CommandRegistry.commandWord(head.text)
        guard let entries = byFirstWord[word] else {
            return .unknown(word: word, suggestion: suggestion(for: word))
        }
        for entry in entries where entry.path.count <= tokens.count {
            var matches = true
            for offset in 1..<max(entry.path.count, 1) where entry.path.count > 1 {
                let token = tokens[offset]
                if token.kind != .word || token.lowered != entry.path[offset] {
                    matches = false
                    break
                }
            }
            if matches { return .matched(entry.spec, consumed: entry.path.count, typed: entry.lang) }
        }
        let lang = entries.first?.lang ?? .id
        return .incomplete(family: entries.first?.spec.family ?? word, options: family(word), typed: lang)
    }

    /// `/Tugas@rakorbot` → `tugas` (chat apps append the bot's name).
    static func commandWord(_ text: String) -> String {
        var word = text.dropFirst()
        if let at = word.firstIndex(of: "@") { word = word[..<at] }
        return word.lowercased()
    }

    private func suggestion(for word: String) -> String? {
        // Sorted so the suggestion does not depend on dictionary order.
        Spelling.closest(to: word, in: commandWords, limit: 2).map { "/" + $0 }
    }
}

import RakorCore

/// What a handler returns: the reply text for the chat and, for bridges and
/// integrations, the same result as structured data.
public struct CommandReply: Sendable {
    public var text: String
    public var data: JSONValue?

    public init(text: String, data: JSONValue? = nil) {
        self.text = text
        self.data = data
    }
}

/// A handler: reads its arguments, checks what it needs in the context,
/// changes state through `context.store`, records audit events in
/// `context.effects`, and returns the reply. It throws `CommandFailure` for
/// anything the sender should be told (`bad_arguments`, `not_found`,
/// `conflict`, `forbidden`); anything else is an `internal` error.
public typealias CommandHandler = @Sendable (inout CommandContext, inout CommandArguments) throws -> CommandReply

/// One command: its words in Indonesian and its English aliases, its usage
/// and summary in both languages, the permission it needs, and its handler.
/// Each command family file in `commands/` declares its specs beside their
/// handlers; `CommandRegistry.standard` gathers them.
public struct CommandSpec: Sendable {
    /// The Indonesian words after the slash: `["tugas", "baru"]`.
    public let words: [String]
    /// English (and other) spellings: `[["task", "new"]]`.
    public let aliases: [[String]]
    public let usage: Localized
    public let summary: Localized
    /// The action checked before the handler runs with the sender's own
    /// organisation as target; handlers check targets they name themselves.
    public let aksi: Aksi
    /// Whether the handler may change state (it then runs in a savepoint).
    public let mutates: Bool
    /// A longer explanation for `/bantuan <perintah>` (the forms the
    /// arguments take, what the reply contains); nil: the summary says it all.
    public let details: Localized?
    /// Complete command lines `/bantuan <perintah>` shows as examples, each
    /// written in the language it is shown in (`/tugas baru …` / `/task new …`).
    public let examples: [Localized]
    public let handler: CommandHandler

    public init(words: [String], aliases: [[String]], usage: Localized, summary: Localized,
                aksi: Aksi, mutates: Bool, details: Localized? = nil, examples: [Localized] = [],
                handler: @escaping CommandHandler) {
        self.words = words
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.aksi = aksi
        self.mutates = mutates
        self.details = details
        self.examples = examples
        self.handler = handler
    }

    /// `/tugas baru`.
    public var name: String { "/" + words.joined(separator: " ") }
    /// The family word: `tugas`.
    public var family: String { words.first ?? "" }
    /// The first English alias as typed: `/task new` (the Indonesian name when there is none).
    public var englishName: String {
        aliases.first.map { "/" + $0.joined(separator: " ") } ?? name
    }
    /// The name in `lang`: `/tugas baru` or `/task new`.
    public func name(_ lang: Lang) -> String { lang == .id ? name : englishName }
}

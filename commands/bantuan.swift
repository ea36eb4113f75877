import RakorCore

/// `/bantuan [perintah]` (`/help [command]`).
///
/// Without an argument: the commands this sender may use (what
/// `PermissionPolicy.permittedActions` allows their roles), grouped by
/// family, one line each. With one (`/bantuan tugas`, `/help task`,
/// `/help deadline`): that family's usages with their explanation and
/// examples. Both come from the specs in the registry, so a new command file
/// shows up here without touching this one.
public enum BantuanFamily {
    public static let specs: [CommandSpec] = [
        CommandSpec(
            words: ["bantuan"], aliases: [["help"]],
            usage: Localized(id: "/bantuan [perintah]", en: "/help [command]"),
            summary: Localized(id: "perintah yang dapat Anda gunakan, atau cara memakai satu perintah",
                               en: "the commands you may use, or how to use one of them"),
            aksi: .bantuan, mutates: false,
            details: Localized(
                id: "Tanpa argumen: daftar perintah sesuai peran Anda. Dengan nama perintah (Indonesia atau Inggris): cara memakainya dan contohnya.",
                en: "Without an argument: the commands your role allows. With a command name (Indonesian or English): how to use it, with examples."),
            examples: [Localized(id: "/bantuan tenggat", en: "/help deadline"),
                       Localized(id: "/bantuan tugas baru", en: "/help task new")],
            handler: bantuan),
    ]

    static func bantuan(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws(CommandFailure) -> CommandReply {
        guard let topic = arguments.next() else { return overview(context) }
        let word = topicWord(topic.text)
        let family = context.registry.family(word)
        guard !family.isEmpty else { throw unknownTopic(word, registry: context.registry) }
        // `/bantuan tugas baru`: one sub-command; an unknown second word still gets the whole family.
        var shown = family
        if let next = arguments.next(), next.kind == .word {
            let sub = next.lowered
            let chosen = family.filter { spec in
                ([spec.words] + spec.aliases).contains { $0.count > 1 && $0[1].lowercased() == sub }
            }
            if !chosen.isEmpty { shown = chosen }
        }
        return detail(shown, familyWord: word, context)
    }

    /// `/Tugas@rakorbot` → `tugas`.
    static func topicWord(_ text: String) -> String {
        var word = Substring(text)
        while word.first == "/" { word = word.dropFirst() }
        if let at = word.firstIndex(of: "@") { word = word[..<at] }
        return word.lowercased()
    }

    static func unknownTopic(_ word: String, registry: CommandRegistry) -> CommandFailure {
        let suggestion = Spelling.closest(to: word, in: registry.commandWords, limit: 2)
        let hint = suggestion.map { Localized(id: " Maksud Anda /\($0)?", en: " Did you mean /\($0)?") } ?? Localized("")
        return CommandFailure(.notFound,
                              id: "Tidak ada perintah /\(word).\(hint.id) Ketik /bantuan untuk daftar perintah.",
                              en: "There is no /\(word) command.\(hint.en) Type /help for the list of commands.")
    }

    // MARK: Overview

    static func overview(_ context: CommandContext) -> CommandReply {
        let lang = context.lang
        let permitted = Set(PermissionPolicy.permittedActions(of: context.user, in: context.directory))
        let usable = context.registry.specs.filter { permitted.contains($0.aksi) }
        var lines = [context.text(id: "Perintah yang dapat Anda gunakan (\(roles(context)) · \(context.organisation.displayName)):",
                                  en: "Commands you can use (\(roles(context)) · \(context.organisation.displayName)):")]
        // A family of several commands stands apart; one-command families run together.
        var previousCount = 0
        for group in groupedByFamily(usable) {
            if previousCount != 1 || group.count > 1 { lines.append("") }
            for spec in group { lines.append("• \(spec.usage(lang)) — \(spec.summary(lang))") }
            previousCount = group.count
        }
        lines.append("")
        lines.append(context.text(id: "Ketik /bantuan <perintah> untuk penjelasan dan contoh, mis. /bantuan tenggat.",
                                  en: "Type /help <command> for details and examples, e.g. /help deadline."))
        let data: JSONValue = [
            "commands": .array(usable.map { .string($0.name) }),
            "roles": .array(context.user.roles.sorted().map { .string($0.rawValue) }),
        ]
        return CommandReply(text: lines.joined(separator: "\n"), data: data)
    }

    /// Families in registry order, each family's commands in registry order.
    static func groupedByFamily(_ specs: [CommandSpec]) -> [[CommandSpec]] {
        var order: [String] = []
        var groups: [String: [CommandSpec]] = [:]
        for spec in specs {
            if groups[spec.family] == nil { order.append(spec.family) }
            groups[spec.family, default: []].append(spec)
        }
        return order.compactMap { groups[$0] }
    }

    static func roles(_ context: CommandContext) -> String {
        let roles = context.user.roles.sorted()
        guard !roles.isEmpty else { return context.text(id: "tanpa peran", en: "no role") }
        return roles.map { $0.label(context.lang) }.joined(separator: ", ")
    }

    // MARK: One family

    static func detail(_ specs: [CommandSpec], familyWord: String, _ context: CommandContext) -> CommandReply {
        let lang = context.lang
        let permitted = Set(PermissionPolicy.permittedActions(of: context.user, in: context.directory))
        let familyName = specs.first.map { lang == .id ? "/" + $0.family : "/" + ($0.aliases.first?.first ?? $0.family) }
            ?? "/" + familyWord
        var blocks = [context.text(id: "Bantuan \(familyName):", en: "Help for \(familyName):")]
        for spec in specs {
            var block = [spec.usage(lang)]
            let other = lang == .id ? "English: \(spec.englishName)" : "Indonesian: \(spec.name)"
            block.append("\(sentence(spec.summary(lang))) [\(other)]")
            if let details = spec.details { block.append(details(lang)) }
            for example in spec.examples {
                block.append(context.text(id: "Contoh: ", en: "Example: ") + example(lang))
            }
            if !permitted.contains(spec.aksi) {
                block.append(context.text(id: "⚠ Tidak tersedia untuk peran Anda (\(roles(context))).",
                                          en: "⚠ Not available to your role (\(roles(context)))."))
            }
            blocks.append(block.joined(separator: "\n"))
        }
        let data: JSONValue = [
            "topic": .string(specs.first?.family ?? familyWord),
            "commands": .array(specs.map { .string($0.name) }),
            "available": .array(specs.filter { permitted.contains($0.aksi) }.map { .string($0.name) }),
        ]
        return CommandReply(text: blocks.joined(separator: "\n\n"), data: data)
    }

    /// `the commands you may use` → `The commands you may use.`
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        var result = first.uppercased() + text.dropFirst()
        if let last = result.last, !".!?".contains(last) { result += "." }
        return result
    }
}

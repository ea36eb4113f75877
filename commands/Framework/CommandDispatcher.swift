import Foundation
import RakorCore
import RakorStore

/// The result of running one command line for a known sender.
public struct DispatchOutcome: Sendable {
    public enum Result: Sendable {
        case reply(CommandReply)
        case failure(CommandFailure)
        /// A handler failed for a reason the sender cannot fix (a store error,
        /// a bug): the sender gets `internal`, the operator the log line.
        case internalError(String)
    }

    public var result: Result
    /// The language the reply is in.
    public var lang: Lang
    /// `/tugas baru`, or nil when no command matched.
    public var command: String?
    public var mutates: Bool
    public var effects: CommandEffects

    /// The failure to report, mapping an internal error to the contract's code.
    public var failure: CommandFailure? {
        switch result {
        case .reply: nil
        case .failure(let failure): failure
        case .internalError:
            CommandFailure(.internal, id: "Terjadi kesalahan internal; silakan coba lagi.",
                           en: "An internal error occurred; please try again.")
        }
    }
}

/// Tokenize → resolve → check permission → run the handler (in a savepoint
/// when it may change state). Shared by the pipeline and the tests so both
/// exercise exactly the same path.
public enum CommandDispatcher {
    /// The reply language: the envelope's `lang` if given; else English when
    /// the command was typed with its English alias (`/help`); else the
    /// sender's directory language.
    public static func language(envelope: Lang?, typed: Lang?, user: User) -> Lang {
        if let envelope { return envelope }
        if typed == .en { return .en }
        return user.lang
    }

    public static func dispatch(text: String, commandID: String, chat: String, user: User, envelopeLang: Lang?,
                                now: Date, directory: Directory, calendars: CalendarCatalog,
                                registry: CommandRegistry, store: StoreSession) -> DispatchOutcome {
        let tokens = Tokenizer.tokenize(text)
        let resolution = registry.resolve(tokens)
        func refuse(_ failure: CommandFailure, typed: Lang?, command: String? = nil) -> DispatchOutcome {
            DispatchOutcome(result: .failure(failure), lang: language(envelope: envelopeLang, typed: typed, user: user),
                            command: command, mutates: false, effects: CommandEffects())
        }
        switch resolution {
        case .notACommand:
            return refuse(CommandFailure(.unknownCommand,
                                         id: "Perintah diawali garis miring, misalnya /bantuan.",
                                         en: "Commands start with a slash, e.g. /help."), typed: nil)
        case .unknown(let word, let suggestion):
            let hint = suggestion.map { Localized(id: " Maksud Anda \($0)?", en: " Did you mean \($0)?") } ?? Localized("")
            return refuse(CommandFailure(.unknownCommand,
                                         id: "Perintah /\(word) tidak dikenal.\(hint.id) Ketik /bantuan untuk daftar perintah.",
                                         en: "Unknown command /\(word).\(hint.en) Type /help for the list of commands."),
                          typed: nil)
        case .incomplete(let family, let options, let typed):
            let lang = language(envelope: envelopeLang, typed: typed, user: user)
            let usages = options.map { "• " + $0.usage(lang) }.joined(separator: "\n")
            return refuse(CommandFailure(.badArguments,
                                         id: "Perintah /\(family) perlu sub-perintah:\n\(usages)",
                                         en: "The /\(family) command needs a sub-command:\n\(usages)"),
                          typed: typed, command: "/" + family)
        case .matched(let spec, let consumed, let typed):
            let lang = language(envelope: envelopeLang, typed: typed, user: user)
            guard let organisation = directory.organisation(of: user) else {
                return refuse(CommandFailure(.forbidden, id: "Organisasi Anda tidak terdaftar.",
                                             en: "Your organisation is not in the directory."),
                              typed: typed, command: spec.name)
            }
            var context = CommandContext(commandID: commandID, chat: chat, user: user, organisation: organisation,
                                         lang: lang, now: now, directory: directory, calendars: calendars,
                                         registry: registry, store: store)
            var arguments = CommandArguments(text: text, tokens: tokens[consumed...], usage: spec.usage)
            var outcome = DispatchOutcome(result: .internalError("not run"), lang: lang, command: spec.name,
                                          mutates: spec.mutates, effects: CommandEffects())
            do {
                try context.require(spec.aksi)
                let reply: CommandReply
                if spec.mutates {
                    reply = try store.savepoint { try spec.handler(&context, &arguments) }
                } else {
                    reply = try spec.handler(&context, &arguments)
                }
                outcome.result = .reply(reply)
                outcome.effects = context.effects
            } catch let failure as CommandFailure {
                // The savepoint rolled the writes back; their effects go too.
                outcome.result = .failure(failure)
            } catch {
                outcome.result = .internalError(String(describing: error))
            }
            return outcome
        }
    }
}

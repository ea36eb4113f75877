import Foundation
import RakorCore
import RakorStore

/// Everything a handler may know and touch while it runs: who sent the
/// command, in which language and time zone to answer, the directory and
/// calendars, and the batch's store session. It lives only for one command.
public struct CommandContext {
    public let commandID: String
    public let chat: String
    public let user: User
    public let organisation: Organisation
    public let lang: Lang
    public let now: Date
    public let directory: Directory
    public let calendars: CalendarCatalog
    public let registry: CommandRegistry
    public let store: StoreSession
    public var effects = CommandEffects()

    public init(commandID: String, chat: String, user: User, organisation: Organisation, lang: Lang,
                now: Date, directory: Directory, calendars: CalendarCatalog, registry: CommandRegistry,
                store: StoreSession) {
        self.commandID = commandID
        self.chat = chat
        self.user = user
        self.organisation = organisation
        self.lang = lang
        self.now = now
        self.directory = directory
        self.calendars = calendars
        self.registry = registry
        self.store = store
    }

    /// The sender's region's zone: "today" is the date there.
    public var zone: ZonaWaktu { organisation.zone }
    public var today: LocalDate { zone.localDate(at: now) }

    public func text(_ localized: Localized) -> String { localized(lang) }
    public func text(id: String, en: String) -> String { lang == .id ? id : en }

    /// Refuses with `forbidden` unless the sender may do `aksi` on `target`
    /// (nil: the sender's own organisation).
    public func require(_ aksi: Aksi, target: Organisation? = nil) throws(CommandFailure) {
        try PermissionPolicy.require(aksi, actor: user, target: target, in: directory)
    }

    /// Refuses unless the sender may do `aksi` on every one of `targets`.
    public func require(_ aksi: Aksi, targets: [Organisation]) throws(CommandFailure) {
        try PermissionPolicy.require(aksi, actor: user, targets: targets, in: directory)
    }

    /// The organisation an `@mention` names, or `not_found`.
    public func organisation(mention: String) throws(CommandFailure) -> Organisation {
        guard let org = directory.organisation(mention: mention) else {
            throw CommandFailure(.notFound,
                                 id: "Organisasi @\(mention) tidak dikenal.",
                                 en: "Unknown organisation @\(mention).")
        }
        return org
    }
}

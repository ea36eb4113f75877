import Foundation
import RakorCommands
import RakorCore
import RakorStore
import Testing

/// Runs command lines the way the pipeline does (same dispatcher), against an
/// in-memory store, the shipped demo directory and the shipped calendars, at a
/// fixed "now". Each test builds its own harness.
final class CommandHarness: @unchecked Sendable {
    let store: RakorStore
    let directory: Directory
    var calendars: CalendarCatalog
    /// `var` so a test can run against a registry with extra (stand-in) specs.
    var registry = CommandRegistry.standard
    var now: Date

    /// The repository's `Sources/RakorBot/Resources`.
    static let resources: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/RakorBot/Resources")

    static func demoDirectory() throws -> Directory {
        let text = try String(contentsOf: resources.appendingPathComponent("directory/demo.yaml"), encoding: .utf8)
        return try Directory.parse(yaml: text)
    }

    static func shippedCalendars() throws -> CalendarCatalog {
        let folder = resources.appendingPathComponent("calendars")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return CalendarCatalog(try files.map { file in
            try CalendarDocument.parse(text: String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
        })
    }

    /// `now` defaults to 2024-11-20 09:00 WITA, a week before Pilkada 2024's voting day.
    init(now: String = "2024-11-20T01:00:00Z") throws {
        store = try RakorStore.inMemory()
        directory = try Self.demoDirectory()
        calendars = try Self.shippedCalendars()
        self.now = try #require(ISO8601DateFormatter().date(from: now))
    }

    struct Outcome {
        let dispatch: DispatchOutcome
        var text: String {
            switch dispatch.result {
            case .reply(let reply): reply.text
            case .failure(let failure): failure.message(dispatch.lang)
            case .internalError(let message): "internal: \(message)"
            }
        }
        var reply: CommandReply? {
            if case .reply(let reply) = dispatch.result { return reply }
            return nil
        }
        var code: ErrorCode? { dispatch.failure?.code }
        var ok: Bool { reply != nil }
    }

    private var counter = 0

    /// Runs one command as `userID` in one write transaction, like one batch.
    func run(_ text: String, as userID: String, chat: String = "wa:test-chat", lang: Lang? = nil) throws -> Outcome {
        counter += 1
        let user = try #require(directory.user(id: userID), "unknown demo user \(userID)")
        let id = "test-\(counter)"
        let now = self.now, directory = self.directory, calendars = self.calendars, registry = self.registry
        let outcome = try store.writeSync { session in
            CommandDispatcher.dispatch(text: text, commandID: id, chat: chat, user: user, envelopeLang: lang,
                                       now: now, directory: directory, calendars: calendars,
                                       registry: registry, store: session)
        }
        return Outcome(dispatch: outcome)
    }
}

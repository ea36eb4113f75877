import RakorCore

/// What one batch did, for metrics and logs: counted while processing, read
/// after the commit.
public struct BatchTally: Sendable, Hashable {
    public struct CommandKey: Sendable, Hashable {
        /// `/tugas baru`, or `-` when no command matched.
        public var command: String
        /// `ok` or the error code.
        public var outcome: String
    }

    public var commands: [CommandKey: Int] = [:]
    public var events: [CommandKey: Int] = [:]
    public var duplicates = 0
    public var deadLettered = 0
    public var rateLimited = 0
    public var offsetResets = 0
    public var auditEvents = 0
    public var notices = 0

    public init() {}

    mutating func command(_ name: String?, _ failure: CommandFailure?) {
        commands[CommandKey(command: name ?? "-", outcome: failure?.code.rawValue ?? "ok"), default: 0] += 1
        if failure?.code == .rateLimited { rateLimited += 1 }
    }

    mutating func event(_ type: String, _ failure: CommandFailure?) {
        events[CommandKey(command: type, outcome: failure?.code.rawValue ?? "ok"), default: 0] += 1
    }

    public var commandCount: Int { commands.values.reduce(0, +) }
    public var eventCount: Int { events.values.reduce(0, +) }
}

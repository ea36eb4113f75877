import RakorCore

/// What a command did besides its reply: state-change audit events (one per
/// change, chained after the command's accepted event) and messages to other
/// chats (notices). The pipeline turns them into outbox rows in the same
/// transaction as the change itself.
public struct CommandEffects: Sendable {
    public struct AuditEntry: Sendable {
        /// `rakor.task.assigned`, `rakor.agreement.status_changed`, …
        public var type: String
        /// `task/T-12`, `agreement/K-3`, …
        public var subject: String
        public var data: JSONValue
    }

    public struct Notice: Sendable {
        public var chat: String
        public var kind: String
        public var text: String
        public var data: JSONValue?
    }

    public private(set) var audit: [AuditEntry] = []
    public private(set) var notices: [Notice] = []
    /// Elections this chat asked about, so a later reschedule can tell it.
    public private(set) var inquiries: [String] = []

    public init() {}

    public mutating func record(_ type: String, subject: String, data: JSONValue) {
        audit.append(AuditEntry(type: type, subject: subject, data: data))
    }

    /// Notes that the chat asked about an election (`/tenggat`, `/jadwal`).
    /// The pipeline stores it, deduplicated, in the same transaction.
    public mutating func askedAbout(election calendarID: String) {
        if !inquiries.contains(calendarID) { inquiries.append(calendarID) }
    }

    public mutating func notify(chat: String, text: String, data: JSONValue? = nil, kind: String = "notice") {
        notices.append(Notice(chat: chat, kind: kind, text: text, data: data))
    }
}

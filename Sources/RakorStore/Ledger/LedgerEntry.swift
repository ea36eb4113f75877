import Foundation
import RakorCore

/// How a processed message ended.
public enum LedgerOutcome: Sendable, Hashable {
    case accepted
    /// Refused with a contract error code (the reply says why).
    case rejected(ErrorCode)

    var storedOutcome: String {
        switch self {
        case .accepted: "accepted"
        case .rejected: "rejected"
        }
    }

    var storedErrorCode: String? {
        switch self {
        case .accepted: nil
        case .rejected(let code): code.rawValue
        }
    }
}

/// One processed message: its key (`cmd:<id>`, `evt:<source>:<id>`,
/// `raw:<topic>:<partition>:<offset>`), how it ended, the exact reply bytes
/// it got (re-sent unchanged on redelivery; nil when nothing is replied, e.g.
/// an integrator event) and when it was processed.
public struct LedgerEntry: Sendable, Hashable {
    public var key: String
    public var outcome: LedgerOutcome
    public var reply: [UInt8]?
    public var at: Date

    public init(key: String, outcome: LedgerOutcome, reply: [UInt8]?, at: Date) {
        self.key = key
        self.outcome = outcome
        self.reply = reply
        self.at = at
    }
}

/// The error codes of the wire contract (`error.code` of a failed reply and of
/// a `rakor.command.rejected` audit event). The raw values are the contract's.
public enum ErrorCode: String, Sendable, Hashable, CaseIterable, Codable {
    case invalidEnvelope = "invalid_envelope"
    case unauthenticated
    case forbidden
    case unknownCommand = "unknown_command"
    case badArguments = "bad_arguments"
    case notFound = "not_found"
    case conflict
    case tooLarge = "too_large"
    case rateLimited = "rate_limited"
    case `internal`
}

/// Why a command was refused: a contract error code and a message for the
/// sender in both languages. Handlers throw it as their typed error.
public struct CommandFailure: Error, Sendable, Hashable {
    public var code: ErrorCode
    public var message: Localized

    public init(_ code: ErrorCode, _ message: Localized) {
        self.code = code
        self.message = message
    }

    public init(_ code: ErrorCode, id: String, en: String) {
        self.init(code, Localized(id: id, en: en))
    }
}

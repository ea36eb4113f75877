/// Why an outbound message (or another bot-produced record) could not be
/// decoded. These records are ours, so the message is English for operators
/// and tests; client input has its own bilingual errors (`EnvelopeError`).
public struct WireDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The member at fault (`error.code` for nested ones), nil for the whole value.
    public var field: String?
    public var reason: String
    /// The parser's error when the bytes were not JSON.
    public var json: JSONError?

    public init(field: String?, reason: String, json: JSONError? = nil) {
        self.field = field
        self.reason = reason
        self.json = json
    }

    public var description: String {
        if let field { return "`\(field)`: \(reason)" }
        return reason
    }

    static func malformed(_ error: JSONError) -> WireDecodingError {
        WireDecodingError(field: nil, reason: "not valid JSON: \(error.description)", json: error)
    }

    static func missing(_ field: String) -> WireDecodingError {
        WireDecodingError(field: field, reason: "is required")
    }

    static func wrongType(_ field: String, expected: String, found: JSONValue) -> WireDecodingError {
        WireDecodingError(field: field, reason: "must be \(expected), not \(found.typeName)")
    }
}

/// Why a `rakor.events` record is not a valid CloudEvent. `code` maps it to
/// the contract's error codes for the dead-letter headers and the
/// `rakor.command.rejected` audit event.
public struct CloudEventError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        case tooLarge(bytes: Int, limit: Int)
        case malformedJSON(JSONError)
        case notAnObject(found: String)
        case missingAttribute(String)
        case wrongType(attribute: String, expected: String, found: String)
        /// Present but not acceptable (empty, bad timestamp, not a URI, …).
        case invalidAttribute(attribute: String, reason: String)
        case unsupportedSpecVersion(String)
        /// Not lower-case a–z/0–9 of at most 20 characters, or a reserved name.
        case invalidExtensionName(String)
        case bothDataAndBase64
        case invalidBase64
        /// A binary-mode header twice, or a header value that is not UTF-8.
        case invalidHeader(name: String, reason: String)
        /// Binary mode with a JSON content type whose body is not JSON.
        case malformedData(JSONError)
        /// `application/cloudevents-batch+json` and other unsupported modes.
        case unsupportedContentType(String)
    }

    public var problem: Problem

    public init(_ problem: Problem) {
        self.problem = problem
    }

    public var code: ErrorCode {
        if case .tooLarge = problem { return .tooLarge }
        return .invalidEnvelope
    }

    public var message: String {
        switch problem {
        case .tooLarge(let bytes, let limit):
            "event too large: \(bytes) bytes; the limit is \(limit)"
        case .malformedJSON(let error):
            "not valid JSON: \(error.description)"
        case .notAnObject(let found):
            "a structured-mode event must be a JSON object, not \(found)"
        case .missingAttribute(let name):
            "required attribute `\(name)` is missing"
        case .wrongType(let name, let expected, let found):
            "attribute `\(name)` must be \(expected), not \(found)"
        case .invalidAttribute(let name, let reason):
            "attribute `\(name)` \(reason)"
        case .unsupportedSpecVersion(let version):
            "specversion \"\(JSONError.clip(version))\" is not supported (expected \"1.0\")"
        case .invalidExtensionName(let name):
            "extension attribute name \"\(JSONError.clip(name))\" is invalid (lower-case a–z and 0–9, at most 20 characters, not a reserved name)"
        case .bothDataAndBase64:
            "an event must not carry both `data` and `data_base64`"
        case .invalidBase64:
            "`data_base64` is not valid base64"
        case .invalidHeader(let name, let reason):
            "header `\(JSONError.clip(name))` \(reason)"
        case .malformedData(let error):
            "the body is declared JSON but is not valid JSON: \(error.description)"
        case .unsupportedContentType(let type):
            "content type \"\(JSONError.clip(type))\" is not supported"
        }
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

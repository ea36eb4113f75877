import Foundation

/// A CloudEvents 1.0 event: what integrators post on `rakor.events` and what
/// the audit stream carries.
///
/// Swift names are camel-case; the wire names are the spec's
/// (`specversion`, `datacontenttype`, `dataschema`, …). Extension attributes
/// are kept in order in `extensions`, each a `.string`, `.bool` or `.int`
/// (the JSON forms of the spec's types; binary-mode headers are always strings).
public struct CloudEvent: Sendable, Hashable {
    /// The event's data: JSON (`data`) or opaque bytes (`data_base64`, or a
    /// binary-mode body whose content type is not JSON).
    public enum Payload: Sendable, Hashable {
        case json(JSONValue)
        case binary([UInt8])
    }

    public static let specVersion = "1.0"

    public var id: String
    /// A URI-reference naming the producer, e.g. `kpu/sipol` or `rakorbot/rakorbot`.
    public var source: String
    public var type: String
    public var subject: String?
    public var time: Date?
    public var dataContentType: String?
    public var dataSchema: String?
    public var extensions: JSONObject
    public var data: Payload?

    public init(id: String, source: String, type: String, subject: String? = nil, time: Date? = nil,
                dataContentType: String? = nil, dataSchema: String? = nil, extensions: JSONObject = JSONObject(),
                data: Payload? = nil) {
        self.id = id
        self.source = source
        self.type = type
        self.subject = subject
        self.time = time
        self.dataContentType = dataContentType
        self.dataSchema = dataSchema
        self.extensions = extensions
        self.data = data
    }

    /// The attribute and member names no extension may take.
    public static let reservedNames: Set<String> = [
        "specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema",
        "data", "data_base64",
    ]

    /// Spec rule: lower-case ASCII letters and digits, 1–20 characters, not reserved.
    public static func isValidExtensionName(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard !utf8.isEmpty, utf8.count <= 20, !reservedNames.contains(name) else { return false }
        return utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }

    /// `data` as JSON: the JSON payload, or a binary payload parsed as JSON.
    public func jsonData(limits: JSONLimits = .default) throws(CloudEventError) -> JSONValue? {
        switch data {
        case nil: return nil
        case .json(let value)?: return value
        case .binary(let bytes)?:
            do { return try JSONParser(limits: limits).parse(bytes) } catch { throw CloudEventError(.malformedData(error)) }
        }
    }

    /// An extension's value as text (strings as they are, numbers and booleans printed).
    public func extensionText(_ name: String) -> String? {
        switch extensions[name] {
        case .string(let text)?: text
        case .int(let number)?: String(number)
        case .bool(let flag)?: flag ? "true" : "false"
        default: nil
        }
    }

    /// True for `application/json`, `text/json` and any `…/…+json`, ignoring parameters and case.
    public static func isJSONMediaType(_ contentType: String) -> Bool {
        let media = mediaType(contentType)
        return media == "application/json" || media == "text/json" || media.hasSuffix("+json")
    }

    static func mediaType(_ contentType: String) -> String {
        let base = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return base.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

// MARK: - Validation shared by both modes

extension CloudEvent {
    static func requireNonEmpty(_ text: String, _ name: String) throws(CloudEventError) {
        guard !text.isEmpty else { throw CloudEventError(.invalidAttribute(attribute: name, reason: "must not be empty")) }
    }

    /// A URI or URI-reference: non-empty, no whitespace or control characters.
    /// (Full RFC 3986 parsing would refuse real-world sources for no gain.)
    static func requireURIReference(_ text: String, _ name: String) throws(CloudEventError) {
        try requireNonEmpty(text, name)
        for byte in text.utf8 where byte <= 0x20 || byte == 0x7F {
            throw CloudEventError(.invalidAttribute(attribute: name, reason: "must be a URI-reference without spaces or control characters"))
        }
    }

    static func requireMediaType(_ text: String, _ name: String) throws(CloudEventError) {
        try requireNonEmpty(text, name)
        guard mediaType(text).contains("/") else {
            throw CloudEventError(.invalidAttribute(attribute: name, reason: "must be a media type like application/json"))
        }
        if TextRules.firstControl(in: text, allowingLineBreaks: false) != nil {
            throw CloudEventError(.invalidAttribute(attribute: name, reason: "contains a control character"))
        }
    }

    static func requireTime(_ text: String, _ name: String) throws(CloudEventError) -> Date {
        guard let date = RFC3339.parse(text) else {
            throw CloudEventError(.invalidAttribute(attribute: name, reason: "must be an RFC 3339 timestamp"))
        }
        return date
    }
}

import Foundation

/// Kafka protocol binding: structured mode (value = event JSON, optional
/// `content-type: application/cloudevents+json`) or binary mode (attributes in
/// `ce_` headers, `content-type` = `datacontenttype`, value = data). Headers
/// are plain name/bytes pairs so this does not depend on the Kafka module.
extension CloudEvent {
    /// Decodes a Kafka record in either mode.
    ///
    /// Mode: a `content-type` of `application/cloudevents+json` means
    /// structured; otherwise a `ce_specversion` header means binary; otherwise
    /// structured. Header names are matched case-insensitively; headers that
    /// are neither `ce_*` nor `content-type` (signatures, tracing) are ignored.
    public static func decode(value: [UInt8]?, headers: [(name: String, value: [UInt8]?)],
                              limits: JSONLimits = .default) throws(CloudEventError) -> CloudEvent {
        var contentType: String?
        var attributes: [(name: String, value: String)] = []
        var seen = Set<String>()
        var headerBytes = 0
        for header in headers {
            let name = header.name.lowercased()
            let isAttribute = name.hasPrefix("ce_")
            guard isAttribute || name == "content-type" else { continue }
            guard seen.insert(name).inserted else {
                throw CloudEventError(.invalidHeader(name: header.name, reason: "appears more than once"))
            }
            guard let bytes = header.value else { continue }
            headerBytes += bytes.count
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw CloudEventError(.invalidHeader(name: header.name, reason: "is not valid UTF-8"))
            }
            if isAttribute {
                attributes.append((String(name.dropFirst(3)), text))
            } else {
                contentType = text
            }
        }

        let total = (value?.count ?? 0) + headerBytes
        guard total <= limits.maxBytes else { throw CloudEventError(.tooLarge(bytes: total, limit: limits.maxBytes)) }

        let media = contentType.map(mediaType) ?? ""
        if media.hasPrefix("application/cloudevents-batch") {
            throw CloudEventError(.unsupportedContentType(contentType ?? ""))
        }
        guard isBinary(media: media, hasSpecVersion: attributes.contains { $0.name == "specversion" }) else {
            guard let value else { throw CloudEventError(.missingAttribute("specversion")) }
            return try decode(structured: value, limits: limits)
        }
        return try decodeBinary(attributes: attributes, contentType: contentType, body: value, limits: limits)
    }

    /// Which mode `decode` reads a record in: binary when a `ce_specversion`
    /// header is present and `content-type` is not the structured media type.
    public static func isBinaryMode(headers: [(name: String, value: [UInt8]?)]) -> Bool {
        var media = ""
        var hasSpecVersion = false
        for header in headers {
            let name = header.name.lowercased()
            if name == "ce_specversion", header.value != nil { hasSpecVersion = true }
            if name == "content-type", let bytes = header.value {
                media = mediaType(String(decoding: bytes, as: UTF8.self))
            }
        }
        return isBinary(media: media, hasSpecVersion: hasSpecVersion)
    }

    private static func isBinary(media: String, hasSpecVersion: Bool) -> Bool {
        media != "application/cloudevents+json" && hasSpecVersion
    }

    private static func decodeBinary(attributes: [(name: String, value: String)], contentType: String?,
                                     body: [UInt8]?, limits: JSONLimits) throws(CloudEventError) -> CloudEvent {
        func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }
        guard let version = attribute("specversion") else { throw CloudEventError(.missingAttribute("specversion")) }
        guard version == specVersion else { throw CloudEventError(.unsupportedSpecVersion(version)) }
        guard let id = attribute("id") else { throw CloudEventError(.missingAttribute("id")) }
        guard let source = attribute("source") else { throw CloudEventError(.missingAttribute("source")) }
        guard let type = attribute("type") else { throw CloudEventError(.missingAttribute("type")) }
        try requireNonEmpty(id, "id")
        try requireURIReference(source, "source")
        try requireNonEmpty(type, "type")

        var event = CloudEvent(id: id, source: source, type: type)
        for (name, text) in attributes {
            switch name {
            case "specversion", "id", "source", "type":
                continue
            case "subject":
                try requireNonEmpty(text, "subject")
                event.subject = text
            case "time":
                event.time = try requireTime(text, "time")
            case "dataschema":
                try requireURIReference(text, "dataschema")
                event.dataSchema = text
            case "datacontenttype":
                // The binding carries it in `content-type`, never as ce_datacontenttype.
                throw CloudEventError(.invalidHeader(name: "ce_datacontenttype", reason: "is not allowed; use content-type"))
            default:
                guard isValidExtensionName(name) else { throw CloudEventError(.invalidExtensionName(name)) }
                event.extensions.appendNew(name, .string(text))
            }
        }
        if let contentType {
            try requireMediaType(contentType, "datacontenttype")
            event.dataContentType = contentType
        }
        if let body {
            if let contentType, isJSONMediaType(contentType) {
                do {
                    event.data = .json(try JSONParser(limits: limits).parse(body))
                } catch {
                    throw CloudEventError(.malformedData(error))
                }
            } else {
                event.data = .binary(body)
            }
        }
        return event
    }

    /// Binary-mode headers and body for producing this event on Kafka.
    /// JSON data gets `content-type: application/json` unless the event says otherwise.
    public func binaryMode() -> (headers: [(name: String, value: [UInt8])], body: [UInt8]?) {
        var headers: [(name: String, value: [UInt8])] = [
            ("ce_specversion", Array(CloudEvent.specVersion.utf8)),
            ("ce_id", Array(id.utf8)),
            ("ce_source", Array(source.utf8)),
            ("ce_type", Array(type.utf8)),
        ]
        if let subject { headers.append(("ce_subject", Array(subject.utf8))) }
        if let time { headers.append(("ce_time", Array(RFC3339.format(time).utf8))) }
        if let dataSchema { headers.append(("ce_dataschema", Array(dataSchema.utf8))) }
        for (name, _) in extensions where !CloudEvent.reservedNames.contains(name) {
            if let text = extensionText(name) { headers.append(("ce_" + name, Array(text.utf8))) }
        }
        var body: [UInt8]?
        switch data {
        case .json(let value)?:
            body = JSONWriter.serialize(value)
            headers.append(("content-type", Array((dataContentType ?? "application/json").utf8)))
        case .binary(let bytes)?:
            body = bytes
            if let dataContentType { headers.append(("content-type", Array(dataContentType.utf8))) }
        case nil:
            if let dataContentType { headers.append(("content-type", Array(dataContentType.utf8))) }
        }
        return (headers, body)
    }
}

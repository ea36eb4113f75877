import Foundation

/// Structured content mode: the whole event is one JSON object.
extension CloudEvent {
    public static func decode(structured bytes: [UInt8], limits: JSONLimits = .default) throws(CloudEventError) -> CloudEvent {
        guard bytes.count <= limits.maxBytes else {
            throw CloudEventError(.tooLarge(bytes: bytes.count, limit: limits.maxBytes))
        }
        let value: JSONValue
        do {
            value = try JSONParser(limits: limits).parse(bytes)
        } catch {
            throw CloudEventError(.malformedJSON(error))
        }
        guard case .object(let object) = value else { throw CloudEventError(.notAnObject(found: value.typeName)) }
        return try decode(structured: object)
    }

    /// Validates an already parsed event object. Optional attributes and
    /// extensions whose value is `null` count as absent.
    public static func decode(structured object: JSONObject) throws(CloudEventError) -> CloudEvent {
        func string(_ name: String, required: Bool) throws(CloudEventError) -> String? {
            switch object[name] {
            case nil, .null?:
                if required { throw CloudEventError(.missingAttribute(name)) }
                return nil
            case .string(let text)?:
                return text
            case let other?:
                throw CloudEventError(.wrongType(attribute: name, expected: "a string", found: other.typeName))
            }
        }

        guard let version = try string("specversion", required: true) else { throw CloudEventError(.missingAttribute("specversion")) }
        guard version == specVersion else { throw CloudEventError(.unsupportedSpecVersion(version)) }
        guard let id = try string("id", required: true),
              let source = try string("source", required: true),
              let type = try string("type", required: true) else { throw CloudEventError(.missingAttribute("id")) }
        try requireNonEmpty(id, "id")
        try requireURIReference(source, "source")
        try requireNonEmpty(type, "type")

        var event = CloudEvent(id: id, source: source, type: type)
        if let subject = try string("subject", required: false) {
            try requireNonEmpty(subject, "subject")
            event.subject = subject
        }
        if let time = try string("time", required: false) {
            event.time = try requireTime(time, "time")
        }
        if let contentType = try string("datacontenttype", required: false) {
            try requireMediaType(contentType, "datacontenttype")
            event.dataContentType = contentType
        }
        if let schema = try string("dataschema", required: false) {
            try requireURIReference(schema, "dataschema")
            event.dataSchema = schema
        }

        let data = object["data"]
        let base64 = object["data_base64"]
        switch (data, base64) {
        case (let data?, let base64?) where !data.isNull && !base64.isNull:
            throw CloudEventError(.bothDataAndBase64)
        case (_, .string(let encoded)?):
            guard let decoded = Data(base64Encoded: encoded) else { throw CloudEventError(.invalidBase64) }
            event.data = .binary([UInt8](decoded))
        case (_, let base64?) where !base64.isNull:
            throw CloudEventError(.wrongType(attribute: "data_base64", expected: "a string", found: base64.typeName))
        case (let data?, _) where !data.isNull:
            event.data = .json(data)
        default:
            break
        }

        for (name, value) in object where !reservedNames.contains(name) {
            guard isValidExtensionName(name) else { throw CloudEventError(.invalidExtensionName(name)) }
            switch value {
            case .null:
                continue
            case .string, .bool:
                event.extensions.appendNew(name, value)
            case .int(let number):
                // The spec's Integer is 32-bit.
                guard number >= Int64(Int32.min), number <= Int64(Int32.max) else {
                    throw CloudEventError(.invalidAttribute(attribute: name, reason: "is outside the 32-bit integer range"))
                }
                event.extensions.appendNew(name, value)
            case .double:
                throw CloudEventError(.wrongType(attribute: name, expected: "a string, boolean or integer", found: "non-integer number"))
            case .array, .object:
                throw CloudEventError(.wrongType(attribute: name, expected: "a string, boolean or integer", found: value.typeName))
            }
        }
        return event
    }

    /// The structured-mode JSON object, attributes in spec order, then
    /// extensions, then `data` (JSON) or `data_base64` (bytes).
    public func structuredObject() -> JSONObject {
        var object = JSONObject(minimumCapacity: 10 + extensions.count)
        object.appendNew("specversion", .string(CloudEvent.specVersion))
        object.appendNew("id", .string(id))
        object.appendNew("source", .string(source))
        object.appendNew("type", .string(type))
        if let subject { object.appendNew("subject", .string(subject)) }
        if let time { object.appendNew("time", .string(RFC3339.format(time))) }
        if let dataContentType { object.appendNew("datacontenttype", .string(dataContentType)) }
        if let dataSchema { object.appendNew("dataschema", .string(dataSchema)) }
        for (name, value) in extensions where !CloudEvent.reservedNames.contains(name) {
            object.insertNew(name, value)
        }
        switch data {
        case .json(let value)?: object.appendNew("data", value)
        case .binary(let bytes)?: object.appendNew("data_base64", .string(Data(bytes).base64EncodedString()))
        case nil: break
        }
        return object
    }

    /// Structured-mode JSON (`application/cloudevents+json`).
    public func encode() -> [UInt8] {
        JSONWriter.serialize(.object(structuredObject()))
    }
}

/// One Kafka record header. Kafka allows repeated names and null values,
/// so headers are an ordered list, not a dictionary.
public struct KafkaHeader: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    /// `nil` is a null header value (distinct from an empty one).
    /// On consumed records this is a view into the batch's shared buffer.
    public let value: ArraySlice<UInt8>?

    public init(name: String, value: ArraySlice<UInt8>?) {
        self.name = name
        self.value = value
    }

    public init(name: String, value: [UInt8]?) {
        self.init(name: name, value: value.map { $0[...] })
    }

    public init(name: String, string: String?) {
        self.init(name: name, value: string.map { Array($0.utf8)[...] })
    }

    /// A header with a null value.
    public static func null(_ name: String) -> KafkaHeader {
        KafkaHeader(name: name, value: nil as ArraySlice<UInt8>?)
    }

    /// The value decoded as UTF-8 (lossy), or `nil` for a null value.
    public var stringValue: String? {
        value.map { String(decoding: $0, as: UTF8.self) }
    }

    public var description: String {
        "\(name)=\(value.map { "\($0.count) bytes" } ?? "null")"
    }
}

extension Array where Element == KafkaHeader {
    /// The first header with `name`, if any.
    public func first(named name: String) -> KafkaHeader? {
        first { $0.name == name }
    }
}

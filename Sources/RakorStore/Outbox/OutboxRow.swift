/// A Kafka record header: a name and optional bytes (Kafka allows a null value).
public struct OutboxHeader: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    /// A header with a UTF-8 text value (`source_topic`, `error_code`, …).
    public init(name: String, text: String) {
        self.init(name: name, value: Array(text.utf8))
    }
}

/// A message to append to the outbox (its `seq` is assigned on append).
public struct OutboxMessage: Sendable, Hashable {
    /// The contract's logical topic name (`rakor.replies`, `rakor.audit`, …).
    public var topic: String
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [OutboxHeader]

    public init(topic: String, key: [UInt8]?, value: [UInt8], headers: [OutboxHeader] = []) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// A committed message waiting for delivery to Kafka.
public struct OutboxRow: Sendable, Hashable {
    /// Rises with every append, never reused: the relay's cursor and
    /// delivery order.
    public var seq: Int64
    /// The contract's logical topic name (`rakor.replies`, `rakor.audit`,
    /// `rakor.deadletter` …); the relay puts the configured prefix in front.
    public var topic: String
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [OutboxHeader]

    public init(seq: Int64, topic: String, key: [UInt8]?, value: [UInt8], headers: [OutboxHeader] = []) {
        self.seq = seq
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }
}

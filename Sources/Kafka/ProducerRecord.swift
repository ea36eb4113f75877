/// A record to produce.
///
/// `ticket` is the caller's identifier for the record; it travels in
/// librdkafka's per-message opaque (no allocation) and comes back in the
/// record's `DeliveryReport`. Tickets need not be unique for librdkafka, but
/// callers that track outcomes should make them unique.
public struct ProducerRecord: Sendable, Hashable {
    public var topic: String
    /// `nil` lets the configured partitioner choose (by key).
    public var partition: Int32?
    /// `nil` produces a null key.
    public var key: ArraySlice<UInt8>?
    /// `nil` produces a null value (a tombstone); an empty slice is an empty value.
    public var value: ArraySlice<UInt8>?
    public var headers: [KafkaHeader]
    /// Milliseconds since the Unix epoch; `nil` lets librdkafka stamp it.
    public var timestampMilliseconds: Int64?
    public var ticket: UInt64

    public init(
        topic: String,
        partition: Int32? = nil,
        key: ArraySlice<UInt8>?,
        value: ArraySlice<UInt8>?,
        headers: [KafkaHeader] = [],
        timestampMilliseconds: Int64? = nil,
        ticket: UInt64 = 0
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
        self.ticket = ticket
    }

    public init(
        topic: String,
        partition: Int32? = nil,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader] = [],
        timestampMilliseconds: Int64? = nil,
        ticket: UInt64 = 0
    ) {
        self.init(
            topic: topic, partition: partition, key: key.map { $0[...] }, value: value.map { $0[...] },
            headers: headers, timestampMilliseconds: timestampMilliseconds, ticket: ticket)
    }
}

/// The outcome of one produced record, delivered in batches to the
/// producer's `onDelivery` closure on its event thread.
public struct DeliveryReport: Sendable, Hashable, CustomStringConvertible {
    /// The `ProducerRecord.ticket` the record was sent with.
    public let ticket: UInt64
    public let topic: String
    public let partition: Int32
    /// The offset the broker assigned, or -1001 (`RD_KAFKA_OFFSET_INVALID`)
    /// when unknown (failures; some idempotent retries).
    public let offset: Int64
    /// `nil` when the record is durably written (per `acks`).
    public let error: KafkaError?

    public init(ticket: UInt64, topic: String, partition: Int32, offset: Int64, error: KafkaError?) {
        self.ticket = ticket
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.error = error
    }

    public var isDelivered: Bool { error == nil }

    public var description: String {
        if let error { return "ticket \(ticket) → \(topic)[\(partition)] failed: \(error)" }
        return "ticket \(ticket) → \(topic)[\(partition)]@\(offset)"
    }
}

import Kafka

/// One consumed record as the processor sees it: independent of the Kafka
/// client so tests, the hostile-input corpus and the fuzzers can feed the
/// processor directly. Bytes stay slices of the consumer's batch buffer.
public struct InputRecord: Sendable {
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: ArraySlice<UInt8>?

        public init(name: String, value: ArraySlice<UInt8>?) {
            self.name = name
            self.value = value
        }
    }

    /// The logical topic (`rakor.commands` or `rakor.events`).
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: ArraySlice<UInt8>?
    public var value: ArraySlice<UInt8>?
    public var headers: [Header]
    /// Kafka's timestamp, for end-to-end latency.
    public var timestampMilliseconds: Int64?

    public init(topic: String, partition: Int32 = 0, offset: Int64 = 0, key: ArraySlice<UInt8>?,
                value: ArraySlice<UInt8>?, headers: [Header] = [], timestampMilliseconds: Int64? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }

    public init(_ record: ConsumerRecord, logicalTopic: String) {
        self.init(topic: logicalTopic, partition: record.partition, offset: record.offset, key: record.key,
                  value: record.value, headers: record.headers.map { Header(name: $0.name, value: $0.value) },
                  timestampMilliseconds: record.timestamp?.milliseconds)
    }

    /// The first header with this lower-case name (record header names
    /// compare case-insensitively).
    public func header(_ name: String) -> ArraySlice<UInt8>? {
        headers.first { $0.name.lowercased() == name }?.value ?? nil
    }

    /// `raw:<topic>:<partition>:<offset>`: the ledger key of a record refused
    /// before it could be identified, so a redelivery is not refused twice.
    var rawLedgerKey: String { "raw:\(topic):\(partition):\(offset)" }

    /// The chat a reply can go to, from the record key, when it is a usable id.
    var chatFromKey: String? {
        guard let key, (1...256).contains(key.count), let text = String(validating: key, as: UTF8.self),
              !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        return text
    }
}

import CRdKafka

/// A validated CreateTopics request: pure Swift values, built and checked
/// before anything is sent, so it can be inspected and tested without a cluster.
public struct CreateTopicsRequest: Sendable, Hashable {
    public let topics: [NewTopic]
    /// How long the brokers may take to create the topics.
    public let operationTimeout: Duration
    /// How long to wait for the response.
    public let requestTimeout: Duration

    public init(topics: [NewTopic], operationTimeout: Duration = .seconds(30), requestTimeout: Duration = .seconds(30))
        throws(KafkaError)
    {
        guard !topics.isEmpty else { throw KafkaError.invalidArgument("CreateTopics needs at least one topic") }
        var seen = Set<String>()
        for topic in topics {
            try topic.validate()
            guard seen.insert(topic.name).inserted else {
                throw KafkaError.invalidArgument("topic \(topic.name) appears twice in one CreateTopics request")
            }
        }
        self.topics = topics
        self.operationTimeout = operationTimeout
        self.requestTimeout = requestTimeout
    }

    /// Builds librdkafka's `rd_kafka_NewTopic_t` objects (librdkafka checks
    /// them again) and hands them to `body`; they are destroyed afterwards.
    func withNativeTopics<T>(_ body: (UnsafeMutablePointer<OpaquePointer?>?, Int) -> T) throws(KafkaError) -> T {
        var natives: [OpaquePointer?] = []
        natives.reserveCapacity(topics.count)
        defer {
            natives.withUnsafeMutableBufferPointer { buffer in
                rd_kafka_NewTopic_destroy_array(buffer.baseAddress, buffer.count)
            }
        }
        var errorText = [CChar](repeating: 0, count: 512)
        for topic in topics {
            guard let native = rd_kafka_NewTopic_new(topic.name, topic.partitions, topic.replicationFactor, &errorText, errorText.count)
            else {
                throw KafkaError.invalidArgument("topic \(topic.name): \(String(nulTerminated: errorText))")
            }
            natives.append(native)
            for (key, value) in topic.configs.sorted(by: { $0.key < $1.key }) {
                let err = rd_kafka_NewTopic_set_config(native, key, value)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    throw KafkaError(err, message: "topic \(topic.name): config \(key)=\(value) refused")
                }
            }
        }
        return natives.withUnsafeMutableBufferPointer { buffer in body(buffer.baseAddress, buffer.count) }
    }

    /// Checks the request with librdkafka's own validation, without sending it.
    public func validateNatively() throws(KafkaError) {
        try withNativeTopics { _, _ in () }
    }
}

import CRdKafka

/// Fault injection on the embedded cluster, for tests of the modules above.
extension EmbeddedKafka {
    /// Makes broker `id` close its connections and refuse new ones.
    public func setBrokerDown(_ id: Int32) throws(KafkaError) {
        try withCluster { rd_kafka_mock_broker_set_down($0, id) }
    }

    public func setBrokerUp(_ id: Int32) throws(KafkaError) {
        try withCluster { rd_kafka_mock_broker_set_up($0, id) }
    }

    public func setAllBrokersDown() throws(KafkaError) {
        for id in brokerIDs { try setBrokerDown(id) }
    }

    public func setAllBrokersUp() throws(KafkaError) {
        for id in brokerIDs { try setBrokerUp(id) }
    }

    /// Adds `latency` of round-trip time to every response of broker `id`
    /// (`.zero` removes it).
    public func setBrokerLatency(_ id: Int32, _ latency: Duration) throws(KafkaError) {
        try withCluster { rd_kafka_mock_broker_set_rtt($0, id, Milliseconds.from(latency)) }
    }

    /// The next `errors.count` requests with `apiKey` (to any broker) fail
    /// with these codes, in order (`.noError` lets one through).
    public func pushRequestErrors(apiKey: KafkaAPIKey, errors: [KafkaError.Code]) throws(KafkaError) {
        guard !errors.isEmpty else { return }
        let raw = errors.map { rd_kafka_resp_err_t(rawValue: $0.rawValue) }
        try withClusterVoid { cluster in
            raw.withUnsafeBufferPointer { buffer in
                rd_kafka_mock_push_request_errors_array(cluster, apiKey.rawValue, buffer.count, buffer.baseAddress)
            }
        }
    }

    /// Drops any pushed, not yet consumed errors for `apiKey`.
    public func clearRequestErrors(apiKey: KafkaAPIKey) throws(KafkaError) {
        try withClusterVoid { rd_kafka_mock_clear_request_errors($0, apiKey.rawValue) }
    }

    /// Moves the leadership of `topic[partition]` to broker `id` (-1: no leader).
    public func setPartitionLeader(topic: String, partition: Int32, brokerID id: Int32) throws(KafkaError) {
        try withCluster { rd_kafka_mock_partition_set_leader($0, topic, partition, id) }
    }

    /// Makes metadata for `topic` carry `error` (`.noError` clears it).
    public func setTopicError(topic: String, error: KafkaError.Code) throws(KafkaError) {
        try withClusterVoid { rd_kafka_mock_topic_set_error($0, topic, rd_kafka_resp_err_t(rawValue: error.rawValue)) }
    }
}

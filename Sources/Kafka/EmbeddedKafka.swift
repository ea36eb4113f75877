import CRdKafka
import Logging
import Synchronization

/// A Kafka cluster inside this process: librdkafka's mock cluster, speaking the
/// real Kafka protocol on 127.0.0.1, so any client (this module, kcat,
/// kafka-python) can use `bootstrapServers`.
///
/// Limits of librdkafka 2.0.2's mock: each partition keeps at most ~5 MiB /
/// 100k messages (older records are dropped: lagging consumers get
/// offset-out-of-range); the first group join takes ~3 s; Admin API requests
/// such as CreateTopics are not implemented (use `createTopic` here).
///
/// Call `shutdown()` explicitly; fault injection lives in `MockFaults.swift`.
public final class EmbeddedKafka: Sendable {
    /// Comma-separated `host:port` list of the mock brokers.
    public let bootstrapServers: String
    /// Broker ids, `1...brokerCount`.
    public let brokerIDs: [Int32]

    private struct Native {
        let host: OpaquePointer
        let cluster: OpaquePointer
        let logContext: Unmanaged<LogCallbackContext>
    }

    /// `Native` holds raw pointers; the mutex makes every mock call and the
    /// final destroy mutually exclusive, so no call can race the destroy.
    private let native: Mutex<SendableBox<Native>?>

    public init(brokers: Int = 3, logger: Logger = Logger(label: "kafka.embedded")) throws(KafkaError) {
        guard brokers >= 1 else { throw KafkaError.invalidArgument("an embedded cluster needs at least one broker") }
        // The mock cluster is hosted by an ordinary (never used) client handle.
        let conf = try NativeConfiguration.make(["client.id": "rakor-embedded-kafka"])
        // The host handle has no bootstrap.servers on purpose: drop that warning.
        let context = LogCallbackContext.install(
            on: conf, bridge: LogBridge(logger: logger, client: "embedded"), ignoredFacilities: ["CONFWARN"])
        let host: OpaquePointer
        do throws(KafkaError) {
            host = try NativeConfiguration.newClient(RD_KAFKA_PRODUCER, conf: conf)
        } catch {
            context.release()
            throw error
        }
        guard let cluster = rd_kafka_mock_cluster_new(host, Int32(brokers)) else {
            rd_kafka_destroy(host)
            context.release()
            throw KafkaError(code: .fail, message: "rd_kafka_mock_cluster_new failed")
        }
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
        brokerIDs = (1...Int32(brokers)).map { $0 }
        native = Mutex(SendableBox(Native(host: host, cluster: cluster, logContext: context)))
        logger.debug("embedded Kafka started", metadata: ["bootstrap": "\(bootstrapServers)"])
    }

    deinit {
        let running = native.withLock { $0 != nil }
        if running {
            native.withLock { $0?.value.logContext.takeUnretainedValue() }?
                .bridge.logger.error("EmbeddedKafka deinitialized without shutdown(); the mock cluster is leaked")
        }
    }

    /// Creates `name` with exactly `partitions` partitions and
    /// `replicationFactor` replicas (at most the broker count).
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32 = 1) throws(KafkaError) {
        try NewTopic(name: name, partitions: partitions, replicationFactor: replicationFactor).validate()
        guard Int(replicationFactor) <= brokerIDs.count else {
            throw KafkaError(
                code: .invalidReplicationFactor,
                message: "replication factor \(replicationFactor) exceeds the \(brokerIDs.count) brokers")
        }
        try withCluster { cluster in
            rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor)
        }
    }

    /// Stops the brokers and frees the cluster. Idempotent. Blocks briefly
    /// while librdkafka joins the mock thread.
    public func shutdown() {
        guard let native = native.withLock({ $0.take() })?.value else { return }
        rd_kafka_mock_cluster_destroy(native.cluster)
        rd_kafka_destroy(native.host)
        native.logContext.release()
    }

    /// Runs a mock-cluster call that returns `rd_kafka_resp_err_t`, under the lock.
    func withCluster(_ body: (OpaquePointer) -> rd_kafka_resp_err_t) throws(KafkaError) {
        let err = try withClusterVoid { cluster in body(cluster) }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError(err) }
    }

    func withClusterVoid<T>(_ body: (OpaquePointer) -> T) throws(KafkaError) -> T {
        try native.withLock { box throws(KafkaError) -> T in
            guard let cluster = box?.value.cluster else { throw KafkaError.shutDown("embedded Kafka") }
            return body(cluster)
        }
    }
}

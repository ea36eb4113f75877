import CRdKafka
import Logging
import Synchronization

/// Configuration of a `KafkaAdmin` client (any librdkafka property passes through).
public struct KafkaAdminConfiguration: KafkaClientConfiguration {
    public var properties: [String: String]

    public init(bootstrapServers: String, properties: [String: String] = [:]) {
        var merged = ["bootstrap.servers": bootstrapServers]
        merged.merge(properties) { _, new in new }
        self.properties = merged
    }
}

/// Topic administration: CreateTopics and DescribeConfigs through librdkafka's
/// Admin API, topic descriptions through cluster metadata.
///
/// Admin results arrive on librdkafka's background thread (the background
/// event callback), which resumes the waiting task: nothing blocks the
/// cooperative pool. Metadata requests (blocking in librdkafka) run on a
/// short-lived dedicated thread. Call `close()` when done.
///
/// Note: librdkafka 2.0.2's mock cluster (`EmbeddedKafka`) implements neither
/// CreateTopics nor DescribeConfigs; against it those calls throw a
/// `KafkaError` (use `EmbeddedKafka.createTopic` there). Metadata works.
public final class KafkaAdmin: Sendable {
    private let handle: NativeHandle
    private let backgroundQueue: NativeQueue
    private let lifecycle = Mutex(Lifecycle())
    private let logContext: SendableBox<Unmanaged<LogCallbackContext>>
    private let logger: Logger

    public init(configuration: KafkaAdminConfiguration, logger: Logger) throws(KafkaError) {
        let conf = try NativeConfiguration.make(configuration.properties)
        // Admin clients have no poll thread: logs are served where they happen.
        let context = LogCallbackContext.install(on: conf, bridge: LogBridge(logger: logger, client: "admin"))
        rd_kafka_conf_set_background_event_cb(conf) { _, event, _ in
            guard let event else { return }
            AdminCompletion.complete(event)
        }
        let handle: OpaquePointer
        do throws(KafkaError) {
            handle = try NativeConfiguration.newClient(RD_KAFKA_PRODUCER, conf: conf)
        } catch {
            context.release()
            throw error
        }
        guard let background = rd_kafka_queue_get_background(handle) else {
            rd_kafka_destroy(handle)
            context.release()
            throw KafkaError(code: .fail, message: "librdkafka background queue unavailable")
        }
        self.handle = NativeHandle(pointer: handle)
        self.backgroundQueue = NativeQueue(pointer: background)
        self.logContext = SendableBox(context)
        self.logger = logger
    }

    /// The handle may be destroyed only when no call uses it.
    private struct Lifecycle {
        var isOpen = true
        /// Blocking calls (metadata) running on helper threads.
        var leases = 0
        var drained: UnsafeContinuation<Void, Never>?
    }

    deinit {
        if lifecycle.withLock({ $0.isOpen }) { logger.error("KafkaAdmin deinitialized without close(); its handle is leaked") }
    }

    /// Runs a short, non-blocking call with the handle under the lock.
    private func withOpenHandle<T>(_ body: (OpaquePointer) throws(KafkaError) -> T) throws(KafkaError) -> T {
        try lifecycle.withLock { state throws(KafkaError) -> T in
            guard state.isOpen else { throw KafkaError.shutDown("admin client") }
            return try body(handle.pointer)
        }
    }

    /// Keeps the handle alive (close waits) while a blocking call runs elsewhere.
    private func acquireLease() throws(KafkaError) {
        try lifecycle.withLock { state throws(KafkaError) in
            guard state.isOpen else { throw KafkaError.shutDown("admin client") }
            state.leases += 1
        }
    }

    private func releaseLease() {
        let drained = lifecycle.withLock { state -> UnsafeContinuation<Void, Never>? in
            state.leases -= 1
            guard state.leases == 0 else { return nil }
            defer { state.drained = nil }
            return state.drained
        }
        drained?.resume()
    }

    // MARK: CreateTopics

    /// Creates topics; per-topic outcomes are returned (check `isCreatedOrExists`).
    /// Throws when the request as a whole fails (invalid request, cluster
    /// unreachable, or the cluster does not implement CreateTopics).
    public func createTopics(_ request: CreateTopicsRequest) async throws(KafkaError) -> [TopicCreationResult] {
        let result: Result<[TopicCreationResult], KafkaError> = await withUnsafeContinuation { continuation in
            let completion = AdminCompletion(operation: "CreateTopics") { outcome in
                switch outcome {
                case .event(let event): continuation.resume(returning: Self.parseCreateTopics(event))
                case .failure(let error): continuation.resume(returning: .failure(error))
                }
            }
            do throws(KafkaError) {
                try withOpenHandle { handle throws(KafkaError) in
                    let options = try Self.options(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS, request.requestTimeout, completion)
                    defer { rd_kafka_AdminOptions_destroy(options) }
                    let timeout = Milliseconds.from(request.operationTimeout)
                    var errorText = [CChar](repeating: 0, count: 256)
                    _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout, &errorText, errorText.count)
                    try request.withNativeTopics { topics, count in
                        completion.start()
                        rd_kafka_CreateTopics(handle, topics, count, options, backgroundQueue.pointer)
                    }
                }
            } catch {
                completion.fail(error)
            }
        }
        return try result.get()
    }

    /// Convenience: validates and sends `topics`.
    public func createTopics(_ topics: [NewTopic], timeout: Duration = .seconds(30)) async throws(KafkaError) -> [TopicCreationResult] {
        try await createTopics(CreateTopicsRequest(topics: topics, operationTimeout: timeout, requestTimeout: timeout))
    }

    private static func parseCreateTopics(_ event: OpaquePointer) -> Result<[TopicCreationResult], KafkaError> {
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            return .failure(KafkaError(code: .fail, message: "unexpected event \(String(cString: rd_kafka_event_name(event)))"))
        }
        var count = 0
        guard let topics = rd_kafka_CreateTopics_result_topics(result, &count) else { return .success([TopicCreationResult]()) }
        let results = (0..<count).compactMap { index -> TopicCreationResult? in
            guard let topic = topics[index] else { return nil }
            let err = rd_kafka_topic_result_error(topic)
            return TopicCreationResult(
                name: String(cString: rd_kafka_topic_result_name(topic)),
                error: err == RD_KAFKA_RESP_ERR_NO_ERROR
                    ? nil : KafkaError(err, message: rd_kafka_topic_result_error_string(topic).map { String(cString: $0) }))
        }
        return .success(results)
    }

    // MARK: DescribeConfigs

    /// The configs of `topic` (DescribeConfigs).
    public func describeTopicConfigs(_ topic: String, timeout: Duration = .seconds(30)) async throws(KafkaError) -> [TopicConfigEntry] {
        let result: Result<[TopicConfigEntry], KafkaError> = await withUnsafeContinuation { continuation in
            let completion = AdminCompletion(operation: "DescribeConfigs") { outcome in
                switch outcome {
                case .event(let event): continuation.resume(returning: Self.parseDescribeConfigs(event))
                case .failure(let error): continuation.resume(returning: .failure(error))
                }
            }
            do throws(KafkaError) {
                try withOpenHandle { handle throws(KafkaError) in
                    let options = try Self.options(handle, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout, completion)
                    defer { rd_kafka_AdminOptions_destroy(options) }
                    guard let resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic) else {
                        throw KafkaError.invalidArgument("invalid topic resource \(topic)")
                    }
                    var resources: [OpaquePointer?] = [resource]
                    defer { rd_kafka_ConfigResource_destroy(resource) }
                    completion.start()
                    resources.withUnsafeMutableBufferPointer { buffer in
                        rd_kafka_DescribeConfigs(handle, buffer.baseAddress, 1, options, backgroundQueue.pointer)
                    }
                }
            } catch {
                completion.fail(error)
            }
        }
        return try result.get()
    }

    private static func parseDescribeConfigs(_ event: OpaquePointer) -> Result<[TopicConfigEntry], KafkaError> {
        guard let result = rd_kafka_event_DescribeConfigs_result(event) else {
            return .failure(KafkaError(code: .fail, message: "unexpected event \(String(cString: rd_kafka_event_name(event)))"))
        }
        var count = 0
        guard let resources = rd_kafka_DescribeConfigs_result_resources(result, &count), count > 0,
            let resource = resources[0]
        else { return .failure(KafkaError(code: .fail, message: "DescribeConfigs returned no resource")) }
        let err = rd_kafka_ConfigResource_error(resource)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            return .failure(KafkaError(err, message: rd_kafka_ConfigResource_error_string(resource).map { String(cString: $0) }))
        }
        var entryCount = 0
        guard let entries = rd_kafka_ConfigResource_configs(resource, &entryCount) else { return .success([TopicConfigEntry]()) }
        let configs = (0..<entryCount).compactMap { index -> TopicConfigEntry? in
            guard let entry = entries[index] else { return nil }
            return TopicConfigEntry(
                name: String(cString: rd_kafka_ConfigEntry_name(entry)),
                value: rd_kafka_ConfigEntry_value(entry).map { String(cString: $0) },
                isDefault: rd_kafka_ConfigEntry_is_default(entry) != 0,
                isReadOnly: rd_kafka_ConfigEntry_is_read_only(entry) != 0,
                isSensitive: rd_kafka_ConfigEntry_is_sensitive(entry) != 0)
        }
        return .success(configs.sorted { $0.name < $1.name })
    }

    private static func options(
        _ handle: OpaquePointer, _ operation: rd_kafka_admin_op_t, _ timeout: Duration, _ completion: AdminCompletion
    ) throws(KafkaError) -> OpaquePointer {
        guard let options = rd_kafka_AdminOptions_new(handle, operation) else {
            throw KafkaError(code: .fail, message: "rd_kafka_AdminOptions_new failed")
        }
        var errorText = [CChar](repeating: 0, count: 256)
        let err = rd_kafka_AdminOptions_set_request_timeout(options, Milliseconds.from(timeout), &errorText, errorText.count)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            rd_kafka_AdminOptions_destroy(options)
            throw KafkaError(err, message: String(nulTerminated: errorText))
        }
        rd_kafka_AdminOptions_set_opaque(options, completion.opaque)
        return options
    }

    // MARK: Metadata

    /// The brokers and topics of the cluster (metadata request).
    public func describeCluster(timeout: Duration = .seconds(10)) async throws(KafkaError) -> ClusterDescription {
        let handle = self.handle
        try acquireLease()
        defer { releaseLease() }
        let milliseconds = Milliseconds.from(timeout)
        let outcome = try await NativeThread.run(name: "kafka-metadata") { () -> Result<ClusterDescription, KafkaError> in
            ClusterDescription.fetch(handle.pointer, timeoutMilliseconds: milliseconds)
        }
        return try outcome.get()
    }

    /// Describes `names` from cluster metadata (partitions, leaders, replicas).
    /// A topic that does not exist comes back with `error` set and no partitions.
    public func describeTopics(_ names: [String], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [TopicDescription] {
        let cluster = try await describeCluster(timeout: timeout)
        let byName = Dictionary(cluster.topics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return names.map { name in
            byName[name]
                ?? TopicDescription(
                    name: name, partitions: [],
                    error: KafkaError(code: .unknownTopicOrPartition, message: "topic \(name) does not exist"))
        }
    }

    // MARK: Close

    /// Destroys the client once running metadata calls finished (pending
    /// Admin requests complete with `_DESTROY`). Idempotent.
    public func close() async {
        let (wasOpen, busy) = lifecycle.withLock { state -> (Bool, Bool) in
            defer { state.isOpen = false }
            return (state.isOpen, state.leases > 0)
        }
        guard wasOpen else { return }
        if busy {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let resumeNow = lifecycle.withLock { state -> Bool in
                    if state.leases == 0 { return true }
                    state.drained = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
        let handle = self.handle
        let queue = self.backgroundQueue
        let context = logContext
        let destroy: @Sendable () -> Bool = {
            rd_kafka_queue_destroy(queue.pointer)
            rd_kafka_destroy(handle.pointer)
            context.value.release()
            return true
        }
        do {
            _ = try await NativeThread.run(name: "kafka-destroy", destroy)
        } catch {
            _ = destroy()
        }
    }
}

/// Waits for one Admin API result event on librdkafka's background thread.
final class AdminCompletion: Sendable {
    enum Outcome {
        /// The result event (valid only during the call; destroyed afterwards).
        case event(OpaquePointer)
        case failure(KafkaError)
    }

    let operation: String
    private let handler: @Sendable (Outcome) -> Void
    private let done = Atomic<Bool>(false)

    init(operation: String, handler: @escaping @Sendable (Outcome) -> Void) {
        self.operation = operation
        self.handler = handler
    }

    /// What the request's opaque carries (see `start`).
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Called right before the request is handed to librdkafka, which then
    /// always answers with exactly one result event (`_DESTROY` at the latest):
    /// that event's callback takes this reference back.
    func start() {
        _ = Unmanaged.passRetained(self)
    }

    func fail(_ error: KafkaError) {
        finish(.failure(error))
    }

    private func finish(_ outcome: Outcome) {
        guard !done.exchange(true, ordering: .acquiringAndReleasing) else { return }
        handler(outcome)
    }

    /// The background event callback: routes a result event to its request.
    static func complete(_ event: OpaquePointer) {
        defer { rd_kafka_event_destroy(event) }
        guard let opaque = rd_kafka_event_opaque(event) else { return }
        let completion = Unmanaged<AdminCompletion>.fromOpaque(opaque).takeRetainedValue()
        let err = rd_kafka_event_error(event)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? KafkaError.Code(rawValue: err.rawValue).description
            completion.finish(.failure(Self.explain(KafkaError(err, message: text), operation: completion.operation)))
            return
        }
        completion.finish(.event(event))
    }

    /// Turns "the broker does not support this API" into a message that says so.
    static func explain(_ error: KafkaError, operation: String) -> KafkaError {
        if error.message.contains("waiting for controller") {
            // Admin requests go to the controller; the mock cluster names none.
            return KafkaError(
                code: error.code,
                message: "\(operation) failed: no controller broker is known (librdkafka 2.0.2's mock cluster never names one, so its Admin API requests cannot succeed): \(error.message)",
                isFatal: false, isRetriable: error.isRetriable)
        }
        switch error.code {
        case .unsupportedFeature, .unsupportedVersion, .notImplemented:
            return KafkaError(
                code: error.code,
                message: "\(operation) is not supported by the cluster (librdkafka 2.0.2's mock cluster does not implement it): \(error.message)",
                isFatal: false, isRetriable: false)
        default:
            return KafkaError(
                code: error.code, message: "\(operation) failed: \(error.message)", isFatal: error.isFatal,
                isRetriable: error.isRetriable)
        }
    }
}

extension ClusterDescription {
    /// Cluster metadata copied out of `rd_kafka_metadata_t` (blocking call).
    static func fetch(_ handle: OpaquePointer, timeoutMilliseconds: Int32) -> Result<ClusterDescription, KafkaError> {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, 1, nil, &metadata, timeoutMilliseconds)
        defer { if let metadata { rd_kafka_metadata_destroy(metadata) } }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let md = metadata?.pointee else {
            return .failure(KafkaError(err, message: "metadata request failed: \(KafkaError.Code(rawValue: err.rawValue).description)"))
        }
        let brokers = (0..<Int(md.broker_cnt)).map { index in
            let broker = md.brokers[index]
            return BrokerDescription(id: broker.id, host: broker.host.map { String(cString: $0) } ?? "", port: broker.port)
        }
        let topics = (0..<Int(md.topic_cnt)).map { index -> TopicDescription in
            let topic = md.topics[index]
            let partitions = (0..<Int(topic.partition_cnt)).map { p -> PartitionDescription in
                let partition = topic.partitions[p]
                return PartitionDescription(
                    id: partition.id, leader: partition.leader,
                    replicas: (0..<Int(partition.replica_cnt)).map { partition.replicas[$0] },
                    inSyncReplicas: (0..<Int(partition.isr_cnt)).map { partition.isrs[$0] },
                    error: partition.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(partition.err))
            }.sorted { $0.id < $1.id }
            return TopicDescription(
                name: topic.topic.map { String(cString: $0) } ?? "", partitions: partitions,
                error: topic.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(topic.err))
        }.sorted { $0.name < $1.name }
        return .success(ClusterDescription(brokers: brokers.sorted { $0.id < $1.id }, topics: topics))
    }
}

import Kafka
import Logging

/// The outcome of creating one topic.
public struct TopicCreationOutcome: Sendable, Hashable, CustomStringConvertible {
    public enum Status: Sendable, Hashable {
        case created
        case alreadyExists
        case failed(String)
    }

    public var name: String
    public var status: Status

    public init(name: String, status: Status) {
        self.name = name
        self.status = status
    }

    public var description: String {
        switch status {
        case .created: "\(name): created"
        case .alreadyExists: "\(name): already exists (left as it is)"
        case .failed(let message): "\(name): FAILED: \(message)"
        }
    }
}

/// Why `topics create` could not do its job.
public struct TopicAdminError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public var description: String { message }

    /// A refusal of the whole request, explained for an operator.
    static func refused(_ error: KafkaError) -> TopicAdminError {
        TopicAdminError(message: """
            the cluster refused CreateTopics: \(error.message)
            Check that the brokers are reachable with these client properties (security.protocol, sasl.*, ssl.*) \
            and that the bot's principal may create topics (Kafka ACL: CREATE on the cluster or on the topics). \
            Note: the embedded development cluster (librdkafka's mock, `rakorbot kafka` or `serve` without \
            --brokers) does not implement CreateTopics; it gets its topics when it starts.
            """)
    }
}

/// Topic administration against a cluster through `Kafka.KafkaAdmin`:
/// create the bot's topics, observe them (metadata, plus configs where the
/// cluster answers DescribeConfigs) and check them against `TopicLayout`.
public struct TopicInspector: Sendable {
    public var bootstrapServers: String
    /// Client properties (SASL/SSL…), as the bot uses them.
    public var properties: [String: String]
    public var logger: Logger
    /// Bound for metadata requests.
    public var metadataTimeout: Duration = .seconds(10)
    /// Bound for DescribeConfigs; after one failure the others are skipped
    /// (a cluster that does not answer one will not answer the next).
    public var configTimeout: Duration = .seconds(5)

    public init(bootstrapServers: String, properties: [String: String] = [:], logger: Logger) {
        self.bootstrapServers = bootstrapServers
        self.properties = properties
        self.logger = logger
    }

    private func withAdmin<T: Sendable>(_ body: (KafkaAdmin) async throws(KafkaError) -> T) async throws(KafkaError) -> T {
        let admin = try KafkaAdmin(configuration: KafkaAdminConfiguration(bootstrapServers: bootstrapServers,
                                                                          properties: properties),
                                   logger: logger)
        do {
            let result = try await body(admin)
            await admin.close()
            return result
        } catch {
            await admin.close()
            throw error
        }
    }

    /// Sends `request`; per-topic outcomes, "already exists" included.
    public func create(_ request: CreateTopicsRequest) async throws(TopicAdminError) -> [TopicCreationOutcome] {
        let results: [TopicCreationResult]
        do {
            results = try await withAdmin { admin throws(KafkaError) in try await admin.createTopics(request) }
        } catch {
            throw TopicAdminError.refused(error)
        }
        let byName = Dictionary(results.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return request.topics.map { topic in
            guard let result = byName[topic.name] else {
                return TopicCreationOutcome(name: topic.name, status: .failed("the cluster did not answer for this topic"))
            }
            if let error = result.error {
                return TopicCreationOutcome(name: topic.name,
                                            status: error.code == .topicAlreadyExists ? .alreadyExists : .failed(error.message))
            }
            return TopicCreationOutcome(name: topic.name, status: .created)
        }
    }

    /// `names` as the cluster shows them.
    public func observe(_ names: [String]) async throws(KafkaError) -> [ObservedTopic] {
        let metadataTimeout = self.metadataTimeout, configTimeout = self.configTimeout
        return try await withAdmin { admin throws(KafkaError) -> [ObservedTopic] in
            let described = try await admin.describeTopics(names, timeout: metadataTimeout)
            var observed: [ObservedTopic] = []
            var configsUnavailable: String?
            for topic in described {
                let exists = topic.error == nil || !topic.partitions.isEmpty
                var seen = ObservedTopic(name: topic.name, exists: exists, partitions: topic.partitions.count,
                                         replicationFactor: topic.replicationFactor)
                if exists {
                    if let reason = configsUnavailable {
                        seen.configsUnavailable = reason
                    } else {
                        do throws(KafkaError) {
                            let entries = try await admin.describeTopicConfigs(topic.name, timeout: configTimeout)
                            seen.configs = Dictionary(entries.compactMap { entry in entry.value.map { (entry.name, $0) } },
                                                      uniquingKeysWith: { first, _ in first })
                        } catch {
                            configsUnavailable = error.message
                            seen.configsUnavailable = configsUnavailable
                        }
                    }
                }
                observed.append(seen)
            }
            return observed
        }
    }

    /// Observes the bot's topics and compares them with the layout.
    public func check(names: TopicNames, settings: TopicSettings) async throws(KafkaError) -> (observed: [ObservedTopic], findings: [TopicFinding]) {
        let expected = TopicLayout.newTopics(names: names, settings: settings)
        let observed = try await observe(expected.map(\.name))
        return (observed, TopicCheck.findings(expected: expected, observed: observed))
    }

    /// The start-up check: logs each finding as a warning (or at debug for
    /// infos); never fails the start (the bot works on imperfect topics).
    public func logStartupCheck(names: TopicNames, settings: TopicSettings) async {
        do {
            let (_, findings) = try await check(names: names, settings: settings)
            for finding in findings {
                switch finding.severity {
                case .warning: logger.warning("topic check: \(finding.topic): \(finding.message)")
                case .info: logger.debug("topic check: \(finding.topic): \(finding.message)")
                }
            }
            if !findings.contains(where: { $0.severity == .warning }) {
                logger.info("topic check: all \(TopicNames.all.count) topics present and configured as expected")
            }
        } catch {
            logger.warning("topic check: could not read the cluster's metadata: \(error.message)")
        }
    }
}

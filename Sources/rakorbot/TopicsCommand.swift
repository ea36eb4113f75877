import ArgumentParser
import Foundation
import Kafka
import Logging
import RakorBot

struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create or describe rakorbot's topics on a Kafka cluster.",
        discussion: """
            Retention per topic: rakor.commands and rakor.replies 7 days, rakor.events 30 days, \
            rakor.deadletter 90 days, rakor.audit forever (retention.ms=-1, retention.bytes=-1); \
            cleanup.policy=delete; min.insync.replicas=min(2, replication factor). Partitions and \
            replication factor come from --partitions / --replication-factor (or topics.* in the \
            configuration file; defaults 3 and 3). Connection settings (brokers, SASL/SSL properties, \
            topic prefix) are read like `serve` reads them.
            """,
        subcommands: [TopicsCreateCommand.self, TopicsDescribeCommand.self]
    )
}

/// Shared set-up: the configuration and a cluster to talk to.
private func inspector(_ options: ClusterOptions) throws -> (TopicInspector, ServeConfiguration) {
    // Topics need no HMAC keys: run where they are not mounted (a one-off pod).
    let serve = try options.load(readsHMACKeys: false)
    LoggingSetup.bootstrap(serve.log)
    guard let brokers = serve.bot.brokers else {
        Console.error("""
            rakorbot topics: no cluster given (--brokers, RAKOR_KAFKA_BROKERS or kafka.brokers). \
            The embedded development cluster creates its topics itself; to look at it, pass its \
            bootstrap list (printed by `rakorbot kafka` or `rakorbot serve`) as --brokers.
            """)
        throw ExitCode(2)
    }
    let logger = Logger(label: "rakorbot.topics")
    return (TopicInspector(bootstrapServers: brokers, properties: serve.bot.kafkaProperties, logger: logger), serve)
}

struct TopicsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create the five topics through the Kafka Admin API (existing topics are left as they are).",
        discussion: "Exit status 1 if the cluster refuses the request or any topic could not be created."
    )

    @OptionGroup var options: ClusterOptions

    @Flag(help: "Print the CreateTopics request (validated by librdkafka) without sending it.")
    var dryRun = false

    func run() async throws {
        let (inspector, serve) = try inspector(options)
        let names = TopicNames(prefix: serve.bot.topicPrefix)
        let request: CreateTopicsRequest
        do {
            request = try TopicLayout.createRequest(names: names, settings: serve.topics)
            try request.validateNatively()
        } catch {
            Console.error("rakorbot topics create: invalid request: \(error.message)")
            throw ExitCode(1)
        }
        if dryRun {
            Console.line(TopicsTable.request(request))
            return
        }
        do {
            let outcomes = try await inspector.create(request)
            for outcome in outcomes { Console.line(outcome.description) }
            if outcomes.contains(where: { if case .failed = $0.status { true } else { false } }) { throw ExitCode(1) }
        } catch let error as TopicAdminError {
            Console.error("rakorbot topics create: \(error)")
            throw ExitCode(1)
        }
    }
}

struct TopicsDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show the topics as the cluster has them (metadata, and configs where it answers) and check them.",
        discussion: "Works against any cluster, the embedded one included (whose configs cannot be read). Exit status 1 with --strict when a check warns."
    )

    @OptionGroup var options: ClusterOptions

    @Flag(help: "Exit with status 1 when a topic is missing or misconfigured.")
    var strict = false

    func run() async throws {
        let (inspector, serve) = try inspector(options)
        let names = TopicNames(prefix: serve.bot.topicPrefix)
        let result: (observed: [ObservedTopic], findings: [TopicFinding])
        do {
            result = try await inspector.check(names: names, settings: serve.topics)
        } catch {
            Console.error("rakorbot topics describe: cannot read the cluster's metadata: \(error.message)")
            throw ExitCode(1)
        }
        Console.line(TopicsTable.observed(result.observed))
        let infos = result.findings.filter { $0.severity == .info }
        if infos.count > 1, Set(infos.map(\.message)).count == 1, let message = infos.first?.message {
            // The same reason for every topic (a cluster without DescribeConfigs): say it once.
            Console.line("info: every topic: \(message)")
        } else {
            for finding in infos { Console.line(finding.description) }
        }
        for finding in result.findings where finding.severity == .warning { Console.line(finding.description) }
        let warnings = result.findings.filter { $0.severity == .warning }.count
        if warnings > 0 {
            Console.line("\(warnings) warning(s)")
        } else {
            Console.line(infos.isEmpty ? "all topics as expected" : "all topics present as expected (see the notes above)")
        }
        if strict, warnings > 0 { throw ExitCode(1) }
    }
}

/// Plain-text tables for the topics commands.
enum TopicsTable {
    static func request(_ request: CreateTopicsRequest) -> String {
        var lines = ["CreateTopics request (not sent):"]
        for topic in request.topics {
            let configs = topic.configs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            lines.append("  \(topic.name)  partitions=\(topic.partitions) replication_factor=\(topic.replicationFactor)  \(configs)")
        }
        return lines.joined(separator: "\n")
    }

    static func observed(_ topics: [ObservedTopic]) -> String {
        let width = max(5, topics.map(\.name.count).max() ?? 0)
        var lines = ["topic".padding(toLength: width, withPad: " ", startingAt: 0) + "  partitions  replicas  retention"]
        for topic in topics {
            let name = topic.name.padding(toLength: width, withPad: " ", startingAt: 0)
            guard topic.exists else {
                lines.append("\(name)  (missing)")
                continue
            }
            let retention = topic.retentionMilliseconds.map(TopicLayout.describe(retention:)) ?? "(unknown)"
            lines.append("\(name)  \(String(topic.partitions).padding(toLength: 10, withPad: " ", startingAt: 0))  \(String(topic.replicationFactor).padding(toLength: 8, withPad: " ", startingAt: 0))  \(retention)")
        }
        return lines.joined(separator: "\n")
    }
}

import ArgumentParser
import Foundation
import Logging
import RakorBot
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the bot: consume rakor.commands and rakor.events, answer on rakor.replies, audit on rakor.audit.",
        discussion: """
            Without --brokers it starts an embedded Kafka cluster (librdkafka's mock cluster, \
            3 brokers on 127.0.0.1) and prints `kafka bootstrap: <list>` so kcat or a bridge can \
            connect. State lives in SQLite under --data. SIGTERM or SIGINT stops intake, finishes \
            the batch in hand, drains the outbox, stores offsets and leaves the group.
            """
    )

    @Option(help: "Kafka bootstrap servers; omit for the embedded cluster (env RAKOR_KAFKA_BROKERS).")
    var brokers: String?

    @Option(help: "Directory YAML file of organisations, users and integrators (env RAKOR_DIRECTORY; default: the shipped demo directory).")
    var directory: String?

    @Option(help: "Folder for the SQLite database (env RAKOR_DATA).")
    var data: String?

    @Option(help: "Prefix in front of every topic name, e.g. `prod.` (env RAKOR_TOPIC_PREFIX).")
    var topicPrefix: String?

    @Option(help: "Fixed start for the clock: RFC 3339 or YYYY-MM-DD (env RAKOR_NOW). The shipped elections are past; demos and tests fix \"today\".")
    var now: String?

    @Option(help: "This bot's instance name: the audit chain id (env RAKOR_INSTANCE).")
    var instance: String?

    @Option(help: "Consumer group id (env RAKOR_GROUP).")
    var group: String?

    @Option(help: "Extra librdkafka property for every client, key=value (repeatable), e.g. security.protocol=SASL_SSL.")
    var kafkaProperty: [String] = []

    @Option(help: "Bridge signing key: keyid=/path/to/secret-file (repeatable). Without one, unsigned commands are accepted.")
    var bridgeKeyFile: [String] = []

    @Option(help: "Integrator signing key: keyid=/path/to/secret-file (repeatable).")
    var integratorKeyFile: [String] = []

    @Option(help: "Partitions per topic of the embedded cluster.")
    var partitions: Int32 = 3

    @Option(help: "Also write the bootstrap list to this file (for scripts and other processes).")
    var bootstrapFile: String?

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.makeLogger(label: "rakorbot")
        let environment = ProcessInfo.processInfo.environment
        var configuration = BotConfiguration()
        configuration.brokers = brokers ?? environment["RAKOR_KAFKA_BROKERS"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.directoryPath = directory ?? environment["RAKOR_DIRECTORY"]
        configuration.dataDirectory = data ?? environment["RAKOR_DATA"] ?? "./data"
        configuration.topicPrefix = topicPrefix ?? environment["RAKOR_TOPIC_PREFIX"] ?? ""
        configuration.instance = instance ?? environment["RAKOR_INSTANCE"] ?? "rakorbot"
        configuration.consumerGroup = group ?? environment["RAKOR_GROUP"] ?? "rakorbot"
        configuration.embeddedPartitions = partitions
        if let text = now ?? environment["RAKOR_NOW"], !text.isEmpty {
            configuration.now = try NowParser.parse(text)
        }
        configuration.kafkaProperties = try KeyValue.parse(kafkaProperty, flag: "--kafka-property")
        configuration.bridgeKeys = try SecretFiles.load(bridgeKeyFile, flag: "--bridge-key-file")
        configuration.integratorKeys = try SecretFiles.load(integratorKeyFile, flag: "--integrator-key-file")

        if configuration.bridgeKeys.isEmpty {
            logger.warning("""
                ⚠️  NO BRIDGE KEY CONFIGURED: commands are accepted WITHOUT a signature. \
                Anyone who can write to \(configuration.topicPrefix)rakor.commands can act as any official. \
                Use --bridge-key-file in production.
                """)
        }
        let runtime = try await BotRuntime.start(configuration, logger: logger)
        Console.line("kafka bootstrap: \(runtime.bootstrapServers)")
        if let bootstrapFile {
            try runtime.bootstrapServers.write(toFile: bootstrapFile, atomically: true, encoding: .utf8)
        }
        if let now = configuration.now {
            logger.notice("clock starts at \(now) (fixed start, runs at real speed)")
        }
        logger.info("rakorbot serving", metadata: [
            "instance": "\(configuration.instance)", "data": "\(configuration.databasePath)",
            "topics": "\(runtime.topics.inputs.joined(separator: ","))",
        ])
        let group = ServiceGroup(services: [BotService(runtime: runtime)],
                                 gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

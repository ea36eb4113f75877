import ArgumentParser
import Foundation
import Kafka
import RakorBot
import ServiceLifecycle

struct KafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Run only the embedded Kafka cluster, with rakorbot's topics, until stopped.",
        discussion: """
            Prints `kafka bootstrap: <list>`. Useful to run the bot (`serve --brokers …`), kcat, \
            kafka-python or tests in other processes against one cluster, and to restart the bot \
            while the cluster keeps its data.
            """
    )

    @Option(help: "Number of brokers.")
    var brokers: Int = 3

    @Option(help: "Partitions per topic.")
    var partitions: Int32 = 3

    @Option(help: "Prefix in front of every topic name.")
    var topicPrefix: String = ""

    @Option(help: "Also write the bootstrap list to this file.")
    var bootstrapFile: String?

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.makeLogger(label: "rakorbot.kafka")
        let cluster = try EmbeddedKafka(brokers: brokers, logger: logger)
        let topics = TopicNames(prefix: topicPrefix)
        for topic in TopicNames.all {
            try cluster.createTopic(topics.physical(topic), partitions: partitions)
        }
        Console.line("kafka bootstrap: \(cluster.bootstrapServers)")
        if let bootstrapFile {
            try cluster.bootstrapServers.write(toFile: bootstrapFile, atomically: true, encoding: .utf8)
        }
        let group = ServiceGroup(services: [ClusterService(cluster: cluster)],
                                 gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// Keeps the cluster up until graceful shutdown, then shuts it down.
struct ClusterService: Service {
    let cluster: EmbeddedKafka

    func run() async throws {
        try? await gracefulShutdown()
        cluster.shutdown()
    }
}

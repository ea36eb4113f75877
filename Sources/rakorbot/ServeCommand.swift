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
            connect. State lives in SQLite under --data. Metrics and health are served on \
            http://127.0.0.1:9464 (/metrics, /healthz, /readyz; --http-port 0 disables). \
            SIGTERM or SIGINT stops intake, finishes the batch in hand, drains the outbox, \
            stores offsets and leaves the group.

            Settings come from flags, environment variables and a YAML file (--config), in that \
            order of precedence; `rakorbot config check` shows the result. Secrets (HMAC keys, \
            Kafka passwords) are read from files or the environment only.
            """
    )

    @OptionGroup var options: ServeOptions

    @Option(help: "Also write the bootstrap list to this file (for scripts and other processes).")
    var bootstrapFile: String?

    func run() async throws {
        let serve = try options.load()
        LoggingSetup.bootstrap(serve.log)
        let logger = Logger(label: "rakorbot")
        for warning in serve.warnings {
            logger.warning("\(warning.hasPrefix("NO BRIDGE KEY") ? "⚠️  " : "")\(warning)")
        }
        let metrics = BotMetrics()
        metrics.bootstrapGlobally()

        let runtime = try await BotRuntime.start(serve.bot, logger: logger, metrics: metrics)
        Console.line("kafka bootstrap: \(runtime.bootstrapServers)")
        if let bootstrapFile {
            try runtime.bootstrapServers.write(toFile: bootstrapFile, atomically: true, encoding: .utf8)
        }
        if let now = serve.bot.now {
            logger.notice("clock starts at \(now) (fixed start, runs at real speed)")
        }
        if serve.bot.brokers != nil {
            // Warn about missing or misconfigured topics without delaying the start.
            let inspector = TopicInspector(bootstrapServers: runtime.bootstrapServers,
                                           properties: serve.bot.kafkaProperties, logger: logger)
            let topics = runtime.topics, settings = serve.topics
            Task { await inspector.logStartupCheck(names: topics, settings: settings) }
        }
        logger.info("rakorbot serving", metadata: [
            "instance": "\(serve.bot.instance)", "data": "\(serve.bot.databasePath)",
            "topics": "\(runtime.topics.inputs.joined(separator: ","))",
        ])
        let host = serve.http.host
        let group = ServeServices.group(runtime: runtime, http: serve.http.isEnabled ? serve.http : nil,
                                        logger: logger) { port in
            Console.line("metrics: http://\(host):\(port)/metrics")
        }
        try await group.run()
    }
}

import Foundation
import Kafka
import Logging
import RakorBot
import RakorCore

/// Runs the workloads against one embedded cluster in this process.
struct Workloads {
    let cluster: EmbeddedKafka
    let options: BenchOptions
    let logger: Logger
    let runTag: String
    let workDirectory: URL

    /// The bot's topics (shared by every bot workload, so the mock cluster's
    /// memory is bounded by one set of logs, not one per workload).
    var botTopics: TopicNames { TopicNames(prefix: "\(runTag).bench.") }
    var counts: BenchOptions.Counts { options.counts }

    /// W0: consume → fixed reply → produce, no logic.
    func passthrough() async throws -> WorkloadResult {
        let topics = TopicNames(prefix: "\(runTag).w0.")
        for topic in [TopicNames.commands, TopicNames.replies] {
            try cluster.createTopic(topics.physical(topic), partitions: 3)
        }
        ProcessMemory.resetPeak()
        let passthrough = try Passthrough(bootstrap: cluster.bootstrapServers,
                                          commandsTopic: topics.physical(TopicNames.commands),
                                          repliesTopic: topics.physical(TopicNames.replies),
                                          group: "\(runTag)-w0", fetchWait: options.fetchWaitMilliseconds,
                                          logger: logger)
        let generator = try LoadGenerator(bootstrap: cluster.bootstrapServers,
                                          commandsTopic: topics.physical(TopicNames.commands),
                                          eventsTopic: topics.physical(TopicNames.events),
                                          repliesTopic: topics.physical(TopicNames.replies),
                                          group: "\(runTag)-w0-replies",
                                          fetchWait: options.fetchWaitMilliseconds, logger: logger)
        let mix = CommandMix(shape: .passthrough, seededTasks: 0)
        let started = Monotonic.nanoseconds()
        let warm = await generator.throughput(tag: "w0-warm", mix: mix, count: counts.warmup, window: counts.warmup)
        let ready = Monotonic.seconds(since: started)
        progress("W0 ready in \(format(ready)) s (warm-up \(warm.received)/\(warm.sent))")
        let latency = await generator.paced(tag: "w0-lat", mix: mix, rate: counts.pacedRate, seconds: counts.pacedSeconds)
        let throughput = await generator.throughput(tag: "w0-tp", mix: mix, count: counts.passthrough, window: 30_000)
        let peak = ProcessMemory.peakBytes()
        await passthrough.close()
        await generator.close()
        let result = WorkloadResult(name: "W0", description: "passthrough (Kafka layer only)", tasks: nil,
                                    throughput: throughput, latency: latency, offeredRate: counts.pacedRate,
                                    peakRSSBytes: peak, startSeconds: nil, readySeconds: ready)
        progress(summary(result))
        checkResets(generator, "W0")
        return result
    }

    /// The bot's generator: one for every bot workload (one reply-topic group join).
    func botGenerator() throws -> LoadGenerator {
        for topic in TopicNames.all {
            try cluster.createTopic(botTopics.physical(topic), partitions: 3)
        }
        return try LoadGenerator(bootstrap: cluster.bootstrapServers,
                                 commandsTopic: botTopics.physical(TopicNames.commands),
                                 eventsTopic: botTopics.physical(TopicNames.events),
                                 repliesTopic: botTopics.physical(TopicNames.replies),
                                 group: "\(runTag)-bench-replies",
                                 fetchWait: options.fetchWaitMilliseconds, logger: logger)
    }

    /// A store directory with `tasks` seeded; returns it and the seeding time.
    func seededStore(_ name: String, tasks: Int) async throws -> (URL, Double) {
        let directory = workDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = BotConfiguration()
        configuration.dataDirectory = directory.path
        let seconds = try await TaskSeeder.seed(path: configuration.databasePath, count: tasks,
                                                firstDue: options.seedDueFrom)
        progress("seeded \(tasks) tasks (due from \(options.seedDueFrom.iso)) into \(name) in \(format(seconds)) s")
        return (directory, seconds)
    }

    /// W1/W2/W3: the real runtime (`BotRuntime`, as `serve` runs it) on the
    /// cluster, against the store in `dataDirectory`.
    func bot(_ name: String, description: String, shape: CommandMix.Shape, count: Int, tasks: Int,
             dataDirectory: URL, generator: LoadGenerator) async throws -> WorkloadResult {
        var configuration = BotConfiguration()
        configuration.brokers = cluster.bootstrapServers
        configuration.topicPrefix = botTopics.prefix
        // One group for every bot workload: each run continues where the
        // last one stopped instead of re-reading its commands.
        configuration.consumerGroup = "\(runTag)-bot"
        configuration.dataDirectory = dataDirectory.path
        configuration.now = RFC3339.parse("2024-11-20T01:00:00Z")
        configuration.rateLimit = .unlimited
        configuration.kafkaProperties = ["session.timeout.ms": "6000", "heartbeat.interval.ms": "1000",
                                         "fetch.wait.max.ms": "\(options.fetchWaitMilliseconds)"]

        let tag = name.lowercased().replacingOccurrences(of: "-", with: "")
        let mix = CommandMix(shape: shape, seededTasks: tasks)
        let eventsBefore = generator.eventCount
        ProcessMemory.resetPeak()
        let started = Monotonic.nanoseconds()
        let runtime = try await BotRuntime.start(configuration, logger: logger)
        let startSeconds = Monotonic.seconds(since: started)
        let running = Task { await runtime.run() }
        let warm = await generator.throughput(tag: "\(tag)-warm", mix: CommandMix(shape: .reads, seededTasks: tasks),
                                              count: counts.warmup, window: counts.warmup, stall: .seconds(60))
        let ready = Monotonic.seconds(since: started)
        progress("\(name) ready in \(format(ready)) s (start \(format(startSeconds)) s, warm-up \(warm.received)/\(warm.sent))")
        let latency = await generator.paced(tag: "\(tag)-lat", mix: mix, rate: counts.pacedRate, seconds: counts.pacedSeconds)
        let throughput = await generator.throughput(tag: "\(tag)-tp", mix: mix, count: count, window: options.window)
        let peak = ProcessMemory.peakBytes()
        let batches = BatchFigures(exposition: runtime.metrics.exposition())
        await runtime.shutdown()
        await running.value
        var result = WorkloadResult(name: name, description: description, tasks: tasks, throughput: throughput,
                                    latency: latency, offeredRate: counts.pacedRate, peakRSSBytes: peak,
                                    startSeconds: startSeconds, readySeconds: ready)
        result.events = generator.eventCount - eventsBefore
        result.batches = batches
        progress(summary(result))
        if let batches {
            progress("\(name) pipeline: \(batches.count) batches, \(format(batches.meanMilliseconds)) ms each (process + commit)")
            if batches.offsetResets > 0 {
                progress("WARNING \(name): the bot's consumer saw \(batches.offsetResets) offset resets (commands truncated before read)")
            }
        }
        checkResets(generator, name)
        return result
    }

    private func checkResets(_ generator: LoadGenerator, _ name: String) {
        if generator.replyOffsetResets > 0 {
            progress("WARNING \(name): the reply reader saw \(generator.replyOffsetResets) offset resets (replies truncated before read)")
        }
    }

    func summary(_ result: WorkloadResult) -> String {
        "\(result.name): \(Int(result.throughput.throughput)) records/s, p99 \(result.latency.latencyMilliseconds(99).map(format) ?? "-") ms, "
            + "missing \(result.missing), errors \(result.errors)"
            + (result.throughput.errorSamples.first.map { " (e.g. \($0))" } ?? "")
    }

    func progress(_ line: String) {
        // Progress goes to stderr, so `--json-only` keeps stdout to the one JSON line.
        FileHandle.standardError.write(Data("rakorbench: \(line)\n".utf8))
    }
}

func format(_ value: Double) -> String {
    String(format: value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value)
}

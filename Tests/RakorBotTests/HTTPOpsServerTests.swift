import Foundation
import Kafka
import Logging
@testable import RakorBot
import RakorCore
import ServiceLifecycle
import Synchronization
import Testing
import Yams

/// Endpoints with fixed answers, to test the HTTP layer on its own.
struct FixedEndpoints: OpsEndpoints {
    var alive: Bool
    var ready: Bool

    func liveness() -> HealthStatus { HealthStatus(ok: alive, reasons: alive ? [] : ["the pipeline has stopped"]) }
    func readiness() -> HealthStatus {
        HealthStatus(ok: ready, reasons: ready ? [] : ["producer: all brokers down"], details: ["assigned_partitions": 0])
    }
    func metricsExposition() async -> String { "# TYPE rakor_ready gauge\nrakor_ready \(ready ? 1 : 0)\n" }
    func refreshGauges() async {}
}

/// Remembers the port the server bound.
final class BoundPort: Sendable {
    private let port = Mutex<Int?>(nil)
    func set(_ value: Int) { port.withLock { $0 = value } }
    var value: Int? { port.withLock { $0 } }

    func wait() async throws -> Int {
        guard await OpsTestSupport.eventually(timeout: .seconds(90), { self.value != nil }), let port = value else {
            throw CancellationError()
        }
        return port
    }
}

@Suite("HTTP: metrics and health endpoints")
struct HTTPOpsServerTests {
    @Test("/healthz, /readyz and /metrics answer with the right status, type and body")
    func endpointsOnFixedAnswers() async throws {
        let bound = BoundPort()
        let server = OpsHTTPServer(host: "127.0.0.1", port: 0, endpoints: FixedEndpoints(alive: true, ready: false),
                                   logger: OpsTestSupport.logger, onListening: { bound.set($0) })
        let group = ServiceGroup(services: [server], logger: OpsTestSupport.logger)
        let running = Task { try await group.run() }
        let client = OpsHTTPClient(base: "http://127.0.0.1:\(try await bound.wait())")

        let health = try await client.get("/healthz")
        #expect(health.status == 200)
        #expect(health.contentType == "application/json")
        #expect(health.body == "{\"status\":\"ok\"}\n")

        let ready = try await client.get("/readyz")
        #expect(ready.status == 503)
        let object = try JSONParser().parse(Array(ready.body.utf8))
        #expect(object == ["status": "unavailable", "reasons": ["producer: all brokers down"], "assigned_partitions": 0])

        let metrics = try await client.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(PrometheusText(text: metrics.body).value("rakor_ready") == 0)

        #expect(try await client.get("/").body.contains("/readyz"))
        #expect(try await client.get("/nothing-here").status == 404)

        await group.triggerGracefulShutdown()
        try await running.value
    }

    @Test("help texts are added to the exposition for every rakorbot metric")
    func helpLines() {
        let metrics = BotMetrics()
        let pipeline = PipelineMetrics(factory: metrics.factory)
        var tally = BatchTally()
        tally.command("/bantuan", nil)
        pipeline.batchCommitted(tally, records: 1, duration: .milliseconds(3), auditSequence: 7)
        let text = metrics.exposition()
        #expect(text.contains("# HELP rakor_commands_total Commands handled"))
        #expect(text.contains("# HELP rakor_audit_sequence "))
        let prometheus = PrometheusText(text: text)
        #expect(prometheus.value("rakor_commands_total", ["command": "/bantuan", "outcome": "ok"]) == 1)
        #expect(prometheus.value("rakor_audit_sequence") == 7)
        // The batch timer is a real histogram with the configured buckets (+Inf).
        #expect(prometheus.series("rakor_batch_seconds_bucket").count == MetricNames.batchBuckets.count + 1)
        #expect(prometheus.value("rakor_batch_seconds_count") == 1)
        #expect(MetricNames.help.keys.allSatisfy { $0.hasPrefix("rakor_") })
    }

    @Test("end-to-end latency is a histogram with buckets from 1 ms to 60 s")
    func endToEndHistogram() {
        let metrics = BotMetrics()
        let pipeline = PipelineMetrics(factory: metrics.factory)
        let now = Date()
        let nowMs = Int64(now.timeIntervalSince1970 * 1000)
        pipeline.delivered(timestamps: [nowMs - 3, nowMs - 40, nowMs - 2000, 0, nowMs + 5000], now: now)
        let text = PrometheusText(text: metrics.exposition())
        #expect(text.series("rakor_end_to_end_seconds_bucket").count == MetricNames.endToEndBuckets.count + 1)
        #expect(text.value("rakor_end_to_end_seconds_count") == 3)
        let sum = text.value("rakor_end_to_end_seconds_sum") ?? 0
        #expect(abs(sum - 2.043) < 0.0001)
    }
}

@Suite("HTTP: a running bot on the embedded cluster")
struct HTTPRunningBotTests {
    private func configuration() throws -> BotConfiguration {
        var configuration = BotConfiguration()
        let name = OpsTestSupport.unique("http")
        configuration.dataDirectory = try OpsTestSupport.temporaryFolder().path
        configuration.topicPrefix = name + "."
        configuration.consumerGroup = name
        configuration.instance = name
        configuration.embeddedBrokers = 1
        configuration.embeddedPartitions = 2
        configuration.now = ClockStart.parse("2024-11-20T09:00:00+08:00")
        // Three commands, then refusals: makes rate_limited countable.
        configuration.rateLimit = RateLimitPolicy(ratePerSecond: 0.001, burst: 3)
        configuration.shutdownTimeout = .seconds(5)
        return configuration
    }

    private func envelope(_ id: String, text: String = "/help") -> [UInt8] {
        CommandEnvelope(id: id, chat: "wa:group-kesbangpol-kalsel", sender: "u-heriansyah", text: text).encode()
    }

    @Test("metrics move as commands flow; /readyz follows the cluster down and up; shutdown is graceful")
    func runningBot() async throws {
        let runtime = try await BotRuntime.start(try configuration(), logger: OpsTestSupport.logger)
        let bound = BoundPort()
        let group = ServeServices.group(runtime: runtime, http: HTTPSettings(host: "127.0.0.1", port: 0),
                                        logger: OpsTestSupport.logger, signals: [], onListening: { bound.set($0) })
        let running = Task { try await group.run() }
        let client = OpsHTTPClient(base: "http://127.0.0.1:\(try await bound.wait())")

        // Ready once the consumer group has assigned the partitions.
        #expect(try await client.get("/healthz").status == 200)
        let becameReady = try await OpsTestSupport.eventually { try await client.get("/readyz").status == 200 }
        #expect(becameReady)
        let before = PrometheusText(text: try await client.get("/metrics").body)
        #expect(before.value(MetricNames.ready) == 1)
        #expect(before.value(MetricNames.assignedPartitions) == 4)
        #expect(before.series(MetricNames.consumerLag).count == 4)
        #expect(before.value(MetricNames.consumerLag, ["topic": runtime.topics.commands, "partition": "0"]) != nil)

        // Five commands from one sender (three pass, two are rate-limited) and one record that is not JSON.
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: runtime.bootstrapServers),
                                         logger: OpsTestSupport.logger, onDelivery: { _ in })
        let key = Array("wa:group-kesbangpol-kalsel".utf8)
        var records = (1...5).map { index in
            ProducerRecord(topic: runtime.topics.commands, key: key, value: envelope(OpsTestSupport.unique("cmd-\(index)")))
        }
        records.append(ProducerRecord(topic: runtime.topics.commands, key: key, value: Array("tenggat pemungutan suara".utf8)))
        try await producer.send(records)
        try await producer.flush(timeout: .seconds(10))
        await producer.shutdown()

        func total(_ text: PrometheusText, outcome: String) -> Double {
            text.series(MetricNames.commands).filter { $0.contains("outcome=\"\(outcome)\"") }
                .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
        }
        var after = before
        let moved = try await OpsTestSupport.eventually {
            after = PrometheusText(text: try await client.get("/metrics").body)
            return total(after, outcome: "ok") == 3 && total(after, outcome: "rate_limited") == 2
                && after.value(MetricNames.deadLetter) == 1 && (after.value("rakor_end_to_end_seconds_count") ?? 0) >= 6
        }
        #expect(moved, "metrics did not reach the expected values:\n\(after.text)")
        #expect(total(before, outcome: "ok") == 0)
        #expect(total(after, outcome: "invalid_envelope") == 1)
        #expect(after.value(MetricNames.rateLimited) == 2)
        // accepted ×3, rejected ×2 (rate limit), rejected ×1 (dead letter): six audit events.
        #expect(after.value(MetricNames.auditSequence) == 6)
        #expect(after.series("rakor_end_to_end_seconds_bucket").count == MetricNames.endToEndBuckets.count + 1)
        #expect(after.value(MetricNames.outboxInFlight) != nil)
        #expect(after.value(MetricNames.outboxRows) != nil)
        #expect(after.value(MetricNames.brokersDown, ["client": "producer"]) == 0)

        // The dead-letter record carries the headers the AsyncAPI document promises.
        let deadLetter = try #require(await firstRecord(of: runtime.topics.deadletter, bootstrap: runtime.bootstrapServers))
        let documented = try documentedDeadLetterHeaders()
        let names = Set(deadLetter.headers.map(\.name))
        #expect(documented.count == 5)
        #expect(documented.isSubset(of: names), "dead-letter headers \(names) lack some of \(documented)")
        #expect(deadLetter.value.map { Array($0) } == Array("tenggat pemungutan suara".utf8))

        // The cluster goes down: alive, but not ready, saying why.
        let cluster = try #require(runtime.embedded)
        try cluster.setAllBrokersDown()
        var outage = OpsHTTPClient.Answer(status: 0, contentType: nil, body: "")
        let notReady = try await OpsTestSupport.eventually {
            outage = try await client.get("/readyz")
            return outage.status == 503
        }
        #expect(notReady)
        #expect(outage.body.contains("all brokers down"), "\(outage.body)")
        #expect(try await client.get("/healthz").status == 200)
        #expect(PrometheusText(text: try await client.get("/metrics").body).value(MetricNames.ready) == 0)

        // …and back up: ready again by itself.
        try cluster.setAllBrokersUp()
        let readyAgain = try await OpsTestSupport.eventually(timeout: .seconds(90)) {
            try await client.get("/readyz").status == 200
        }
        #expect(readyAgain)

        // Graceful shutdown (what SIGTERM triggers): the bot drains and stops, then the server.
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(runtime.liveness().ok == false)
        #expect(runtime.liveness().reasons.contains("the pipeline has stopped"))
        await #expect(throws: (any Error).self) { _ = try await client.get("/healthz") }
    }

    /// The first record of `topic`, read with a fresh consumer group.
    private func firstRecord(of topic: String, bootstrap: String) async -> ConsumerRecord? {
        let configuration = KafkaConsumerConfiguration(
            bootstrapServers: bootstrap, groupID: OpsTestSupport.unique("reader"), topics: [topic],
            properties: ["session.timeout.ms": "6000", "heartbeat.interval.ms": "1000"])
        guard let consumer = try? KafkaConsumer(configuration: configuration, logger: OpsTestSupport.logger) else { return nil }
        let found = await withTaskGroup(of: ConsumerRecord?.self) { group in
            group.addTask {
                for await batch in consumer.batches {
                    if let record = batch.records.first { return record }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = await group.next() ?? nil
            await consumer.close()
            group.cancelAll()
            return first
        }
        return found
    }

    private func documentedDeadLetterHeaders() throws -> Set<String> {
        let document = try Yams.load(yaml: try OpsTestSupport.read("docs/asyncapi.yaml")) as? [String: Any]
        let components = document?["components"] as? [String: Any]
        let schemas = components?["schemas"] as? [String: Any]
        let headers = schemas?["DeadLetterHeaders"] as? [String: Any]
        return Set(headers?["required"] as? [String] ?? [])
    }
}

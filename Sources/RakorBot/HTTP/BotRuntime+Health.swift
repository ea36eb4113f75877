import Kafka
import RakorCore

extension BotRuntime: HealthProbe {
    /// Alive while starting and while the pipeline runs, unless a Kafka client
    /// hit a fatal error (librdkafka cannot recover from those: a restart can).
    public func liveness() -> HealthStatus {
        var reasons: [String] = []
        if phase.withLock({ $0 }) == .stopped { reasons.append("the pipeline has stopped") }
        if let fatal = consumerHealth.fatalError { reasons.append("consumer: fatal error: \(fatal.message)") }
        if let fatal = producerHealth.fatalError { reasons.append("producer: fatal error: \(fatal.message)") }
        return HealthStatus(ok: reasons.isEmpty, reasons: reasons,
                            details: ["instance": .string(configuration.instance)])
    }

    /// Ready when the pipeline runs, the consumer has partitions assigned and
    /// both Kafka clients reach a broker. While the cluster is down this turns
    /// not-ready (librdkafka reports "all brokers down"), and ready again once
    /// a broker answers.
    public func readiness() -> HealthStatus {
        var reasons: [String] = []
        if phase.withLock({ $0 }) != .running { reasons.append("the pipeline is not running") }
        let assigned: [TopicPartition]
        do {
            assigned = try consumer.assignment()
        } catch {
            assigned = []
            reasons.append("consumer: \(error.message)")
        }
        if assigned.isEmpty { reasons.append("no partitions assigned yet (joining the consumer group)") }
        reasons += Self.problems(of: consumerHealth, client: "consumer")
        reasons += Self.problems(of: producerHealth, client: "producer")
        return HealthStatus(ok: reasons.isEmpty, reasons: reasons, details: [
            "assigned_partitions": JSONValue(assigned.count),
            "outbox_in_flight": JSONValue(outboxInFlight),
        ])
    }

    static func problems(of health: KafkaHealth, client: String) -> [String] {
        var problems: [String] = []
        if health.isClosed { problems.append("\(client): closed") }
        if let fatal = health.fatalError { problems.append("\(client): fatal error: \(fatal.message)") }
        if health.allBrokersDown {
            problems.append("\(client): all brokers down" + (health.lastError.map { " (\($0.message))" } ?? ""))
        }
        return problems
    }
}

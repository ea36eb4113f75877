import ArgumentParser
import Foundation
import RakorBot

/// How the client commands (`chat`, `calendar import`, `audit verify`) find
/// the cluster and the topics of a running bot.
///
/// Brokers: `--brokers`, else `--bootstrap-file` (the file `serve
/// --bootstrap-file` and `kafka --bootstrap-file` write), else the
/// environment variable `RAKOR_KAFKA_BROKERS`. Topic prefix: `--topic-prefix`,
/// else `RAKOR_TOPIC_PREFIX`, else none.
struct KafkaClientOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers, e.g. 127.0.0.1:9092 (env RAKOR_KAFKA_BROKERS).")
    var brokers: String?

    @Option(help: ArgumentHelp(
        "Read the bootstrap servers from this file (what `serve --bootstrap-file` writes).",
        valueName: "path"))
    var bootstrapFile: String?

    @Option(help: "Prefix in front of every topic name, as given to `serve` (env RAKOR_TOPIC_PREFIX).")
    var topicPrefix: String?

    @Option(help: ArgumentHelp(
        "Extra librdkafka property, key=value (repeatable), e.g. security.protocol=SASL_SSL.",
        valueName: "key=value"))
    var kafkaProperty: [String] = []

    /// The bootstrap list to connect to, or a usage error saying how to give one.
    func bootstrapServers(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let brokers, !brokers.trimmingCharacters(in: .whitespaces).isEmpty {
            return brokers.trimmingCharacters(in: .whitespaces)
        }
        if let bootstrapFile {
            guard let data = FileManager.default.contents(atPath: bootstrapFile) else {
                throw ValidationError("--bootstrap-file: cannot read \(bootstrapFile)")
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw ValidationError("--bootstrap-file: \(bootstrapFile) is empty") }
            return text
        }
        if let fromEnvironment = environment["RAKOR_KAFKA_BROKERS"]?.trimmingCharacters(in: .whitespaces),
           !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        throw ValidationError("""
            no Kafka cluster given: pass --brokers <host:port,…> or --bootstrap-file <path> \
            (`rakorbot serve` prints `kafka bootstrap: <list>`), or set RAKOR_KAFKA_BROKERS
            """)
    }

    func topics(environment: [String: String] = ProcessInfo.processInfo.environment) -> TopicNames {
        TopicNames(prefix: topicPrefix ?? environment["RAKOR_TOPIC_PREFIX"] ?? "")
    }

    func properties() throws -> [String: String] {
        try KeyValue.parse(kafkaProperty, flag: "--kafka-property")
    }
}

/// `10s`, `500ms`, `2m`, or a plain number of seconds (`1.5`).
enum DurationParser {
    static func parse(_ text: String, flag: String) throws -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            if let value = Double(trimmed.dropLast(unit.suffix.count)), value > 0, value.isFinite {
                return .milliseconds(Int64((value * unit.seconds * 1000).rounded()))
            }
            break
        }
        if let value = Double(trimmed), value > 0, value.isFinite {
            return .milliseconds(Int64((value * 1000).rounded()))
        }
        throw ValidationError("\(flag) must be a positive duration like 10s, 500ms or 2m, got \(text)")
    }
}

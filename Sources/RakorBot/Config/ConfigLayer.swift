/// A value as one layer gives it, before precedence is applied.
struct Sourced<Value: Sendable>: Sendable {
    var value: Value
    var origin: ConfigOrigin
}

/// How a secret (or a Kafka property) is given: the text itself (allowed from
/// the environment only, for secrets) or a path to a file holding it.
enum SecretSource: Sendable, Hashable {
    case literal(String)
    case file(String)
}

/// What one layer (file, environment or flags) says. Maps are merged entry by
/// entry, so a flag can override a single Kafka property from the file.
struct ConfigLayer: Sendable {
    var scalars: [String: Sourced<String>] = [:]
    var kafkaProperties: [String: Sourced<SecretSource>] = [:]
    var bridgeKeys: [String: Sourced<SecretSource>] = [:]
    var integratorKeys: [String: Sourced<SecretSource>] = [:]
    var problems: [ConfigProblem] = []

    /// `name_file` → read `name` from that file.
    mutating func setKafkaProperty(_ name: String, _ value: String, origin: ConfigOrigin, secretsAllowed: Bool) {
        let key = "kafka.properties.\(name)"
        if name.hasSuffix("_file"), name.count > 5 {
            let property = String(name.dropLast(5))
            kafkaProperties[property] = Sourced(value: .file(value), origin: origin)
            return
        }
        if let reason = KafkaPropertyRules.reserved[name] {
            problems.append(ConfigProblem(key: key, message: reason, origin: origin))
            return
        }
        if KafkaPropertyRules.isSecret(name), !secretsAllowed {
            problems.append(ConfigProblem(
                key: key,
                message: "\(name) is a secret and may not be written here; put it in a file and give "
                    + "`\(name)_file: /path/to/file` (or --kafka-property \(name)_file=/path), or set "
                    + "\(ConfigSettings.environmentName(forKafkaProperty: name)) in the environment",
                origin: origin))
            return
        }
        kafkaProperties[name] = Sourced(value: .literal(value), origin: origin)
    }

    /// Later layers win; within a map, entry by entry.
    static func merge(_ layers: [ConfigLayer]) -> ConfigLayer {
        var merged = ConfigLayer()
        for layer in layers {
            merged.scalars.merge(layer.scalars) { _, new in new }
            merged.kafkaProperties.merge(layer.kafkaProperties) { _, new in new }
            merged.bridgeKeys.merge(layer.bridgeKeys) { _, new in new }
            merged.integratorKeys.merge(layer.integratorKeys) { _, new in new }
            merged.problems += layer.problems
        }
        return merged
    }
}

/// librdkafka properties the bot treats specially.
enum KafkaPropertyRules {
    /// Secrets: never in the main file or on the command line (visible in `ps`).
    static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.contains("password") || lowered.contains("secret")
            || lowered == "ssl.key.pem" || lowered == "ssl_key" || lowered == "sasl.oauthbearer.config"
            || lowered.hasSuffix("jaas.config")
    }

    /// Properties the bot sets itself, because its guarantees depend on them.
    static let reserved: [String: String] = [
        "bootstrap.servers": "set kafka.brokers (--brokers, RAKOR_KAFKA_BROKERS) instead",
        "group.id": "set kafka.group (--group, RAKOR_GROUP) instead",
        "enable.auto.offset.store": "the bot stores offsets itself, only after a command's outputs are delivered",
        "enable.idempotence": "the bot's producer is always idempotent (no duplicates, no reordering)",
        "acks": "the bot's producer always waits for all in-sync replicas (acks=all)",
        "transactional.id": "the bot does not use Kafka transactions",
    ]
}

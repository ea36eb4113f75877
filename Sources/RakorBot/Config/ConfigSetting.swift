import Foundation

/// One scalar setting: its dotted key in the configuration file, its
/// environment variable and its `serve` flag. The table below is the single
/// source the loader, `config check` and the documentation use.
public struct ConfigSetting: Sendable, Hashable {
    /// Dotted key in the YAML file (`kafka.brokers` is `kafka:` → `brokers:`).
    public let key: String
    public let environment: String?
    public let flag: String?
    /// The default, as `config check` shows it.
    public let defaultText: String

    init(_ key: String, env: String?, flag: String?, default defaultText: String) {
        self.key = key
        self.environment = env
        self.flag = flag
        self.defaultText = defaultText
    }
}

/// Every setting rakorbot reads. Precedence, highest first:
/// flag > environment variable > configuration file > default.
///
/// Besides these scalars there are three maps:
/// - `kafka.properties.<name>`: any librdkafka property; env
///   `RAKOR_KAFKA_PROP_<NAME>` (`.` written `_`, `_` written `__`:
///   `RAKOR_KAFKA_PROP_SASL_PASSWORD` is `sasl.password`); flag
///   `--kafka-property name=value`; `<name>_file: /path` reads the value
///   from a file.
/// - `security.bridge_key_files.<key id>: /path` (env
///   `RAKOR_BRIDGE_KEY_FILES="id=/path,…"`, flag `--bridge-key-file id=/path`),
///   or the secret itself from the environment only:
///   `RAKOR_BRIDGE_KEYS="id=secret,…"`.
/// - `security.integrator_key_files.<key id>` likewise
///   (`RAKOR_INTEGRATOR_KEY_FILES`, `--integrator-key-file`, `RAKOR_INTEGRATOR_KEYS`).
public enum ConfigSettings {
    public static let instance = ConfigSetting("instance", env: "RAKOR_INSTANCE", flag: "--instance", default: "rakorbot")
    public static let data = ConfigSetting("data", env: "RAKOR_DATA", flag: "--data", default: "./data")
    public static let directory = ConfigSetting("directory", env: "RAKOR_DIRECTORY", flag: "--directory",
                                                default: "the shipped demo directory")
    public static let calendars = ConfigSetting("calendars", env: "RAKOR_CALENDARS", flag: "--calendars",
                                                default: "only the shipped calendars")
    public static let now = ConfigSetting("now", env: "RAKOR_NOW", flag: "--now", default: "the real clock")
    public static let brokers = ConfigSetting("kafka.brokers", env: "RAKOR_KAFKA_BROKERS", flag: "--brokers",
                                              default: "embedded cluster")
    public static let group = ConfigSetting("kafka.group", env: "RAKOR_GROUP", flag: "--group", default: "rakorbot")
    public static let topicPrefix = ConfigSetting("kafka.topic_prefix", env: "RAKOR_TOPIC_PREFIX", flag: "--topic-prefix",
                                                  default: "")
    public static let embeddedBrokers = ConfigSetting("kafka.embedded.brokers", env: nil, flag: nil, default: "3")
    public static let partitions = ConfigSetting("topics.partitions", env: "RAKOR_TOPIC_PARTITIONS", flag: "--partitions",
                                                 default: "3")
    public static let replicationFactor = ConfigSetting("topics.replication_factor", env: "RAKOR_TOPIC_REPLICATION_FACTOR",
                                                        flag: "--replication-factor", default: "3")
    public static let ratePerSecond = ConfigSetting("rate_limit.per_second", env: "RAKOR_RATE_LIMIT_PER_SECOND",
                                                    flag: "--rate-limit-per-second", default: "2")
    public static let rateBurst = ConfigSetting("rate_limit.burst", env: "RAKOR_RATE_LIMIT_BURST", flag: "--rate-limit-burst",
                                                default: "20")
    public static let httpHost = ConfigSetting("http.host", env: "RAKOR_HTTP_HOST", flag: "--http-host", default: "127.0.0.1")
    public static let httpPort = ConfigSetting("http.port", env: "RAKOR_HTTP_PORT", flag: "--http-port", default: "9464")
    public static let logLevel = ConfigSetting("log.level", env: "RAKOR_LOG_LEVEL", flag: "--log-level", default: "info")
    public static let logFormat = ConfigSetting("log.format", env: "RAKOR_LOG_FORMAT", flag: "--log-format", default: "text")
    public static let maxBatchSize = ConfigSetting("pipeline.max_batch_size", env: nil, flag: nil, default: "2048")
    public static let relayCapacity = ConfigSetting("pipeline.relay_capacity", env: nil, flag: nil, default: "50000")
    public static let shutdownTimeout = ConfigSetting("pipeline.shutdown_timeout_seconds", env: nil, flag: nil, default: "20")
    public static let ledgerRetention = ConfigSetting("pipeline.ledger_retention_days", env: nil, flag: nil, default: "30")

    public static let all: [ConfigSetting] = [
        instance, data, directory, calendars, now, brokers, group, topicPrefix, embeddedBrokers, partitions,
        replicationFactor, ratePerSecond, rateBurst, httpHost, httpPort, logLevel, logFormat, maxBatchSize,
        relayCapacity, shutdownTimeout, ledgerRetention,
    ]

    /// The configuration file's own variable (`--config` is its flag).
    public static let configFileEnvironment = "RAKOR_CONFIG"
    public static let kafkaPropertyEnvironmentPrefix = "RAKOR_KAFKA_PROP_"
    public static let bridgeKeyFilesEnvironment = "RAKOR_BRIDGE_KEY_FILES"
    public static let bridgeKeysEnvironment = "RAKOR_BRIDGE_KEYS"
    public static let integratorKeyFilesEnvironment = "RAKOR_INTEGRATOR_KEY_FILES"
    public static let integratorKeysEnvironment = "RAKOR_INTEGRATOR_KEYS"

    static func setting(forKey key: String) -> ConfigSetting? {
        all.first { $0.key == key }
    }

    /// `SASL_PASSWORD` → `sasl.password`; `__` stands for a literal `_`.
    static func kafkaProperty(fromEnvironmentSuffix suffix: String) -> String {
        var result = ""
        var chars = suffix.lowercased()[...]
        while let char = chars.first {
            chars = chars.dropFirst()
            if char == "_" {
                if chars.first == "_" {
                    chars = chars.dropFirst()
                    result.append("_")
                } else {
                    result.append(".")
                }
            } else {
                result.append(char)
            }
        }
        return result
    }

    /// The inverse, for messages: `sasl.password` → `RAKOR_KAFKA_PROP_SASL_PASSWORD`.
    static func environmentName(forKafkaProperty name: String) -> String {
        kafkaPropertyEnvironmentPrefix
            + name.replacingOccurrences(of: "_", with: "__").replacingOccurrences(of: ".", with: "_").uppercased()
    }
}

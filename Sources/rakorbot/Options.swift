import ArgumentParser
import Foundation
import Logging
import RakorBot
import RakorCore

/// Logging options of the commands that do not read the configuration file
/// (`kafka`, …); `serve`, `config` and `topics` take theirs from `ServeOptions`.
struct LoggingOptions: ParsableArguments {
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env RAKOR_LOG_LEVEL).")
    var level: String?

    @Option(name: .customLong("log-format"), help: "text (for a terminal) or json (JSON Lines, for log collectors) (env RAKOR_LOG_FORMAT).")
    var format: String?

    func makeLogger(label: String) -> Logger {
        let environment = ProcessInfo.processInfo.environment
        let levelText = level ?? environment["RAKOR_LOG_LEVEL"] ?? "info"
        let formatText = format ?? environment["RAKOR_LOG_FORMAT"] ?? "text"
        LoggingSetup.bootstrap(LogSettings(level: Logger.Level(rawValue: levelText.lowercased()) ?? .info,
                                           format: LogFormat(rawValue: formatText.lowercased()) ?? .text))
        return Logger(label: label)
    }
}

/// Where the cluster is and how to reach it, and how to log: the flags
/// `topics` takes, and part of `serve`'s. Every flag has an environment
/// variable and a configuration-file key; precedence: flag > env > file > default.
struct ClusterOptions: ParsableArguments {
    @Option(help: "YAML configuration file (env RAKOR_CONFIG). See deploy/rakorbot.example.yaml.")
    var config: String?

    @Option(help: "Kafka bootstrap servers, host:port[,host:port…]; omit for the embedded development cluster (env RAKOR_KAFKA_BROKERS, file kafka.brokers).")
    var brokers: String?

    @Option(help: "Prefix in front of every topic name, e.g. `prod.` (env RAKOR_TOPIC_PREFIX, file kafka.topic_prefix).")
    var topicPrefix: String?

    @Option(help: "librdkafka property for every client, name=value (repeatable; env RAKOR_KAFKA_PROP_<NAME>, file kafka.properties), e.g. security.protocol=SASL_SSL. Secrets only as name_file=/path (e.g. sasl.password_file=/run/secrets/kafka) or from the environment.")
    var kafkaProperty: [String] = []

    @Option(help: "Partitions per topic: of the embedded cluster, for `topics create` and the start-up check (env RAKOR_TOPIC_PARTITIONS, file topics.partitions; default 3).")
    var partitions: Int?

    @Option(help: "Replication factor for `topics create` and the start-up check (env RAKOR_TOPIC_REPLICATION_FACTOR, file topics.replication_factor; default 3).")
    var replicationFactor: Int?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env RAKOR_LOG_LEVEL, file log.level; default info).")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "text (for a terminal) or json (JSON Lines) (env RAKOR_LOG_FORMAT, file log.format; default text).")
    var logFormat: String?

    func apply(to overrides: inout ConfigurationOverrides) {
        let s = ConfigSettings.self
        overrides.set(s.brokers, brokers)
        overrides.set(s.topicPrefix, topicPrefix)
        overrides.set(s.partitions, partitions.map(String.init))
        overrides.set(s.replicationFactor, replicationFactor.map(String.init))
        overrides.set(s.logLevel, logLevel)
        overrides.set(s.logFormat, logFormat)
        overrides.addKafkaProperties(kafkaProperty)
    }

    /// Loads the effective configuration; on problems prints them all to
    /// standard error and exits with status 1.
    func load(overrides extra: ConfigurationOverrides? = nil, deepCheck: Bool = false,
              readsHMACKeys: Bool = true) throws -> ServeConfiguration {
        var overrides = extra ?? ConfigurationOverrides()
        apply(to: &overrides)
        let loader = ConfigurationLoader(configPath: config, overrides: overrides, deepCheck: deepCheck,
                                         readsHMACKeys: readsHMACKeys)
        do {
            return try loader.load()
        } catch {
            Console.error("rakorbot: \(error)")
            throw ExitCode(1)
        }
    }
}

/// Every settings flag of `serve` (also taken by `config check`, so it sees
/// exactly what `serve` would).
struct ServeOptions: ParsableArguments {
    @OptionGroup var cluster: ClusterOptions

    @Option(help: "Directory YAML file of organisations, users and integrators (env RAKOR_DIRECTORY, file directory; default: the shipped demo directory).")
    var directory: String?

    @Option(help: "Folder of extra calendar files, added to the shipped ones (env RAKOR_CALENDARS, file calendars).")
    var calendars: String?

    @Option(help: "Folder for the SQLite database (env RAKOR_DATA, file data; default ./data).")
    var data: String?

    @Option(help: "Fixed start for the clock: RFC 3339 or YYYY-MM-DD (env RAKOR_NOW, file now). The shipped elections are past; demos and tests fix \"today\".")
    var now: String?

    @Option(help: "This bot's instance name: the audit chain id (env RAKOR_INSTANCE, file instance; default rakorbot).")
    var instance: String?

    @Option(help: "Consumer group id (env RAKOR_GROUP, file kafka.group; default rakorbot).")
    var group: String?

    @Option(help: "Bridge signing key: keyid=/path/to/secret-file (repeatable; env RAKOR_BRIDGE_KEY_FILES, file security.bridge_key_files). Without one, unsigned commands are accepted.")
    var bridgeKeyFile: [String] = []

    @Option(help: "Integrator signing key: keyid=/path/to/secret-file (repeatable; env RAKOR_INTEGRATOR_KEY_FILES, file security.integrator_key_files).")
    var integratorKeyFile: [String] = []

    @Option(help: "Commands per second one sender may send on average, or `unlimited` (env RAKOR_RATE_LIMIT_PER_SECOND, file rate_limit.per_second; default 2).")
    var rateLimitPerSecond: String?

    @Option(help: "Commands one sender may send in a burst (env RAKOR_RATE_LIMIT_BURST, file rate_limit.burst; default 20).")
    var rateLimitBurst: String?

    @Option(help: "Address of the /metrics, /healthz and /readyz endpoints (env RAKOR_HTTP_HOST, file http.host; default 127.0.0.1; 0.0.0.0 in containers).")
    var httpHost: String?

    @Option(help: "Port of those endpoints; 0 disables them (env RAKOR_HTTP_PORT, file http.port; default 9464).")
    var httpPort: Int?

    /// The command line as the highest-precedence layer.
    var overrides: ConfigurationOverrides {
        var overrides = ConfigurationOverrides()
        let s = ConfigSettings.self
        overrides.set(s.directory, directory)
        overrides.set(s.calendars, calendars)
        overrides.set(s.data, data)
        overrides.set(s.now, now)
        overrides.set(s.instance, instance)
        overrides.set(s.group, group)
        overrides.set(s.ratePerSecond, rateLimitPerSecond)
        overrides.set(s.rateBurst, rateLimitBurst)
        overrides.set(s.httpHost, httpHost)
        overrides.set(s.httpPort, httpPort.map(String.init))
        overrides.addBridgeKeyFiles(bridgeKeyFile)
        overrides.addIntegratorKeyFiles(integratorKeyFile)
        return overrides
    }

    func load(deepCheck: Bool = false) throws -> ServeConfiguration {
        try cluster.load(overrides: overrides, deepCheck: deepCheck)
    }
}

/// `--now` / `RAKOR_NOW`: RFC 3339 (`2024-11-20T09:00:00+08:00`) or a bare
/// date (`2024-11-20`, taken as 09:00 WIB).
enum NowParser {
    static func parse(_ text: String) throws -> Date {
        if let date = RFC3339.parse(text) { return date }
        if let day = LocalDate(iso: text) { return ZonaWaktu.WIB.instant(of: day, hour: 9) }
        throw ValidationError("--now must be RFC 3339 (2024-11-20T09:00:00+08:00) or YYYY-MM-DD, got \(text)")
    }
}

/// `key=value` pairs for `--kafka-property`.
enum KeyValue {
    static func parse(_ pairs: [String], flag: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("\(flag) expects key=value, got \(pair)")
            }
            result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return result
    }
}

/// Reads secret keys from files (`keyid=/path/to/file`): secrets never sit
/// in flags or the main configuration file, only references to them.
enum SecretFiles {
    static func load(_ pairs: [String], flag: String) throws -> [String: [UInt8]] {
        var keys: [String: [UInt8]] = [:]
        for (keyID, path) in try KeyValue.parse(pairs, flag: flag) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("\(flag): cannot read \(path)")
            }
            var bytes = [UInt8](data)
            while let last = bytes.last, last == 10 || last == 13 || last == 32 { bytes.removeLast() }
            guard !bytes.isEmpty else { throw ValidationError("\(flag): \(path) is empty") }
            keys[keyID] = bytes
        }
        return keys
    }
}

/// Writes a line to standard output at once (unbuffered): scripts and tests
/// wait for lines such as `kafka bootstrap: …` on a pipe.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

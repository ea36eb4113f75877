import Foundation
import Kafka
import Logging
import RakorCore

/// Builds the effective configuration from, highest precedence first:
///
/// 1. command-line flags (`ConfigurationOverrides`),
/// 2. environment variables (`RAKOR_*`),
/// 3. the YAML configuration file (`--config` or `RAKOR_CONFIG`),
/// 4. defaults.
///
/// Maps (Kafka properties, key files) merge entry by entry with the same
/// precedence. Secrets (bridge and integrator HMAC keys, Kafka passwords)
/// come only from files or the environment: written in the configuration
/// file or on the command line they are refused. Every problem is collected;
/// `load()` throws them all at once.
public struct ConfigurationLoader: Sendable {
    /// `--config`; when nil, `RAKOR_CONFIG` is used if set.
    public var configPath: String?
    public var environment: [String: String]
    public var overrides: ConfigurationOverrides
    /// Also parse the directory and calendar files, check the data folder and
    /// validate the Kafka properties with librdkafka (`config check` does;
    /// `serve` leaves the files to start-up, which checks them anyway).
    public var deepCheck: Bool
    /// Read the bridge and integrator key files. Commands that never verify
    /// a signature (`topics`) skip them, so they run where the keys are not mounted.
    public var readsHMACKeys: Bool

    public init(configPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
                overrides: ConfigurationOverrides = ConfigurationOverrides(), deepCheck: Bool = false,
                readsHMACKeys: Bool = true) {
        self.configPath = configPath
        self.environment = environment
        self.overrides = overrides
        self.deepCheck = deepCheck
        self.readsHMACKeys = readsHMACKeys
    }

    /// The configuration file that will be read, if any.
    public var resolvedConfigPath: String? {
        if let configPath, !configPath.isEmpty { return configPath }
        if let path = environment[ConfigSettings.configFileEnvironment], !path.isEmpty { return path }
        return nil
    }

    public func load() throws(ConfigurationError) -> ServeConfiguration {
        let path = resolvedConfigPath
        var layers: [ConfigLayer] = []
        if let path { layers.append(ConfigFileReader.read(path: path)) }
        layers.append(EnvironmentReader.read(environment))
        layers.append(overrides.layer)
        var resolver = SettingResolver(merged: ConfigLayer.merge(layers))
        var result = ServeConfiguration(configFile: path)
        var bot = BotConfiguration()

        let s = ConfigSettings.self
        if let instance = resolver.text(s.instance, check: Self.checkIdentifier) { bot.instance = instance }
        if let data = resolver.text(s.data, check: Self.nonEmpty) { bot.dataDirectory = data }
        bot.directoryPath = resolver.text(s.directory, check: Self.nonEmpty)
        bot.calendarsPath = resolver.text(s.calendars, check: Self.nonEmpty)
        if let now = resolver.text(s.now, check: { ClockStart.parse($0) == nil ? "must be RFC 3339 (2024-11-20T09:00:00+08:00) or YYYY-MM-DD, got \"\($0)\"" : nil }) {
            bot.now = ClockStart.parse(now)
        }
        bot.brokers = resolver.text(s.brokers, check: Self.checkBrokers)
        if let group = resolver.text(s.group, check: Self.checkIdentifier) { bot.consumerGroup = group }
        if let prefix = resolver.text(s.topicPrefix, check: Self.checkTopicPrefix) { bot.topicPrefix = prefix }
        if let brokers = resolver.integer(s.embeddedBrokers, in: 1...16) { bot.embeddedBrokers = brokers }
        if let partitions = resolver.integer(s.partitions, in: 1...10_000) {
            result.topics.partitions = Int32(partitions)
        }
        bot.embeddedPartitions = result.topics.partitions
        if let factor = resolver.integer(s.replicationFactor, in: 1...32) { result.topics.replicationFactor = Int32(factor) }

        let rate = resolver.positiveNumber(s.ratePerSecond)
        let burst = resolver.positiveNumber(s.rateBurst)
        bot.rateLimit = RateLimitPolicy(ratePerSecond: rate ?? RateLimitPolicy.default.ratePerSecond,
                                        burst: burst ?? RateLimitPolicy.default.burst)
        if bot.rateLimit.burst < 1 {
            resolver.problem(s.rateBurst.key, "must be at least 1 (a sender could never send)")
        }

        if let host = resolver.text(s.httpHost, check: Self.nonEmpty) { result.http.host = host }
        if let port = resolver.integer(s.httpPort, in: 0...65_535) { result.http.port = port }
        if let level = resolver.choice(s.logLevel, Logger.Level.allCases.map(\.rawValue)) {
            result.log.level = Logger.Level(rawValue: level) ?? .info
        }
        if let format = resolver.choice(s.logFormat, LogFormat.allCases.map(\.rawValue)) {
            result.log.format = LogFormat(rawValue: format) ?? .text
        }
        if let size = resolver.integer(s.maxBatchSize, in: 1...100_000) { bot.maxBatchSize = size }
        if let capacity = resolver.integer(s.relayCapacity, in: 100...10_000_000) { bot.relayCapacity = capacity }
        if let seconds = resolver.integer(s.shutdownTimeout, in: 1...3600) { bot.shutdownTimeout = .seconds(seconds) }
        if let days = resolver.integer(s.ledgerRetention, in: 1...3650) { bot.ledgerRetention = TimeInterval(days) * 86_400 }

        bot.kafkaProperties = Self.resolveKafkaProperties(&resolver)
        if readsHMACKeys {
            bot.bridgeKeys = Self.resolveKeys(resolver.merged.bridgeKeys, key: "security.bridge_keys", &resolver)
            bot.integratorKeys = Self.resolveKeys(resolver.merged.integratorKeys, key: "security.integrator_keys", &resolver)
        }
        if deepCheck { Self.checkFiles(bot, &resolver) }

        result.warnings = readsHMACKeys ? Self.warnings(bot) : []
        result.bot = bot
        result.entries = resolver.entries
        guard resolver.problems.isEmpty else { throw ConfigurationError(problems: resolver.problems) }
        return result
    }

    // MARK: Maps and secrets

    private static func resolveKafkaProperties(_ resolver: inout SettingResolver) -> [String: String] {
        var properties: [String: String] = [:]
        for (name, sourced) in resolver.merged.kafkaProperties.sorted(by: { $0.key < $1.key }) {
            let key = "kafka.properties.\(name)"
            let secret = KafkaPropertyRules.isSecret(name)
            switch sourced.value {
            case .literal(let value):
                properties[name] = value
                resolver.entries.append(ConfigEntry(key: key, value: secret ? mask(value.utf8.count) : SettingResolver.shown(value),
                                                    origin: sourced.origin, isSecret: secret))
            case .file(let path):
                switch readSecretFile(path) {
                case .success(let bytes):
                    let value = String(decoding: bytes, as: UTF8.self)
                    properties[name] = value
                    let shown = secret ? mask(bytes.count) : value
                    resolver.entries.append(ConfigEntry(key: key, value: "\(shown) (from file \(path))",
                                                        origin: sourced.origin, isSecret: secret))
                case .failure(let message):
                    resolver.problem(key, message.message, origin: sourced.origin)
                }
            }
        }
        return properties
    }

    private static func resolveKeys(_ keys: [String: Sourced<SecretSource>], key: String,
                                     _ resolver: inout SettingResolver) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for (keyID, sourced) in keys.sorted(by: { $0.key < $1.key }) {
            let entryKey = "\(key).\(keyID)"
            guard checkIdentifier(keyID) == nil else {
                resolver.problem(entryKey, "key ids must be 1–128 characters without spaces", origin: sourced.origin)
                continue
            }
            switch sourced.value {
            case .literal(let secret):
                let bytes = Array(secret.utf8)
                result[keyID] = bytes
                resolver.entries.append(ConfigEntry(key: entryKey, value: mask(bytes.count), origin: sourced.origin,
                                                    isSecret: true))
            case .file(let path):
                switch readSecretFile(path) {
                case .success(let bytes):
                    result[keyID] = bytes
                    resolver.entries.append(ConfigEntry(key: entryKey, value: "\(mask(bytes.count)) (from file \(path))",
                                                        origin: sourced.origin, isSecret: true))
                case .failure(let message):
                    resolver.problem(entryKey, message.message, origin: sourced.origin)
                }
            }
        }
        return result
    }

    static func mask(_ count: Int) -> String { "******** (\(count) bytes)" }

    /// The file's bytes without trailing newlines and spaces (editors add them).
    static func readSecretFile(_ path: String) -> Result<[UInt8], SecretFileError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(SecretFileError(message: "cannot read \(path)"))
        }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 10 || last == 13 || last == 32 || last == 9 { bytes.removeLast() }
        guard !bytes.isEmpty else { return .failure(SecretFileError(message: "\(path) is empty")) }
        return .success(bytes)
    }

    struct SecretFileError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    // MARK: Deep checks

    private static func checkFiles(_ bot: BotConfiguration, _ resolver: inout SettingResolver) {
        do {
            _ = try ShippedData.directory(at: bot.directoryPath)
        } catch {
            resolver.problem(ConfigSettings.directory.key, "\(error)")
        }
        if let calendars = bot.calendarsPath {
            do {
                _ = try ShippedData.calendars(in: URL(fileURLWithPath: calendars))
            } catch {
                resolver.problem(ConfigSettings.calendars.key, "\(error)")
            }
        }
        var isFolder: ObjCBool = false
        let data = bot.dataDirectory
        if FileManager.default.fileExists(atPath: data, isDirectory: &isFolder) {
            if !isFolder.boolValue {
                resolver.problem(ConfigSettings.data.key, "\(data) exists and is not a folder")
            } else if !FileManager.default.isWritableFile(atPath: data) {
                resolver.problem(ConfigSettings.data.key, "\(data) is not writable")
            }
        } else {
            let parent = URL(fileURLWithPath: data).deletingLastPathComponent().path
            if !FileManager.default.isWritableFile(atPath: parent) {
                resolver.problem(ConfigSettings.data.key, "\(data) does not exist and cannot be created in \(parent)")
            }
        }
        let configuration = KafkaProducerConfiguration(bootstrapServers: bot.brokers ?? "127.0.0.1:9092",
                                                       properties: bot.kafkaProperties)
        do {
            try configuration.validate()
        } catch {
            resolver.problem("kafka.properties", "librdkafka refuses it: \(error.message)")
        }
    }

    private static func warnings(_ bot: BotConfiguration) -> [String] {
        var warnings: [String] = []
        if bot.bridgeKeys.isEmpty {
            warnings.append("""
                NO BRIDGE KEY CONFIGURED: commands are accepted WITHOUT a signature. Anyone who can write to \
                \(bot.topicPrefix)rakor.commands can act as any official. Configure security.bridge_key_files \
                (or --bridge-key-file, RAKOR_BRIDGE_KEYS) in production.
                """)
        }
        if bot.integratorKeys.isEmpty {
            warnings.append("""
                no integrator key configured: integrator events on \(bot.topicPrefix)rakor.events are accepted \
                without a signature (only their directory entry is checked).
                """)
        }
        let short = (bot.bridgeKeys.merging(bot.integratorKeys) { first, _ in first }).filter { $0.value.count < 16 }
        if !short.isEmpty {
            warnings.append("keys shorter than 16 bytes are easy to guess (\(short.keys.sorted().joined(separator: ", "))); make them with e.g. `openssl rand -hex 32`.")
        }
        if bot.brokers == nil {
            warnings.append("no kafka.brokers: the embedded development cluster is used; its data is lost when the process stops.")
        }
        return warnings
    }

    // MARK: Value checks

    static func nonEmpty(_ value: String) -> String? {
        value.trimming(" \t").isEmpty ? "must not be empty" : nil
    }

    static func checkIdentifier(_ value: String) -> String? {
        guard !value.isEmpty, value.count <= 128 else { return "must be 1 to 128 characters" }
        guard !value.contains(where: { $0.isWhitespace || $0.isNewline || ($0.asciiValue.map { $0 < 0x20 } ?? false) }) else {
            return "must not contain spaces or control characters"
        }
        return nil
    }

    static func checkBrokers(_ value: String) -> String? {
        let entries = value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimming(" ") }
        guard !entries.isEmpty, entries.allSatisfy({ !$0.isEmpty }) else {
            return "must be a comma-separated list of host:port, got \"\(value)\""
        }
        for entry in entries {
            let address = entry.split(separator: "/").last.map(String.init) ?? entry  // SASL_SSL://host:port
            guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
                  (1...65_535).contains(port), colon != address.startIndex else {
                return "\"\(entry)\" is not host:port"
            }
        }
        return nil
    }

    static func checkTopicPrefix(_ value: String) -> String? {
        let allowed = value.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
        }
        guard allowed else { return "may only contain letters, digits, '.', '_' and '-' (Kafka topic names)" }
        let longest = TopicNames.all.map(\.count).max() ?? 0
        guard value.count + longest <= 249 else { return "is too long: topic names are at most 249 characters" }
        return nil
    }
}

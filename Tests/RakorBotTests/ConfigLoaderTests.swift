import Foundation
import Logging
import RakorBot
import Testing

@Suite("Configuration: file, environment and flags")
struct ConfigLoaderTests {
    private func load(file: String? = nil, environment: [String: String] = [:],
                      overrides: ConfigurationOverrides = ConfigurationOverrides(),
                      deep: Bool = false) throws -> ServeConfiguration {
        var path: String?
        if let file {
            path = try OpsTestSupport.write(file, to: "rakorbot.yaml", in: try OpsTestSupport.temporaryFolder())
        }
        return try ConfigurationLoader(configPath: path, environment: environment, overrides: overrides,
                                       deepCheck: deep).load()
    }

    private func problems(file: String? = nil, environment: [String: String] = [:],
                          overrides: ConfigurationOverrides = ConfigurationOverrides(),
                          deep: Bool = false) throws -> [ConfigProblem] {
        do {
            _ = try load(file: file, environment: environment, overrides: overrides, deep: deep)
            return []
        } catch let error as ConfigurationError {
            return error.problems
        }
    }

    @Test("with nothing given, the defaults apply and the missing bridge key is warned about")
    func defaults() throws {
        let serve = try load()
        #expect(serve.bot.brokers == nil)
        #expect(serve.bot.instance == "rakorbot")
        #expect(serve.bot.consumerGroup == "rakorbot")
        #expect(serve.bot.dataDirectory == "./data")
        #expect(serve.bot.rateLimit == .default)
        #expect(serve.http == HTTPSettings(host: "127.0.0.1", port: 9464))
        #expect(serve.log == LogSettings(level: .info, format: .text))
        #expect(serve.topics == TopicSettings(partitions: 3, replicationFactor: 3))
        #expect(serve.warnings.contains { $0.hasPrefix("NO BRIDGE KEY CONFIGURED") })
        #expect(serve.entries.first { $0.key == "kafka.brokers" }?.origin == .defaultValue)
    }

    @Test("precedence is flag > environment > file > default, and each value's origin is recorded")
    func precedence() throws {
        let file = """
            kafka:
              brokers: file-host:9092
              group: from-file
            instance: file-instance
            """
        var flags = ConfigurationOverrides()
        flags.set(ConfigSettings.brokers, "flag-host:9092")
        let environment = ["RAKOR_KAFKA_BROKERS": "env-host:9092", "RAKOR_GROUP": "from-env"]

        let all = try load(file: file, environment: environment, overrides: flags)
        #expect(all.bot.brokers == "flag-host:9092")
        #expect(all.bot.consumerGroup == "from-env")
        #expect(all.bot.instance == "file-instance")
        #expect(all.entries.first { $0.key == "kafka.brokers" }?.origin == .flag("--brokers"))
        #expect(all.entries.first { $0.key == "kafka.group" }?.origin == .environment("RAKOR_GROUP"))
        if case .file(_, let line)? = all.entries.first(where: { $0.key == "instance" })?.origin {
            #expect(line == 4)
        } else {
            Issue.record("instance should come from the file")
        }

        let noFlag = try load(file: file, environment: environment)
        #expect(noFlag.bot.brokers == "env-host:9092")
        let fileOnly = try load(file: file)
        #expect(fileOnly.bot.brokers == "file-host:9092")
        #expect(fileOnly.bot.consumerGroup == "from-file")
    }

    @Test("the configuration file comes from --config or RAKOR_CONFIG")
    func configFileFromEnvironment() throws {
        let folder = try OpsTestSupport.temporaryFolder()
        let path = try OpsTestSupport.write("instance: via-env\n", to: "c.yaml", in: folder)
        let loader = ConfigurationLoader(environment: ["RAKOR_CONFIG": path])
        #expect(loader.resolvedConfigPath == path)
        #expect(try loader.load().bot.instance == "via-env")
        let flagWins = ConfigurationLoader(configPath: "/nonexistent/other.yaml", environment: ["RAKOR_CONFIG": path])
        #expect(flagWins.resolvedConfigPath == "/nonexistent/other.yaml")
        #expect(throws: ConfigurationError.self) { try flagWins.load() }
    }

    @Test("Kafka properties merge property by property across the layers")
    func kafkaPropertiesMerge() throws {
        let file = """
            kafka:
              properties:
                security.protocol: SASL_SSL
                sasl.mechanisms: SCRAM-SHA-512
                sasl.username: from-file
                socket.keepalive.enable: true
            """
        var flags = ConfigurationOverrides()
        flags.addKafkaProperties(["security.protocol=SASL_PLAINTEXT"])
        let serve = try load(file: file, environment: ["RAKOR_KAFKA_PROP_SASL_USERNAME": "from-env"], overrides: flags)
        #expect(serve.bot.kafkaProperties == [
            "security.protocol": "SASL_PLAINTEXT",
            "sasl.mechanisms": "SCRAM-SHA-512",
            "sasl.username": "from-env",
            "socket.keepalive.enable": "true",
        ])
    }

    @Test("environment names map to librdkafka property names")
    func environmentPropertyNames() throws {
        let serve = try load(environment: [
            "RAKOR_KAFKA_PROP_SASL_PASSWORD": "s3cret-from-env-91",
            "RAKOR_KAFKA_PROP_SSL_CA_LOCATION": "/etc/ssl/ca.pem",
            "RAKOR_KAFKA_PROP_SASL_OAUTHBEARER_CLIENT_ID": "bot",
        ])
        #expect(serve.bot.kafkaProperties["sasl.password"] == "s3cret-from-env-91")
        #expect(serve.bot.kafkaProperties["ssl.ca.location"] == "/etc/ssl/ca.pem")
        #expect(serve.bot.kafkaProperties["sasl.oauthbearer.client.id"] == "bot")
        #expect(!serve.render().contains("s3cret-from-env-91"))
    }

    @Test("a secret written in the configuration file is refused with a clear error")
    func secretsInFileRefused() throws {
        let found = try problems(file: """
            kafka:
              properties:
                sasl.password: hunter2-in-file
            security:
              bridge_keys:
                bridge-2024: 0123456789abcdef0123456789abcdef
            """)
        #expect(found.count == 2)
        let password = try #require(found.first { $0.key == "kafka.properties.sasl.password" })
        #expect(password.message.contains("sasl.password_file"))
        #expect(password.message.contains("RAKOR_KAFKA_PROP_SASL_PASSWORD"))
        let bridge = try #require(found.first { $0.key == "security.bridge_keys" })
        #expect(bridge.message.contains("bridge_key_files"))
        #expect(!found.map(\.description).joined().contains("hunter2-in-file"))
        #expect(!found.map(\.description).joined().contains("0123456789abcdef"))
    }

    @Test("a secret on the command line is refused (it would show in ps)")
    func secretFlagRefused() throws {
        var flags = ConfigurationOverrides()
        flags.addKafkaProperties(["sasl.password=on-the-command-line-77"])
        let found = try problems(overrides: flags)
        #expect(found.count == 1)
        #expect(found.first?.key == "kafka.properties.sasl.password")
        #expect(found.first?.origin == .flag("--kafka-property"))
        #expect(!(found.first?.description.contains("on-the-command-line-77") ?? true))
    }

    @Test("_file references read secrets from files; render masks them")
    func secretFiles() throws {
        let folder = try OpsTestSupport.temporaryFolder()
        let password = try OpsTestSupport.write("kafka-password-xyz\n", to: "kafka", in: folder)
        let bridge = try OpsTestSupport.write("bridge-secret-0123456789abcdef\n", to: "bridge", in: folder)
        let integrator = try OpsTestSupport.write("integrator-secret-0123456789abc", to: "integrator", in: folder)
        let rotated = try OpsTestSupport.write("flag-secret-0123456789abcdef", to: "rotated", in: folder)
        var flags = ConfigurationOverrides()
        flags.addBridgeKeyFiles(["bridge-2025=\(rotated)"])
        let serve = try load(file: """
            kafka:
              properties:
                sasl.password_file: \(password)
            security:
              bridge_key_files:
                bridge-2024: \(bridge)
              integrator_key_files:
                kpu-ri-2024: \(integrator)
            """, environment: ["RAKOR_INTEGRATOR_KEYS": "naskah-2024=env-secret-0123456789abcdef"], overrides: flags)
        #expect(serve.bot.kafkaProperties["sasl.password"] == "kafka-password-xyz")
        #expect(serve.bot.bridgeKeys == [
            "bridge-2024": Array("bridge-secret-0123456789abcdef".utf8),
            "bridge-2025": Array("flag-secret-0123456789abcdef".utf8),
        ])
        #expect(serve.bot.integratorKeys == [
            "kpu-ri-2024": Array("integrator-secret-0123456789abc".utf8),
            "naskah-2024": Array("env-secret-0123456789abcdef".utf8),
        ])
        #expect(!serve.warnings.contains { $0.hasPrefix("NO BRIDGE KEY") })
        let text = serve.render()
        for secret in ["kafka-password-xyz", "bridge-secret", "integrator-secret", "flag-secret", "env-secret"] {
            #expect(!text.contains(secret), "\(secret) leaked into the rendered configuration")
        }
        #expect(text.contains("security.bridge_keys.bridge-2024"))
        #expect(text.contains("******** (30 bytes)"))
        #expect(serve.entries.filter(\.isSecret).count == 5)
    }

    @Test("an unreadable or empty secret file is a problem naming the file")
    func badSecretFiles() throws {
        let folder = try OpsTestSupport.temporaryFolder()
        let empty = try OpsTestSupport.write("\n", to: "empty", in: folder)
        var flags = ConfigurationOverrides()
        flags.addBridgeKeyFiles(["a=\(empty)", "b=/nonexistent/key", "no-equals-sign"])
        let found = try problems(overrides: flags)
        #expect(found.count == 3)
        #expect(found.contains { $0.key == "security.bridge_keys.a" && $0.message.contains("is empty") })
        #expect(found.contains { $0.key == "security.bridge_keys.b" && $0.message.contains("cannot read /nonexistent/key") })
        #expect(found.contains { $0.key == "--bridge-key-file" && $0.message.contains("key-id=/path/to/file") })
    }

    @Test("properties the bot's guarantees depend on cannot be overridden")
    func reservedProperties() throws {
        let found = try problems(file: """
            kafka:
              properties:
                enable.auto.offset.store: true
                bootstrap.servers: x:1
                acks: 1
            """)
        #expect(Set(found.map(\.key)) == [
            "kafka.properties.enable.auto.offset.store", "kafka.properties.bootstrap.servers", "kafka.properties.acks",
        ])
    }

    @Test("every problem is listed at once, with the file line where it is")
    func allProblemsAtOnce() throws {
        let found = try problems(file: """
            kafka:
              brokrs: x:9092
              topic_prefix: "bad prefix!"
            http:
              port: 70000
            log:
              level: loud
              format: xml
            rate_limit:
              per_second: -1
            topics:
              partitions: 0
            now: yesterday
            """, environment: ["RAKOR_KAFKA_BROKERS": "no-port-here"])
        let keys = Set(found.map(\.key))
        #expect(keys == [
            "kafka.brokrs", "kafka.topic_prefix", "http.port", "log.level", "log.format", "rate_limit.per_second",
            "topics.partitions", "now", "kafka.brokers",
        ])
        let typo = try #require(found.first { $0.key == "kafka.brokrs" })
        #expect(typo.message.contains("unknown setting"))
        #expect(typo.message.contains("brokers"))
        if case .file(_, let line)? = typo.origin { #expect(line == 2) } else { Issue.record("no file origin") }
        let error = ConfigurationError(problems: found)
        #expect(error.description.hasPrefix("the configuration is invalid (9 problems):"))
    }

    @Test("YAML that is not a mapping, or not YAML, is reported")
    func notAMapping() throws {
        #expect(try problems(file: "- just\n- a list\n").first?.message.contains("mapping") == true)
        #expect(try problems(file: "kafka: [unclosed\n").first?.message.contains("not valid YAML") == true)
        #expect(try problems(file: "").isEmpty)
    }

    @Test("broker lists may be a YAML list; values are typed and checked")
    func typedValues() throws {
        let serve = try load(file: """
            kafka:
              brokers: [kafka-1:9092, "SASL_SSL://kafka-2:9093"]
              topic_prefix: prod.
            http: {host: 0.0.0.0, port: 0}
            log: {level: DEBUG, format: json}
            rate_limit: {per_second: unlimited, burst: 50}
            topics: {partitions: 6, replication_factor: 1}
            pipeline: {max_batch_size: 512, relay_capacity: 1000, shutdown_timeout_seconds: 5, ledger_retention_days: 7}
            now: 2024-11-20
            """)
        #expect(serve.bot.brokers == "kafka-1:9092,SASL_SSL://kafka-2:9093")
        #expect(serve.bot.topicPrefix == "prod.")
        #expect(serve.http.host == "0.0.0.0")
        #expect(!serve.http.isEnabled)
        #expect(serve.log == LogSettings(level: .debug, format: .json))
        #expect(serve.bot.rateLimit.ratePerSecond.isInfinite)
        #expect(serve.bot.rateLimit.burst == 50)
        #expect(serve.topics == TopicSettings(partitions: 6, replicationFactor: 1))
        #expect(serve.bot.embeddedPartitions == 6)
        #expect(serve.bot.maxBatchSize == 512)
        #expect(serve.bot.relayCapacity == 1000)
        #expect(serve.bot.shutdownTimeout == .seconds(5))
        #expect(serve.bot.ledgerRetention == 7 * 86_400)
        #expect(serve.bot.now == ClockStart.parse("2024-11-20T09:00:00+07:00"))
    }

    @Test("the deep check parses the directory and lets librdkafka judge the properties")
    func deepCheck() throws {
        let folder = try OpsTestSupport.temporaryFolder()
        let badDirectory = try OpsTestSupport.write("version: 1\norganisations: 12\n", to: "dir.yaml", in: folder)
        var flags = ConfigurationOverrides()
        flags.set(ConfigSettings.directory, badDirectory)
        flags.set(ConfigSettings.data, folder.appendingPathComponent("data").path)
        flags.addKafkaProperties(["no.such.property=1"])
        let found = try problems(overrides: flags, deep: true)
        #expect(Set(found.map(\.key)) == ["directory", "kafka.properties"])
        #expect(found.first { $0.key == "kafka.properties" }?.message.contains("no.such.property") == true)
        // Without the deep check those are left to start-up.
        #expect(try problems(overrides: flags, deep: false).isEmpty)
        // A good configuration passes the deep check.
        var good = ConfigurationOverrides()
        good.set(ConfigSettings.data, folder.appendingPathComponent("data").path)
        good.addKafkaProperties(["socket.keepalive.enable=true", "security.protocol=plaintext"])
        #expect(try problems(overrides: good, deep: true).isEmpty)
    }

    @Test("--now accepts RFC 3339 or a bare date (09:00 WIB)")
    func clockStart() {
        #expect(ClockStart.parse("2024-11-20T09:00:00+08:00") == Date(timeIntervalSince1970: 1_732_064_400))
        #expect(ClockStart.parse("2024-11-20") == Date(timeIntervalSince1970: 1_732_068_000))
        #expect(ClockStart.parse("20 Nov") == nil)
    }

    @Test("the settings table names an environment variable and flag for every everyday setting")
    func settingsTable() {
        let keys = Set(ConfigSettings.all.map(\.key))
        #expect(keys.count == ConfigSettings.all.count)
        for setting in ConfigSettings.all where !setting.key.hasPrefix("pipeline.") && setting.key != "kafka.embedded.brokers" {
            #expect(setting.environment?.hasPrefix("RAKOR_") == true, "\(setting.key)")
            #expect(setting.flag?.hasPrefix("--") == true, "\(setting.key)")
        }
        #expect(ConfigOrigin.flag("--x").rank > ConfigOrigin.environment("X").rank)
        #expect(ConfigOrigin.environment("X").rank > ConfigOrigin.file(path: "f", line: 1).rank)
        #expect(ConfigOrigin.file(path: "f", line: nil).rank > ConfigOrigin.defaultValue.rank)
        #expect(ConfigOrigin.file(path: "a.yaml", line: 3).description == "file a.yaml:3")
    }
}

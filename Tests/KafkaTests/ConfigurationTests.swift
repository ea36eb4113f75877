@testable import Kafka
import Testing

@Suite("Configurations")
struct ConfigurationTests {
    @Test("the producer is idempotent with acks=all by default; properties override and pass through")
    func producerDefaults() {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "a:9092,b:9092", properties: ["linger.ms": "20", "compression.codec": "lz4"])
        #expect(configuration.properties["enable.idempotence"] == "true")
        #expect(configuration.properties["acks"] == "all")
        #expect(configuration.isIdempotent)
        #expect(configuration.bootstrapServers == "a:9092,b:9092")
        #expect(configuration.lingerMilliseconds == 20)
        #expect(configuration[property: "compression.codec"] == "lz4")
        configuration.batchNumMessages = 500
        configuration.queueBufferingMaxMessages = 1_000
        configuration.messageTimeoutMilliseconds = 30_000
        configuration.clientID = "rakorbot"
        #expect(configuration.properties["batch.num.messages"] == "500")
        #expect(configuration.properties["queue.buffering.max.messages"] == "1000")
        #expect(configuration.properties["message.timeout.ms"] == "30000")
        #expect(configuration.properties["client.id"] == "rakorbot")
        // What this layer needs is always set.
        #expect(configuration.nativeProperties["log.queue"] == "true")
        #expect(configuration.nativeProperties["delivery.report.only.error"] == "false")
    }

    @Test("SASL and SSL settings are plain pass-through properties")
    func security() {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "broker:9093")
        configuration.securityProtocol = "sasl_ssl"
        configuration.setSASL(mechanism: "SCRAM-SHA-512", username: "bot", password: "secret")
        configuration.setSSL(caLocation: "/etc/ssl/ca.pem", certificateLocation: "/c.pem", keyLocation: "/k.pem")
        #expect(configuration.properties["security.protocol"] == "sasl_ssl")
        #expect(configuration.properties["sasl.mechanisms"] == "SCRAM-SHA-512")
        #expect(configuration.properties["sasl.username"] == "bot")
        #expect(configuration.properties["sasl.password"] == "secret")
        #expect(configuration.properties["ssl.ca.location"] == "/etc/ssl/ca.pem")
        #expect(configuration.properties["ssl.certificate.location"] == "/c.pem")
        #expect(configuration.properties["ssl.key.location"] == "/k.pem")
        #expect(SensitiveProperty.isSensitive("sasl.password"))
        #expect(SensitiveProperty.isSensitive("ssl.key.password"))
        #expect(!SensitiveProperty.isSensitive("sasl.username"))
    }

    @Test("the consumer defaults: cooperative-sticky, app-stored offsets, auto commit, no EOF events")
    func consumerDefaults() {
        let configuration = KafkaConsumerConfiguration(
            bootstrapServers: "b:9092", groupID: "rakorbot", topics: ["rakor.commands"], properties: ["auto.offset.reset": "latest"])
        #expect(configuration.properties["partition.assignment.strategy"] == "cooperative-sticky")
        #expect(configuration.properties["enable.auto.offset.store"] == "false")
        #expect(configuration.properties["enable.auto.commit"] == "true")
        #expect(configuration.properties["enable.partition.eof"] == "false")
        #expect(configuration.groupID == "rakorbot")
        #expect(configuration.topics == ["rakor.commands"])
        #expect(configuration.offsetResetPolicy == .latest)
        // librdkafka must report resets to this layer, which applies the policy.
        let native = configuration.nativeProperties
        #expect(native["auto.offset.reset"] == "error")
        #expect(native["enable.auto.offset.store"] == "false")
        #expect(native["log.queue"] == "true")
    }

    @Test(
        "auto.offset.reset names map to a policy",
        arguments: [
            ("earliest", OffsetResetPolicy?.some(.earliest)), ("smallest", .earliest), ("beginning", .earliest),
            ("latest", .latest), ("largest", .latest), ("end", .latest), ("error", OffsetResetPolicy.none), ("sideways", nil),
        ])
    func resetPolicy(value: String, policy: OffsetResetPolicy?) {
        let configuration = KafkaConsumerConfiguration(
            bootstrapServers: "b", groupID: "g", topics: ["t"], properties: ["auto.offset.reset": value])
        #expect(configuration.offsetResetPolicy == policy)
    }

    @Test("invalid settings are typed errors naming the property")
    func invalidSettings() {
        let error = #expect(throws: KafkaError.self) {
            try KafkaProducer(
                configuration: .init(bootstrapServers: "127.0.0.1:1", properties: ["linger.ms": "soon"]),
                logger: TestSupport.logger) { _ in }
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("linger.ms") == true)
        #expect(throws: KafkaError.self) {
            try KafkaProducer(
                configuration: .init(bootstrapServers: "127.0.0.1:1", properties: ["no.such.property": "1"]),
                logger: TestSupport.logger) { _ in }
        }
        #expect(throws: KafkaError.self) {
            try KafkaConsumer(
                configuration: .init(bootstrapServers: "127.0.0.1:1", groupID: "g", topics: []), logger: TestSupport.logger)
        }
        #expect(throws: KafkaError.self) {
            try KafkaConsumer(
                configuration: .init(bootstrapServers: "127.0.0.1:1", groupID: "g", topics: ["t"], properties: ["auto.offset.reset": "x"]),
                logger: TestSupport.logger)
        }
        #expect(throws: KafkaError.self) {
            try KafkaConsumer(configuration: .init(bootstrapServers: "127.0.0.1:1", groupID: "", topics: ["t"]), logger: TestSupport.logger)
        }
    }

    @Test("the admin configuration passes properties through")
    func adminConfiguration() {
        let configuration = KafkaAdminConfiguration(bootstrapServers: "b:1", properties: ["client.id": "admin"])
        #expect(configuration.bootstrapServers == "b:1")
        #expect(configuration.clientID == "admin")
    }

    @Test("durations become clamped librdkafka milliseconds")
    func milliseconds() {
        #expect(Milliseconds.from(.milliseconds(250)) == 250)
        #expect(Milliseconds.from(.seconds(3)) == 3_000)
        #expect(Milliseconds.from(.microseconds(1_500)) == 1)
        #expect(Milliseconds.from(.seconds(-1)) == 0)
        #expect(Milliseconds.from(.seconds(Int64.max / 2)) == Int32.max)
    }

    @Test("syslog levels map onto swift-log levels")
    func logLevels() {
        #expect(LogBridge.level(syslog: 0) == .critical)
        #expect(LogBridge.level(syslog: 2) == .critical)
        #expect(LogBridge.level(syslog: 3) == .error)
        #expect(LogBridge.level(syslog: 4) == .warning)
        #expect(LogBridge.level(syslog: 5) == .notice)
        #expect(LogBridge.level(syslog: 6) == .info)
        #expect(LogBridge.level(syslog: 7) == .debug)
    }
}

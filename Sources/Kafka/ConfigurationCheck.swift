import CRdKafka

extension KafkaClientConfiguration {
    /// Checks every property with librdkafka itself (unknown names, invalid
    /// values, features this build of librdkafka lacks) without creating a
    /// client or touching the network. Secret values are redacted from the
    /// error. `rakorbot config check` uses it.
    public func validate() throws(KafkaError) {
        let conf = try NativeConfiguration.make(properties)
        rd_kafka_conf_destroy(conf)
    }

    /// True for properties whose values must never be printed or logged
    /// (`sasl.password`, `ssl.key.password`, `sasl.oauthbearer.client.secret`, …).
    public static func isSensitive(property name: String) -> Bool {
        SensitiveProperty.isSensitive(name)
    }
}

/// Shared shape of the producer, consumer and admin configurations: every
/// librdkafka property passes through `properties` unchanged (so SASL, SSL and
/// tuning work without this layer knowing them); the typed accessors below are
/// conveniences over the same dictionary.
public protocol KafkaClientConfiguration: Sendable {
    /// librdkafka properties, exactly as documented in librdkafka's CONFIGURATION.md.
    var properties: [String: String] { get set }
}

extension KafkaClientConfiguration {
    public subscript(property name: String) -> String? {
        get { properties[name] }
        set { properties[name] = newValue }
    }

    public var bootstrapServers: String? {
        get { properties["bootstrap.servers"] }
        set { properties["bootstrap.servers"] = newValue }
    }

    public var clientID: String? {
        get { properties["client.id"] }
        set { properties["client.id"] = newValue }
    }

    /// `plaintext`, `ssl`, `sasl_plaintext` or `sasl_ssl`.
    public var securityProtocol: String? {
        get { properties["security.protocol"] }
        set { properties["security.protocol"] = newValue }
    }

    /// Sets `sasl.mechanisms`, `sasl.username` and `sasl.password` (e.g. `SCRAM-SHA-512`).
    public mutating func setSASL(mechanism: String, username: String, password: String) {
        properties["sasl.mechanisms"] = mechanism
        properties["sasl.username"] = username
        properties["sasl.password"] = password
    }

    /// Sets `ssl.ca.location` (and optionally the client certificate and key).
    public mutating func setSSL(caLocation: String, certificateLocation: String? = nil, keyLocation: String? = nil) {
        properties["ssl.ca.location"] = caLocation
        if let certificateLocation { properties["ssl.certificate.location"] = certificateLocation }
        if let keyLocation { properties["ssl.key.location"] = keyLocation }
    }
}

/// Property keys whose values must never appear in errors or logs.
enum SensitiveProperty {
    static func isSensitive(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return lowered.contains("password") || lowered.contains("secret")
            || lowered.hasSuffix(".key.pem") || lowered.contains("sasl.oauthbearer.config")
            || lowered.hasSuffix("jaas.config")
    }
}

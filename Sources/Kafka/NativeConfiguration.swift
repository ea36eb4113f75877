import CRdKafka

/// Builds `rd_kafka_conf_t` objects from property dictionaries.
enum NativeConfiguration {
    /// Returns a new `rd_kafka_conf_t` the caller owns (hand it to `rd_kafka_new`
    /// or destroy it). Properties are applied in key order so failures are
    /// deterministic; secret values are redacted from error messages.
    static func make(_ properties: [String: String]) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(code: .fail, message: "rd_kafka_conf_new failed")
        }
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, key, value, &errorText, errorText.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                var text = String(nulTerminated: errorText)
                if SensitiveProperty.isSensitive(key), !value.isEmpty {
                    text = text.replacingOccurrences(of: value, with: "***")
                }
                throw KafkaError.invalidArgument("configuration property \"\(key)\": \(text)")
            }
        }
        return conf
    }

    /// `rd_kafka_new` with ownership handled: on success librdkafka owns `conf`,
    /// on failure it is destroyed here.
    static func newClient(_ type: rd_kafka_type_t, conf: OpaquePointer) throws(KafkaError) -> OpaquePointer {
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            let text = String(nulTerminated: errorText)
            throw KafkaError.invalidArgument("rd_kafka_new failed: \(text)")
        }
        return handle
    }
}

extension String {
    /// Foundation-free replacement used for redaction only.
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}

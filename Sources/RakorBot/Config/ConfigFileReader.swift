import Foundation
import Yams

/// Reads the YAML configuration file into a layer, checking its shape: every
/// key must be known (a typo is an error, not a silently ignored setting) and
/// no secret may be written in it.
///
/// ```yaml
/// instance: rakorbot-kalsel
/// data: /var/lib/rakorbot
/// directory: /etc/rakorbot/directory.yaml
/// kafka:
///   brokers: kafka-1:9092,kafka-2:9092     # or a list
///   group: rakorbot
///   topic_prefix: prod.
///   properties:                            # any librdkafka property
///     security.protocol: SASL_SSL
///     sasl.mechanisms: SCRAM-SHA-512
///     sasl.username: rakorbot
///     sasl.password_file: /run/secrets/kafka-password
/// topics: {partitions: 6, replication_factor: 3}
/// security:
///   bridge_key_files: {bridge-2024: /run/secrets/bridge-2024}
///   integrator_key_files: {kpu-2024: /run/secrets/kpu-2024}
/// rate_limit: {per_second: 2, burst: 20}
/// http: {host: 0.0.0.0, port: 9464}
/// log: {level: info, format: json}
/// pipeline: {max_batch_size: 2048, relay_capacity: 50000, shutdown_timeout_seconds: 20, ledger_retention_days: 30}
/// ```
struct ConfigFileReader {
    /// What may appear where.
    indirect enum Shape {
        case scalar
        /// A scalar or a list of scalars, joined with commas (broker lists).
        case list
        case section([String: Shape])
        case kafkaProperties
        case keyFiles(integrator: Bool)
        /// A literal secret: refused with this hint.
        case forbiddenSecret(String)
    }

    static let schema: [String: Shape] = [
        "instance": .scalar, "data": .scalar, "directory": .scalar, "calendars": .scalar, "now": .scalar,
        "kafka": .section([
            "brokers": .list, "group": .scalar, "topic_prefix": .scalar, "properties": .kafkaProperties,
            "embedded": .section(["brokers": .scalar]),
        ]),
        "topics": .section(["partitions": .scalar, "replication_factor": .scalar]),
        "security": .section([
            "bridge_key_files": .keyFiles(integrator: false),
            "integrator_key_files": .keyFiles(integrator: true),
            "bridge_keys": .forbiddenSecret(
                "bridge keys are secrets and may not be written in the configuration file; list key files under "
                    + "security.bridge_key_files (key id: /path/to/file), or set RAKOR_BRIDGE_KEYS in the environment"),
            "integrator_keys": .forbiddenSecret(
                "integrator keys are secrets and may not be written in the configuration file; list key files under "
                    + "security.integrator_key_files (key id: /path/to/file), or set RAKOR_INTEGRATOR_KEYS in the environment"),
        ]),
        "rate_limit": .section(["per_second": .scalar, "burst": .scalar]),
        "http": .section(["host": .scalar, "port": .scalar]),
        "log": .section(["level": .scalar, "format": .scalar]),
        "pipeline": .section([
            "max_batch_size": .scalar, "relay_capacity": .scalar, "shutdown_timeout_seconds": .scalar,
            "ledger_retention_days": .scalar,
        ]),
    ]

    let path: String
    private(set) var layer = ConfigLayer()

    init(path: String) {
        self.path = path
    }

    /// Reads and walks the file; problems go into the layer.
    static func read(path: String) -> ConfigLayer {
        var reader = ConfigFileReader(path: path)
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            reader.problem("config", "cannot read the configuration file \(path): \(error.localizedDescription)", line: nil)
            return reader.layer
        }
        reader.parse(text)
        return reader.layer
    }

    mutating func parse(_ text: String) {
        let root: Node?
        do {
            root = try Yams.Parser(yaml: text, resolver: .default).singleRoot()
        } catch {
            problem("config", "not valid YAML: \(error)", line: nil)
            return
        }
        guard let root else { return }  // an empty file: all defaults
        guard root.mapping != nil else {
            problem("config", "the configuration file must be a mapping of settings", line: Self.line(root))
            return
        }
        walk(root, shape: .section(Self.schema), key: "")
    }

    private mutating func walk(_ node: Node, shape: Shape, key: String) {
        if Self.isNull(node) { return }
        switch shape {
        case .scalar:
            guard let text = Self.scalarText(node) else {
                problem(key, "expected a single value", line: Self.line(node))
                return
            }
            layer.scalars[key] = Sourced(value: text, origin: origin(node))
        case .list:
            if let text = Self.scalarText(node) {
                layer.scalars[key] = Sourced(value: text, origin: origin(node))
            } else if let items = node.sequence {
                var parts: [String] = []
                for item in items {
                    guard let text = Self.scalarText(item) else {
                        problem(key, "expected a list of values", line: Self.line(item))
                        return
                    }
                    parts.append(text)
                }
                layer.scalars[key] = Sourced(value: parts.joined(separator: ","), origin: origin(node))
            } else {
                problem(key, "expected a value or a list of values", line: Self.line(node))
            }
        case .section(let fields):
            guard let mapping = node.mapping else {
                problem(key.isEmpty ? "config" : key, "expected a mapping of settings", line: Self.line(node))
                return
            }
            for (keyNode, value) in mapping {
                guard let name = keyNode.string else {
                    problem(key, "setting names must be text", line: Self.line(keyNode))
                    continue
                }
                let full = key.isEmpty ? name : "\(key).\(name)"
                guard let fieldShape = fields[name] else {
                    let known = fields.keys.sorted().joined(separator: ", ")
                    problem(full, "unknown setting (known here: \(known))", line: Self.line(keyNode))
                    continue
                }
                walk(value, shape: fieldShape, key: full)
            }
        case .kafkaProperties:
            forEachPair(node, key: key) { name, text, origin, reader in
                reader.layer.setKafkaProperty(name, text, origin: origin, secretsAllowed: false)
            }
        case .keyFiles(let integrator):
            forEachPair(node, key: key) { keyID, path, origin, reader in
                let source = Sourced(value: SecretSource.file(path), origin: origin)
                if integrator { reader.layer.integratorKeys[keyID] = source } else { reader.layer.bridgeKeys[keyID] = source }
            }
        case .forbiddenSecret(let hint):
            problem(key, hint, line: Self.line(node))
        }
    }

    /// A mapping of name → scalar (numbers and booleans are taken as written).
    private mutating func forEachPair(_ node: Node, key: String,
                                      _ body: (String, String, ConfigOrigin, inout ConfigFileReader) -> Void) {
        guard let mapping = node.mapping else {
            problem(key, "expected a mapping of name: value", line: Self.line(node))
            return
        }
        for (keyNode, value) in mapping {
            guard let name = keyNode.string, !name.isEmpty else {
                problem(key, "names must be non-empty text", line: Self.line(keyNode))
                continue
            }
            if Self.isNull(value) { continue }
            guard let text = Self.scalarText(value) else {
                problem("\(key).\(name)", "expected a single value", line: Self.line(value))
                continue
            }
            body(name, text, origin(value), &self)
        }
    }

    private func origin(_ node: Node) -> ConfigOrigin {
        .file(path: path, line: Self.line(node))
    }

    private mutating func problem(_ key: String, _ message: String, line: Int?) {
        layer.problems.append(ConfigProblem(key: key, message: message, origin: .file(path: path, line: line)))
    }

    static func line(_ node: Node) -> Int? { node.mark?.line }

    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return node.null != nil || (scalar.style == .plain && scalar.string.isEmpty)
    }

    static func scalarText(_ node: Node) -> String? {
        node.scalar?.string
    }
}

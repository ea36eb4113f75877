/// What the command line says: the highest-precedence layer. The CLI fills it
/// from its flags; tests fill it directly.
public struct ConfigurationOverrides: Sendable {
    var layer = ConfigLayer()

    public init() {}

    /// Sets `setting` from its flag (nil leaves it to the lower layers).
    public mutating func set(_ setting: ConfigSetting, _ value: String?) {
        guard let value else { return }
        layer.scalars[setting.key] = Sourced(value: value, origin: .flag(setting.flag ?? "--\(setting.key)"))
    }

    /// `--kafka-property name=value` (repeatable). A secret property is
    /// refused here (the command line is visible in `ps`); `name_file=/path` works.
    public mutating func addKafkaProperties(_ pairs: [String], flag: String = "--kafka-property") {
        for pair in pairs {
            guard let (name, value) = split(pair, flag: flag, expecting: "name=value") else { continue }
            layer.setKafkaProperty(name, value, origin: .flag(flag), secretsAllowed: false)
        }
    }

    /// `--bridge-key-file id=/path` (repeatable).
    public mutating func addBridgeKeyFiles(_ pairs: [String], flag: String = "--bridge-key-file") {
        for pair in pairs {
            guard let (keyID, path) = split(pair, flag: flag, expecting: "key-id=/path/to/file") else { continue }
            layer.bridgeKeys[keyID] = Sourced(value: .file(path), origin: .flag(flag))
        }
    }

    /// `--integrator-key-file id=/path` (repeatable).
    public mutating func addIntegratorKeyFiles(_ pairs: [String], flag: String = "--integrator-key-file") {
        for pair in pairs {
            guard let (keyID, path) = split(pair, flag: flag, expecting: "key-id=/path/to/file") else { continue }
            layer.integratorKeys[keyID] = Sourced(value: .file(path), origin: .flag(flag))
        }
    }

    private mutating func split(_ pair: String, flag: String, expecting form: String) -> (String, String)? {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            layer.problems.append(ConfigProblem(key: flag, message: "expects \(form), got \"\(pair)\"", origin: .flag(flag)))
            return nil
        }
        return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
    }
}

/// Reads the `RAKOR_*` environment variables into a layer. Empty variables
/// count as unset (compose files and systemd units often define them empty).
enum EnvironmentReader {
    static func read(_ environment: [String: String]) -> ConfigLayer {
        var layer = ConfigLayer()
        for setting in ConfigSettings.all {
            guard let name = setting.environment, let value = environment[name], !value.isEmpty else { continue }
            layer.scalars[setting.key] = Sourced(value: value, origin: .environment(name))
        }
        let prefix = ConfigSettings.kafkaPropertyEnvironmentPrefix
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix(prefix) && !value.isEmpty {
            let suffix = String(name.dropFirst(prefix.count))
            guard !suffix.isEmpty else { continue }
            layer.setKafkaProperty(ConfigSettings.kafkaProperty(fromEnvironmentSuffix: suffix), value,
                                   origin: .environment(name), secretsAllowed: true)
        }
        read(keys: ConfigSettings.bridgeKeyFilesEnvironment, files: true, from: environment, into: &layer.bridgeKeys,
             problems: &layer.problems)
        read(keys: ConfigSettings.bridgeKeysEnvironment, files: false, from: environment, into: &layer.bridgeKeys,
             problems: &layer.problems)
        read(keys: ConfigSettings.integratorKeyFilesEnvironment, files: true, from: environment,
             into: &layer.integratorKeys, problems: &layer.problems)
        read(keys: ConfigSettings.integratorKeysEnvironment, files: false, from: environment,
             into: &layer.integratorKeys, problems: &layer.problems)
        return layer
    }

    /// `id=value,id=value` (secrets must not contain `,`; use key files then).
    private static func read(keys variable: String, files: Bool, from environment: [String: String],
                             into keys: inout [String: Sourced<SecretSource>], problems: inout [ConfigProblem]) {
        guard let text = environment[variable], !text.isEmpty else { return }
        for entry in text.split(separator: ",") {
            let pair = entry.trimming(" \t\n")
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex,
                  pair.index(after: equals) != pair.endIndex else {
                // Never echo the entry: it may be a secret.
                problems.append(ConfigProblem(key: variable, message: "expects key-id=\(files ? "/path" : "secret") entries separated by commas",
                                              origin: .environment(variable)))
                continue
            }
            let keyID = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            keys[keyID] = Sourced(value: files ? .file(value) : .literal(value), origin: .environment(variable))
        }
    }
}

extension StringProtocol {
    func trimming(_ set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}

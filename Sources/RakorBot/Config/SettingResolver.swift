/// Turns the merged layers into typed values, one setting at a time,
/// recording each value's origin for `config check` and collecting every
/// problem instead of stopping at the first.
struct SettingResolver {
    let merged: ConfigLayer
    var problems: [ConfigProblem] = []
    var entries: [ConfigEntry] = []

    init(merged: ConfigLayer) {
        self.merged = merged
        self.problems = merged.problems
    }

    func isSet(_ setting: ConfigSetting) -> Bool { merged.scalars[setting.key] != nil }

    /// The text of `setting`, checked by `check` (which returns a problem
    /// message or nil); nil when unset or invalid.
    mutating func text(_ setting: ConfigSetting, check: (String) -> String? = { _ in nil }) -> String? {
        guard let raw = merged.scalars[setting.key] else {
            entries.append(ConfigEntry(key: setting.key, value: Self.shown(setting.defaultText, isDefault: true),
                                       origin: .defaultValue))
            return nil
        }
        if let message = check(raw.value) {
            problems.append(ConfigProblem(key: setting.key, message: message, origin: raw.origin))
            entries.append(ConfigEntry(key: setting.key, value: Self.shown(raw.value) + " (invalid)", origin: raw.origin))
            return nil
        }
        entries.append(ConfigEntry(key: setting.key, value: Self.shown(raw.value), origin: raw.origin))
        return raw.value
    }

    /// A whole number in `range`.
    mutating func integer(_ setting: ConfigSetting, in range: ClosedRange<Int>) -> Int? {
        text(setting) { value in
            guard let number = Int(value), range.contains(number) else {
                return "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(value)\""
            }
            return nil
        }.flatMap(Int.init)
    }

    /// A positive number, or `unlimited` (∞).
    mutating func positiveNumber(_ setting: ConfigSetting) -> Double? {
        text(setting) { value in
            if value.lowercased() == "unlimited" { return nil }
            guard let number = Double(value), number.isFinite, number > 0 else {
                return "must be a positive number or `unlimited`, got \"\(value)\""
            }
            return nil
        }.map { $0.lowercased() == "unlimited" ? .infinity : Double($0) ?? .infinity }
    }

    /// One of `choices` (case-insensitive).
    mutating func choice(_ setting: ConfigSetting, _ choices: [String]) -> String? {
        text(setting) { value in
            choices.contains(value.lowercased()) ? nil : "must be one of \(choices.joined(separator: ", ")), got \"\(value)\""
        }?.lowercased()
    }

    mutating func problem(_ key: String, _ message: String, origin: ConfigOrigin? = nil) {
        problems.append(ConfigProblem(key: key, message: message, origin: origin))
    }

    static func shown(_ value: String, isDefault: Bool = false) -> String {
        // Defaults that describe rather than state a value read as "(embedded cluster)".
        if isDefault, value.contains(" ") { return "(\(value))" }
        return value.isEmpty ? "\"\"" : value
    }
}

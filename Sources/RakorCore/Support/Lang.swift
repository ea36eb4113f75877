/// The two languages rakorbot answers in. Indonesian is the default.
public enum Lang: String, Sendable, Hashable, CaseIterable, Codable {
    case id
    case en

    /// Parses a contract `lang` value (`id` or `en`), case-insensitively.
    public init?(code: some StringProtocol) {
        switch code.lowercased() {
        case "id": self = .id
        case "en": self = .en
        default: return nil
        }
    }
}

/// A text in both languages, chosen at the edge where the reader is known.
public struct Localized: Sendable, Hashable {
    public var id: String
    public var en: String

    public init(id: String, en: String) {
        self.id = id
        self.en = en
    }

    /// The same text in both languages (ids, codes, proper names).
    public init(_ both: String) {
        self.id = both
        self.en = both
    }

    public func callAsFunction(_ lang: Lang) -> String {
        switch lang {
        case .id: id
        case .en: en
        }
    }
}

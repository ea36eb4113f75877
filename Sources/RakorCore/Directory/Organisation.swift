/// A government body that takes part in election coordination: Kesbangpol,
/// KPU, Bawaslu, BPKAD, … of a province or regency, or a Kemendagri unit.
public struct Organisation: Sendable, Hashable, Identifiable {
    /// Lowercase slug, typed in chat as `@id` (e.g. `kpu-banjar`).
    public var id: String
    public var name: String
    /// How replies name it when space is short (`KPU Kab. Banjar`).
    public var shortName: String?
    public var level: OrgLevel
    /// The Kemendagri region code: `63` for a province, `63.03` for a regency,
    /// nil for `pusat`.
    public var code: KodeWilayah?
    /// The organisation it reports to (e.g. KPU Kab. Banjar → KPU Kalsel).
    public var parent: String?
    /// Where its "today" is: the local date officials there live by.
    public var zone: ZonaWaktu
    public var kind: OrgKind?
    /// Chat ids of the organisation's groups (`wa:group-…`): where reminders
    /// and escalations addressed to the organisation are sent.
    public var chats: [String]

    public init(id: String, name: String, shortName: String? = nil, level: OrgLevel,
                code: KodeWilayah?, parent: String? = nil, zone: ZonaWaktu,
                kind: OrgKind? = nil, chats: [String] = []) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.level = level
        self.code = code
        self.parent = parent
        self.zone = zone
        self.kind = kind
        self.chats = chats
    }

    /// The short name if there is one, else the full name.
    public var displayName: String { shortName ?? name }

    /// Whether `other` lies in this organisation's jurisdiction. Jurisdiction
    /// is by region, not by kind or parent: a `pusat` body covers everything;
    /// a province `63` covers every organisation coded `63` or `63.*`; a
    /// regency `63.03` covers organisations coded exactly `63.03`. Regional
    /// bodies never cover `pusat` ones.
    public func covers(_ other: Organisation) -> Bool {
        switch level {
        case .pusat:
            return true
        case .provinsi:
            guard let code, let otherCode = other.code else { return false }
            return otherCode.province == code
        case .kabkota:
            guard let code, let otherCode = other.code else { return false }
            return otherCode == code
        }
    }
}

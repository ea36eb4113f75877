/// The tier of government an organisation belongs to. It fixes what its
/// region code looks like and how far its jurisdiction reaches.
public enum OrgLevel: String, Sendable, Hashable, CaseIterable, Codable {
    /// National: Kemendagri and other central bodies. No region code; covers everything.
    case pusat
    /// A province (`63`): covers itself and every regency whose code starts with `63.`.
    case provinsi
    /// A regency or city (`63.03`): covers organisations with that exact code.
    case kabkota

    /// Higher tiers rank lower: `pusat` < `provinsi` < `kabkota`. Used to
    /// check that a parent sits above its child.
    var rank: Int {
        switch self {
        case .pusat: 0
        case .provinsi: 1
        case .kabkota: 2
        }
    }

    public var label: Localized {
        switch self {
        case .pusat: Localized(id: "pusat", en: "national")
        case .provinsi: Localized(id: "provinsi", en: "provincial")
        case .kabkota: Localized(id: "kabupaten/kota", en: "regency/city")
        }
    }
}

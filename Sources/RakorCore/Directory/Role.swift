/// What a user may do, within their organisation's jurisdiction. The rules
/// themselves live in one place: `PermissionPolicy`.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// Leads coordination: records meetings, assigns tasks, agreements, budgets.
    case koordinator
    /// A member: works their own organisation's tasks and reads.
    case anggota
    /// A supervisor (e.g. Bawaslu, inspectorate): reads everything in its jurisdiction, changes nothing.
    case pengawas
    /// Operates the bot: may do everything everywhere.
    case admin

    public var label: Localized {
        switch self {
        case .koordinator: Localized(id: "koordinator", en: "coordinator")
        case .anggota: Localized(id: "anggota", en: "member")
        case .pengawas: Localized(id: "pengawas", en: "supervisor")
        case .admin: Localized(id: "admin", en: "administrator")
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// An official who may send commands. Every command's `sender` must be one.
public struct User: Sendable, Hashable, Identifiable {
    /// The chat bridge's sender id (e.g. `u-heriansyah`).
    public var id: String
    public var name: String
    /// The organisation the user acts for; it fixes their jurisdiction and zone.
    public var org: String
    /// Several roles combine: the user may do what any of them allows.
    public var roles: Set<Role>
    /// The language replies default to when a command names none.
    public var lang: Lang
    /// Position, e.g. `Kepala Badan Kesbangpol Provinsi Kalimantan Selatan`.
    public var title: String?

    public init(id: String, name: String, org: String, roles: Set<Role>, lang: Lang = .id, title: String? = nil) {
        self.id = id
        self.name = name
        self.org = org
        self.roles = roles
        self.lang = lang
        self.title = title
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }
}

/// Who may do what, where: the one place the rules live. Command handlers ask
/// it; `/bantuan` lists what it allows; tests walk its table.
///
/// Rules:
/// - Any user in the directory may `bantuan`, `lihatJadwal` and `langganan`.
/// - `admin`: everything, everywhere.
/// - `koordinator`: everything within their organisation's jurisdiction
///   (see `Organisation.covers`), except that defining cost components
///   (`anggaranItemBaru`) and assigning budgets (`anggaranTetapkan`) need a
///   coordinator at `provinsi` or `pusat` level: cost-sharing decrees are
///   provincial (SK Gubernur), and the regency must still be in their jurisdiction.
/// - `anggota`: completes its own organisation's tasks (`tugasSelesai` only
///   when the target is its own organisation) and reads (`lihat`,
///   `anggaranRekap`) within its organisation's jurisdiction.
/// - `pengawas`: reads (`lihat`, `anggaranRekap`) within its jurisdiction; changes nothing.
/// - Roles combine: a user may do what any of their roles allows.
/// - Nobody acts outside their jurisdiction.
///
/// Actions with several target organisations (an agreement's parties, a
/// task's old and new assignee) must be allowed for each: use
/// `decide(_:actor:targets:in:)` / `require(_:actor:targets:in:)`.
public enum PermissionPolicy {
    /// How far one role's grant reaches for one action.
    public enum Wewenang: Sendable, Hashable {
        /// Not granted.
        case tidak
        /// Only when the target is the actor's own organisation.
        case organisasiSendiri
        /// Any target in the actor's organisation's jurisdiction.
        case wilayah
        /// As `wilayah`, but only for actors at `provinsi` or `pusat` level.
        case wilayahTingkatProvinsi
        /// Any target anywhere.
        case semua
    }

    /// The rule table. Every permission question comes down to this.
    public static func wewenang(_ role: Role, _ aksi: Aksi) -> Wewenang {
        if aksi.terbukaUntukSemua { return .semua }
        switch role {
        case .admin:
            return .semua
        case .koordinator:
            switch aksi {
            case .anggaranItemBaru, .anggaranTetapkan: return .wilayahTingkatProvinsi
            default: return .wilayah
            }
        case .anggota:
            switch aksi {
            case .tugasSelesai: return .organisasiSendiri
            case .lihat, .anggaranRekap: return .wilayah
            default: return .tidak
            }
        case .pengawas:
            switch aksi {
            case .lihat, .anggaranRekap: return .wilayah
            default: return .tidak
            }
        }
    }

    /// Whether `actor` may perform `aksi` on `target` (nil: the actor's own
    /// organisation; ignored for actions open to everyone). The actor is
    /// looked up by id in `directory` and that record's roles and organisation
    /// count, so a stale `User` value cannot carry old rights.
    public static func decide(_ aksi: Aksi, actor: User, target: Organisation?, in directory: Directory) -> PermissionDecision {
        guard let registered = directory.user(id: actor.id), let home = directory.organisation(of: registered) else {
            return .denied(reason: Refusal.tidakTerdaftar.reason(aksi, actor: actor, home: nil, target: nil))
        }
        if aksi.terbukaUntukSemua { return .allowed }
        let target = target ?? home
        var refusal: Refusal?
        for role in registered.roles.sorted() {
            let outcome: Refusal?
            switch wewenang(role, aksi) {
            case .semua:
                outcome = nil
            case .wilayah:
                outcome = home.covers(target) ? nil : .diLuarWilayah
            case .wilayahTingkatProvinsi:
                if home.level == .kabkota {
                    outcome = .tingkat
                } else {
                    outcome = home.covers(target) ? nil : .diLuarWilayah
                }
            case .organisasiSendiri:
                outcome = target.id == home.id ? nil : .bukanOrganisasiSendiri
            case .tidak:
                outcome = .peran
            }
            guard let outcome else { return .allowed }
            // Keep the most specific reason among the roles that refused.
            if refusal == nil || outcome < refusal ?? outcome { refusal = outcome }
        }
        return .denied(reason: (refusal ?? .peran).reason(aksi, actor: registered, home: home, target: target))
    }

    /// Allowed only if allowed for every target (an agreement's parties, a
    /// task's old and new assignee). No targets: the actor's own organisation.
    /// The first denial is returned.
    public static func decide(_ aksi: Aksi, actor: User, targets: [Organisation], in directory: Directory) -> PermissionDecision {
        guard !targets.isEmpty else { return decide(aksi, actor: actor, target: nil, in: directory) }
        for target in targets {
            let decision = decide(aksi, actor: actor, target: target, in: directory)
            if !decision.isAllowed { return decision }
        }
        return .allowed
    }

    /// `decide`, throwing `CommandFailure(.forbidden, reason)` on denial.
    public static func require(_ aksi: Aksi, actor: User, target: Organisation?, in directory: Directory) throws(CommandFailure) {
        try decide(aksi, actor: actor, target: target, in: directory).require()
    }

    /// `decide(_:actor:targets:in:)`, throwing `forbidden` on the first denial.
    public static func require(_ aksi: Aksi, actor: User, targets: [Organisation], in directory: Directory) throws(CommandFailure) {
        try decide(aksi, actor: actor, targets: targets, in: directory).require()
    }

    /// The organisations whose records `user` may read (`lihat`): what list
    /// commands (`/tugas daftar`, `/kesepakatan daftar`, `/anggaran rekap`)
    /// filter by. Derived from the same table as `decide`.
    public static func readableOrgs(of user: User, in directory: Directory) -> OrgScope {
        guard let registered = directory.user(id: user.id), let home = directory.organisation(of: registered) else {
            return .nothing
        }
        var ids = Set<String>()
        for role in registered.roles {
            switch wewenang(role, .lihat) {
            case .semua:
                return OrgScope(everything: true, orgIDs: directory.allOrgIDs)
            case .wilayah, .wilayahTingkatProvinsi:
                if home.level == .pusat { return OrgScope(everything: true, orgIDs: directory.allOrgIDs) }
                for org in directory.jurisdiction(of: home) { ids.insert(org.id) }
            case .organisasiSendiri:
                ids.insert(home.id)
            case .tidak:
                break
            }
        }
        return OrgScope(everything: false, orgIDs: ids)
    }

    /// The actions `user` may perform on at least some organisation, in
    /// `Aksi.allCases` order: what `/bantuan` lists for them.
    public static func permittedActions(of user: User, in directory: Directory) -> [Aksi] {
        guard let registered = directory.user(id: user.id), let home = directory.organisation(of: registered) else {
            return []
        }
        return Aksi.allCases.filter { aksi in
            aksi.terbukaUntukSemua || registered.roles.contains { role in
                switch wewenang(role, aksi) {
                case .tidak: false
                case .wilayahTingkatProvinsi: home.level != .kabkota
                case .organisasiSendiri, .wilayah, .semua: true
                }
            }
        }
    }

    // MARK: Integrators

    /// Whether an integrator may post an event of `type` concerning `target`
    /// (nil: no particular organisation). It must list the type; one tied to an
    /// organisation may only post about organisations in its jurisdiction.
    /// The integrator is looked up by id in `directory`.
    public static func decide(eventType type: String, from integrator: Integrator, target: Organisation?,
                              in directory: Directory) -> PermissionDecision {
        guard let registered = directory.integrator(id: integrator.id) else {
            return .denied(reason: Localized(
                id: "Integrator \(integrator.id) tidak terdaftar di direktori rakorbot.",
                en: "Integrator \(integrator.id) is not registered in the rakorbot directory."))
        }
        guard registered.allows(type: type) else {
            return .denied(reason: Localized(
                id: "Integrator \(registered.id) tidak berwenang mengirim peristiwa \(type); yang diizinkan: \(registered.types.sorted().joined(separator: ", ")).",
                en: "Integrator \(registered.id) may not post \(type) events; allowed: \(registered.types.sorted().joined(separator: ", "))."))
        }
        if let orgID = registered.org, let target {
            guard let home = directory.organisation(id: orgID), home.covers(target) else {
                let homeName = directory.organisation(id: orgID)?.displayName ?? orgID
                return .denied(reason: Localized(
                    id: "Integrator \(registered.id) tidak berwenang mengirim peristiwa terkait \(target.displayName): di luar wilayah \(homeName).",
                    en: "Integrator \(registered.id) may not post events concerning \(target.displayName): it is outside the jurisdiction of \(homeName)."))
            }
        }
        return .allowed
    }

    /// `decide(eventType:from:target:in:)`, throwing `forbidden` on denial.
    public static func requireEvent(type: String, from integrator: Integrator, target: Organisation?,
                                    in directory: Directory) throws(CommandFailure) {
        try decide(eventType: type, from: integrator, target: target, in: directory).require()
    }
}

/// Why a role refused, most specific first (the order picks the reason shown
/// when several roles refuse).
private enum Refusal: Int, Comparable {
    case tidakTerdaftar
    case diLuarWilayah
    case bukanOrganisasiSendiri
    case tingkat
    case peran

    static func < (lhs: Refusal, rhs: Refusal) -> Bool { lhs.rawValue < rhs.rawValue }

    func reason(_ aksi: Aksi, actor: User, home: Organisation?, target: Organisation?) -> Localized {
        let what = aksi.label
        let homeName = home?.displayName ?? actor.org
        let targetName = target?.displayName ?? homeName
        switch self {
        case .tidakTerdaftar:
            return Localized(
                id: "Anda (\(actor.id)) tidak terdaftar di direktori rakorbot; hubungi admin.",
                en: "You (\(actor.id)) are not registered in the rakorbot directory; contact an administrator.")
        case .diLuarWilayah:
            return Localized(
                id: "Anda tidak berwenang \(what.id) terkait \(targetName): di luar wilayah \(homeName).",
                en: "You are not authorised to \(what.en) concerning \(targetName): it is outside the jurisdiction of \(homeName).")
        case .bukanOrganisasiSendiri:
            return Localized(
                id: "Anda tidak berwenang \(what.id) milik \(targetName): anggota hanya dapat menyelesaikan tugas \(homeName) sendiri.",
                en: "You are not authorised to \(what.en) of \(targetName): members may only complete their own organisation's (\(homeName)) tasks.")
        case .tingkat:
            return Localized(
                id: "Anda tidak berwenang \(what.id): hanya koordinator tingkat provinsi atau pusat yang dapat melakukannya (pembiayaan bersama ditetapkan dengan keputusan gubernur).",
                en: "You are not authorised to \(what.en): only a provincial or national coordinator may (cost sharing is set by a governor's decree).")
        case .peran:
            let roles = actor.roles.sorted()
            let rolesID = roles.isEmpty ? "tanpa peran" : roles.map(\.label.id).joined(separator: ", ")
            let rolesEN = roles.isEmpty ? "none" : roles.map(\.label.en).joined(separator: ", ")
            return Localized(
                id: "Anda tidak berwenang \(what.id): peran Anda (\(rolesID)) tidak mencakupnya.",
                en: "You are not authorised to \(what.en): your role (\(rolesEN)) does not allow it.")
        }
    }
}

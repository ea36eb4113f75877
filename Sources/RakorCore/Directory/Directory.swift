/// Who uses the bot: organisations, their users and the integrator systems,
/// with every lookup a command needs precomputed once at load. A directory is
/// an immutable value: reloading builds a new one and swaps it in whole.
///
/// Build one with `Directory.parse(yaml:)` (the file format is documented in
/// `DirectoryParser.swift` and by example in the demo directory) or with
/// `init(organisations:users:integrators:)`; both validate and report every
/// problem at once.
public struct Directory: Sendable {
    /// In the order given (file order), which listings follow.
    public let organisations: [Organisation]
    public let users: [User]
    public let integrators: [Integrator]

    private let orgIndex: [String: Int]
    private let userIndex: [String: Int]
    private let integratorIndex: [String: Int]
    private let integratorSourceIndex: [String: Int]
    /// Organisations by exact region code (`63` → the province's bodies, `63.03` → Banjar's).
    private let orgsByRegion: [KodeWilayah: [Int]]
    /// Every coded organisation by its province (`63` → province and regency bodies).
    private let orgsByProvince: [KodeWilayah: [Int]]
    private let regenciesByProvince: [KodeWilayah: [Int]]
    private let pusatOrgs: [Int]
    private let usersByOrg: [String: [Int]]
    private let pengawasByOrg: [String: [Int]]
    /// Shared by every "reads everything" scope instead of being rebuilt per command.
    let allOrgIDs: Set<String>

    /// Validates and indexes. Throws every problem found, with paths like
    /// `users[3].org` (indexes into the arrays given).
    public init(organisations: [Organisation], users: [User], integrators: [Integrator] = []) throws(DirectoryError) {
        var validator = DirectoryValidator(locate: { _, _, _ in nil })
        validator.validate(
            organisations: organisations.enumerated().map { .init(index: $0.offset, id: $0.element.id, value: $0.element) },
            users: users.enumerated().map { .init(index: $0.offset, id: $0.element.id, value: $0.element) },
            integrators: integrators.enumerated().map { .init(index: $0.offset, id: $0.element.id, value: $0.element) })
        guard validator.issues.isEmpty else { throw validator.issues.error() }
        self.init(validated: organisations, users: users, integrators: integrators)
    }

    /// Indexes a directory that has passed validation (unique ids, known references).
    init(validated organisations: [Organisation], users: [User], integrators: [Integrator]) {
        self.organisations = organisations
        self.users = users
        self.integrators = integrators

        var orgIndex = [String: Int](minimumCapacity: organisations.count)
        var orgsByRegion: [KodeWilayah: [Int]] = [:]
        var orgsByProvince: [KodeWilayah: [Int]] = [:]
        var regenciesByProvince: [KodeWilayah: [Int]] = [:]
        var pusatOrgs: [Int] = []
        var allOrgIDs = Set<String>(minimumCapacity: organisations.count)
        for (index, org) in organisations.enumerated() {
            orgIndex[org.id] = index
            allOrgIDs.insert(org.id)
            if let code = org.code {
                orgsByRegion[code, default: []].append(index)
                orgsByProvince[code.province, default: []].append(index)
                if org.level == .kabkota { regenciesByProvince[code.province, default: []].append(index) }
            } else {
                pusatOrgs.append(index)
            }
        }

        var userIndex = [String: Int](minimumCapacity: users.count)
        var usersByOrg: [String: [Int]] = [:]
        var pengawasByOrg: [String: [Int]] = [:]
        for (index, user) in users.enumerated() {
            userIndex[user.id] = index
            usersByOrg[user.org, default: []].append(index)
            if user.has(.pengawas) { pengawasByOrg[user.org, default: []].append(index) }
        }

        var integratorIndex: [String: Int] = [:]
        var integratorSourceIndex: [String: Int] = [:]
        for (index, integrator) in integrators.enumerated() {
            integratorIndex[integrator.id] = index
            integratorSourceIndex[integrator.source] = index
        }

        self.orgIndex = orgIndex
        self.userIndex = userIndex
        self.integratorIndex = integratorIndex
        self.integratorSourceIndex = integratorSourceIndex
        self.orgsByRegion = orgsByRegion
        self.orgsByProvince = orgsByProvince
        self.regenciesByProvince = regenciesByProvince
        self.pusatOrgs = pusatOrgs
        self.usersByOrg = usersByOrg
        self.pengawasByOrg = pengawasByOrg
        self.allOrgIDs = allOrgIDs
    }

    // MARK: Lookups

    public func user(id: String) -> User? {
        userIndex[id].map { users[$0] }
    }

    public func organisation(id: String) -> Organisation? {
        orgIndex[id].map { organisations[$0] }
    }

    /// An organisation as typed in chat: `@KPU-Banjar`, `@kpu-banjar` or `kpu-banjar`.
    public func organisation(mention: some StringProtocol) -> Organisation? {
        let text = Substring(mention)
        let bare = text.hasPrefix("@") ? text.dropFirst() : text
        return organisation(id: bare.lowercased())
    }

    /// The organisation a user acts for.
    public func organisation(of user: User) -> Organisation? {
        organisation(id: user.org)
    }

    public func integrator(id: String) -> Integrator? {
        integratorIndex[id].map { integrators[$0] }
    }

    /// The integrator posting as a CloudEvents `source`.
    public func integrator(source: String) -> Integrator? {
        integratorSourceIndex[source].map { integrators[$0] }
    }

    /// The users of an organisation, in directory order.
    public func users(in orgID: String) -> [User] {
        (usersByOrg[orgID] ?? []).map { users[$0] }
    }

    /// The time zone a user's "today" is in: their organisation's. Falls back
    /// to WIB (the national default) for a user value not in this directory.
    public func zone(of user: User) -> ZonaWaktu {
        organisation(id: user.org)?.zone ?? .WIB
    }

    // MARK: Jurisdiction

    /// The organisations in `org`'s jurisdiction, itself included, in
    /// directory order (see `Organisation.covers`).
    public func jurisdiction(of org: Organisation) -> [Organisation] {
        switch org.level {
        case .pusat:
            return organisations
        case .provinsi:
            guard let code = org.code else { return [] }
            return (orgsByProvince[code] ?? []).map { organisations[$0] }
        case .kabkota:
            guard let code = org.code else { return [] }
            return (orgsByRegion[code] ?? []).map { organisations[$0] }
        }
    }

    /// The organisations whose jurisdiction covers `org`: every `pusat` body,
    /// the province-level bodies of its province and, for a regency, the
    /// bodies of that same regency.
    public func organisations(covering org: Organisation) -> [Organisation] {
        coveringIndexes(of: org).map { organisations[$0] }
    }

    /// The `pengawas` users whose jurisdiction covers `org` (who must see an
    /// escalation about it).
    public func pengawas(covering org: Organisation) -> [User] {
        coveringIndexes(of: org).flatMap { pengawasByOrg[organisations[$0].id] ?? [] }.map { users[$0] }
    }

    /// The province-level organisation `org` answers to: itself if it is one;
    /// else the first province-level body up its `parent` chain; else the
    /// province body of the same kind; else the first body of that province.
    /// Nil for `pusat` bodies and for a province with no body in the directory.
    public func province(of org: Organisation) -> Organisation? {
        guard let code = org.code else { return nil }
        if org.level == .provinsi { return org }
        var seen: Set<String> = [org.id]
        var current = org
        while let parentID = current.parent, seen.insert(parentID).inserted, let parent = organisation(id: parentID) {
            if parent.level == .provinsi { return parent }
            current = parent
        }
        let bodies = (orgsByRegion[code.province] ?? []).map { organisations[$0] }
        if let kind = org.kind, let sameKind = bodies.first(where: { $0.kind == kind }) { return sameKind }
        return bodies.first
    }

    /// The regency/city (`kabkota`) organisations of a province code, in directory order.
    public func regencies(inProvince code: KodeWilayah) -> [Organisation] {
        (regenciesByProvince[code.province] ?? []).map { organisations[$0] }
    }

    /// The regency/city organisations of `org`'s province; for a `pusat`
    /// body, every regency organisation.
    public func regencies(of org: Organisation) -> [Organisation] {
        guard let code = org.code else { return organisations.filter { $0.level == .kabkota } }
        return regencies(inProvince: code)
    }

    private func coveringIndexes(of org: Organisation) -> [Int] {
        guard let code = org.code else { return pusatOrgs }
        var result = pusatOrgs
        result += orgsByRegion[code.province] ?? []
        if !code.isProvince { result += orgsByRegion[code] ?? [] }
        return result
    }
}

import RakorCore
import RakorStore

/// Looking up the records and organisations a command names, and checking
/// the sender may act on or read them. Shared by the task, agreement and
/// budget families so every refusal reads the same.
extension CommandContext {
    /// The organisations whose records the sender may read.
    public var readableScope: OrgScope {
        PermissionPolicy.readableOrgs(of: user, in: directory)
    }

    /// The same scope as a store filter (no `IN` list when everything is readable).
    public var readableFilter: OrgFilter {
        let scope = readableScope
        return scope.everything ? .all : .anyOf(scope.orgIDs)
    }

    /// The organisation a stored record names. One that has since left the
    /// directory becomes a stand-in without a region code, which only
    /// national bodies and admins cover: such records stay reachable by
    /// them, and by nobody else.
    public func storedOrganisation(_ id: String) -> Organisation {
        directory.organisation(id: id)
            ?? Organisation(id: id, name: "@\(id)", level: .kabkota, code: nil, zone: .WIB)
    }

    /// Refuses (`forbidden`) unless the sender may read the records of at
    /// least one of `orgIDs` (an agreement is visible to whoever oversees
    /// any of its parties, as in `/kesepakatan daftar`).
    public func requireReadable(any orgIDs: [String]) throws(CommandFailure) {
        var firstDenial: PermissionDecision?
        for id in orgIDs {
            let decision = PermissionPolicy.decide(.lihat, actor: user, target: storedOrganisation(id), in: directory)
            if decision.isAllowed { return }
            if firstDenial == nil { firstDenial = decision }
        }
        try (firstDenial ?? PermissionPolicy.decide(.lihat, actor: user, target: nil, in: directory)).require()
    }

    /// The meeting `id`, or `not_found`. The sender must be able to read its
    /// convener's records, or belong under the convener (a Kemendagri rakor
    /// binds the regions it covers); otherwise `forbidden`, so a meeting of
    /// another province cannot be referred to or probed.
    public func readableRakor(_ id: ItemID) throws -> Rakor {
        guard let rakor = try store.rakor.find(id) else {
            throw CommandFailure(.notFound, id: "Rakor \(id) tidak ditemukan.", en: "Meeting \(id) not found.")
        }
        if !storedOrganisation(rakor.penyelenggara).covers(organisation) {
            try requireReadable(any: [rakor.penyelenggara])
        }
        return rakor
    }

    /// The task `id`, or `not_found`.
    public func tugas(_ id: ItemID) throws -> Tugas {
        guard let tugas = try store.tugas.find(id) else {
            throw CommandFailure(.notFound, id: "Tugas \(id) tidak ditemukan.", en: "Task \(id) not found.")
        }
        return tugas
    }

    /// The agreement `id`, or `not_found`.
    public func kesepakatan(_ id: ItemID) throws -> Kesepakatan {
        guard let kesepakatan = try store.kesepakatan.find(id) else {
            throw CommandFailure(.notFound, id: "Kesepakatan \(id) tidak ditemukan.", en: "Agreement \(id) not found.")
        }
        return kesepakatan
    }

    /// Tells each group chat of `org` (except the one the command came from,
    /// which sees the reply anyway). A group has no language of its own, so
    /// it is written in the default one, Indonesian; `data` carries the same facts.
    public mutating func notifyChats(of orgID: String, text: String, data: JSONValue? = nil) {
        guard let org = directory.organisation(id: orgID) else { return }
        for chat in org.chats where chat != self.chat {
            effects.notify(chat: chat, text: text, data: data)
        }
    }

    /// How far ahead a due date may lie: a mistyped year (2204) is caught,
    /// while a task for the next election cycle still fits.
    public static let maxYearsAhead = 10

    /// Refuses (`bad_arguments`) a due date before the sender's today (a task
    /// cannot be due in the past; record it and complete it instead) or
    /// implausibly far ahead. Today is in the sender's region's zone.
    public func requireDueDate(_ date: LocalDate, _ what: Localized, arguments: CommandArguments) throws(CommandFailure) {
        if date < today {
            throw arguments.failure(Localized(
                id: "\(what.id) \(TanggalFormat.long(date, lang: .id)) sudah lewat (hari ini \(TanggalFormat.long(today, lang: .id)), \(zone.rawValue)). Tulis tanggal hari ini atau sesudahnya.",
                en: "\(what.en) \(TanggalFormat.long(date, lang: .en)) has passed (today is \(TanggalFormat.long(today, lang: .en)), \(zone.rawValue)). Give today or a later date."))
        }
        if date > today.adding(months: 12 * Self.maxYearsAhead) {
            throw arguments.failure(Localized(
                id: "\(what.id) \(date.iso) lebih dari \(Self.maxYearsAhead) tahun lagi; periksa tahunnya.",
                en: "\(what.en) \(date.iso) is more than \(Self.maxYearsAhead) years ahead; check the year."))
        }
    }
}

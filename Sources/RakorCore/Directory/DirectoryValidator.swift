/// The three lists of a directory document.
enum DirectorySection: String {
    case organisations
    case users
    case integrators
}

/// An entry as far as it could be read. `value` is nil when the entry had
/// structural problems (already reported by the parser); its `id`, if
/// readable, still takes part in duplicate and reference checks so one typo
/// does not cascade into a screenful of "unknown organisation" reports.
struct DirectoryCandidate<Value> {
    var index: Int
    var id: String?
    var value: Value?
}

/// The rules a directory must satisfy beyond its YAML shape: unique ids,
/// resolvable references, codes that fit levels, parents above and around
/// their children, consistent zones. Shared by the YAML parser and the
/// programmatic initialiser, so both enforce exactly the same rules.
struct DirectoryValidator {
    static let maxNameLength = 256
    /// The contract's limit on a `chat` field.
    static let maxChatLength = 256
    /// The contract's limit on a command id; sender ids are held to the same.
    static let maxUserIDLength = 128

    /// Finds the line of `section[index].field` (or of the entry when `field` is nil).
    typealias Locator = (DirectorySection, Int, String?) -> Int?

    var issues = DirectoryIssueList()
    let locate: Locator

    init(locate: @escaping Locator) {
        self.locate = locate
    }

    mutating func validate(organisations: [DirectoryCandidate<Organisation>], users: [DirectoryCandidate<User>],
                           integrators: [DirectoryCandidate<Integrator>]) {
        let orgs = validateOrganisations(organisations)
        validateUsers(users, orgs: orgs)
        validateIntegrators(integrators, orgs: orgs)
    }

    /// All organisation ids seen (valid or not) and the valid organisations by id.
    struct OrgTable {
        var ids: Set<String> = []
        var valid: [String: Organisation] = [:]
    }

    private mutating func report(_ section: DirectorySection, _ index: Int, _ field: String?,
                                 _ kind: DirectoryIssue.Kind, _ message: @autoclosure () -> String) {
        let locate = self.locate
        issues.add(Self.path(section, index, field), kind, message(), line: locate(section, index, field))
    }

    static func path(_ section: DirectorySection, _ index: Int, _ field: String?) -> String {
        let entry = "\(section.rawValue)[\(index)]"
        return field.map { "\(entry).\($0)" } ?? entry
    }

    // MARK: Organisations

    private mutating func validateOrganisations(_ candidates: [DirectoryCandidate<Organisation>]) -> OrgTable {
        var table = OrgTable()
        var firstIndex: [String: Int] = [:]
        for candidate in candidates {
            guard let id = candidate.id else { continue }
            if let first = firstIndex[id] {
                report(.organisations, candidate.index, "id", .duplicateID,
                       "duplicate organisation id \"\(id)\" (first at organisations[\(first)])")
                continue
            }
            firstIndex[id] = candidate.index
            table.ids.insert(id)
            if let org = candidate.value { table.valid[id] = org }
        }

        // The zone a province's bodies must share: the first coded body's, per province.
        var provinceZone: [KodeWilayah: (zone: ZonaWaktu, org: String)] = [:]
        for candidate in candidates {
            guard let org = candidate.value else { continue }
            let index = candidate.index
            if !OrgSlug.isValid(org.id) {
                report(.organisations, index, "id", .invalidID,
                       "organisation id \"\(org.id)\" must be a lowercase slug (a-z, 0-9, single hyphens, at most \(OrgSlug.maxLength) characters), e.g. kpu-banjar")
            }
            checkText(org.name, .organisations, index, "name")
            if let short = org.shortName { checkText(short, .organisations, index, "short") }
            checkLevelAndCode(org, index)
            checkParent(org, index, table)
            checkChats(org.chats, .organisations, index)
            if let code = org.code {
                if let first = provinceZone[code.province] {
                    if first.zone != org.zone {
                        report(.organisations, index, "zone", .zoneMismatch,
                               "zone \(org.zone.rawValue) differs from \(first.zone.rawValue) of \(first.org) in the same province \(code.province); Indonesian time zones follow provincial borders")
                    }
                } else {
                    provinceZone[code.province] = (org.zone, org.id)
                }
            }
        }
        return table
    }

    private mutating func checkLevelAndCode(_ org: Organisation, _ index: Int) {
        switch (org.level, org.code) {
        case (.pusat, nil):
            break
        case (.pusat, let code?):
            report(.organisations, index, "code", .levelCodeMismatch,
                   "a pusat organisation has no region code, but \(code) was given")
        case (.provinsi, nil), (.kabkota, nil):
            report(.organisations, index, "code", .missingKey,
                   "a \(org.level.rawValue) organisation needs a region code (\(org.level == .provinsi ? "e.g. \"63\"" : "e.g. \"63.03\""))")
        case (.provinsi, let code?) where !code.isProvince:
            report(.organisations, index, "code", .levelCodeMismatch,
                   "\(code) is a regency code; a provinsi organisation has a two-digit province code like \"\(code.province)\"")
        case (.kabkota, let code?) where code.isProvince:
            report(.organisations, index, "code", .levelCodeMismatch,
                   "\(code) is a province code; a kabkota organisation has a code like \"\(code).03\"")
        default:
            break
        }
    }

    private mutating func checkParent(_ org: Organisation, _ index: Int, _ table: OrgTable) {
        guard let parentID = org.parent else { return }
        guard parentID != org.id else {
            report(.organisations, index, "parent", .parentMismatch, "organisation \"\(org.id)\" cannot be its own parent")
            return
        }
        guard table.ids.contains(parentID) else {
            report(.organisations, index, "parent", .unknownReference,
                   "parent \"\(parentID)\" is not an organisation in this directory")
            return
        }
        // A parent that failed its own checks was reported already.
        guard let parent = table.valid[parentID] else { return }
        if parent.level.rank >= org.level.rank {
            report(.organisations, index, "parent", .parentMismatch,
                   "parent \"\(parentID)\" is \(parent.level.rawValue), not above this \(org.level.rawValue) organisation")
        } else if !parent.covers(org) {
            report(.organisations, index, "parent", .parentMismatch,
                   "parent \"\(parentID)\" (\(parent.code?.rawValue ?? "pusat")) does not cover region \(org.code?.rawValue ?? "pusat"); a regency's parent must be in its own province")
        }
    }

    private mutating func checkChats(_ chats: [String], _ section: DirectorySection, _ index: Int) {
        var seen: Set<String> = []
        for (position, chat) in chats.enumerated() {
            let field = "chats[\(position)]"
            if chat.allSatisfy(\.isWhitespace) {
                report(section, index, field, .emptyValue, "chat id is empty")
            } else if chat.utf8.count > Self.maxChatLength {
                report(section, index, field, .tooLong, "chat id is longer than \(Self.maxChatLength) bytes")
            } else if !seen.insert(chat).inserted {
                report(section, index, field, .duplicateValue, "chat \"\(chat)\" is listed twice")
            }
        }
    }

    private mutating func checkText(_ text: String, _ section: DirectorySection, _ index: Int, _ field: String) {
        if text.allSatisfy(\.isWhitespace) {
            report(section, index, field, .emptyValue, "\(field) is empty")
        } else if text.count > Self.maxNameLength {
            report(section, index, field, .tooLong, "\(field) is longer than \(Self.maxNameLength) characters")
        }
    }

    // MARK: Users

    static func isValidUserID(_ id: String) -> Bool {
        // Sender ids come from chat bridges (`u-heriansyah`, `wa:6281234…`):
        // printable ASCII without spaces, so they compare byte for byte.
        let bytes = id.utf8
        return !bytes.isEmpty && bytes.count <= maxUserIDLength && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    private mutating func validateUsers(_ candidates: [DirectoryCandidate<User>], orgs: OrgTable) {
        var firstIndex = [String: Int](minimumCapacity: candidates.count)
        for candidate in candidates {
            let index = candidate.index
            if let id = candidate.id {
                if let first = firstIndex[id] {
                    report(.users, index, "id", .duplicateID, "duplicate user id \"\(id)\" (first at users[\(first)])")
                } else {
                    firstIndex[id] = index
                }
            }
            guard let user = candidate.value else { continue }
            if !Self.isValidUserID(user.id) {
                report(.users, index, "id", .invalidID,
                       "user id \"\(user.id)\" must be 1–\(Self.maxUserIDLength) printable ASCII characters without spaces")
            }
            checkText(user.name, .users, index, "name")
            if let title = user.title { checkText(title, .users, index, "title") }
            if !orgs.ids.contains(user.org) {
                report(.users, index, "org", .unknownReference, "org \"\(user.org)\" is not an organisation in this directory")
            }
            if user.roles.isEmpty {
                report(.users, index, "roles", .noRoles,
                       "user has no roles; give at least one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
    }

    // MARK: Integrators

    private mutating func validateIntegrators(_ candidates: [DirectoryCandidate<Integrator>], orgs: OrgTable) {
        var firstIndex: [String: Int] = [:]
        var firstSource: [String: Int] = [:]
        for candidate in candidates {
            let index = candidate.index
            if let id = candidate.id {
                if let first = firstIndex[id] {
                    report(.integrators, index, "id", .duplicateID,
                           "duplicate integrator id \"\(id)\" (first at integrators[\(first)])")
                } else {
                    firstIndex[id] = index
                }
            }
            guard let integrator = candidate.value else { continue }
            if !OrgSlug.isValid(integrator.id) {
                report(.integrators, index, "id", .invalidID,
                       "integrator id \"\(integrator.id)\" must be a lowercase slug, e.g. kpu-ri")
            }
            checkText(integrator.name, .integrators, index, "name")
            if integrator.source.allSatisfy(\.isWhitespace) {
                report(.integrators, index, "source", .emptyValue, "source is empty")
            } else if integrator.source.utf8.count > Self.maxNameLength {
                report(.integrators, index, "source", .tooLong, "source is longer than \(Self.maxNameLength) bytes")
            } else if let first = firstSource[integrator.source] {
                report(.integrators, index, "source", .duplicateSource,
                       "source \"\(integrator.source)\" is already used by integrators[\(first)]; events are attributed by source")
            } else {
                firstSource[integrator.source] = index
            }
            if integrator.types.isEmpty {
                report(.integrators, index, "types", .noTypes,
                       "integrator may post no event types; list them, e.g. [rakor.calendar.published]")
            }
            for type in integrator.types.sorted() where type.allSatisfy(\.isWhitespace) {
                report(.integrators, index, "types", .emptyValue, "an event type is empty")
            }
            for key in integrator.keyIDs.sorted() where key.allSatisfy(\.isWhitespace) {
                report(.integrators, index, "key_ids", .emptyValue, "a key id is empty")
            }
            if let org = integrator.org, !orgs.ids.contains(org) {
                report(.integrators, index, "org", .unknownReference, "org \"\(org)\" is not an organisation in this directory")
            }
        }
    }
}

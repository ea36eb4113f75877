import Testing
@testable import RakorCore

/// A small valid directory; each case below breaks one thing.
private func document(orgs: String = "", users: String = "", integrators: String = "", extraRoot: String = "") -> String {
    """
    version: 1
    \(extraRoot)
    organisations:
      - id: kesbangpol-kalsel
        name: Kesbangpol Provinsi Kalimantan Selatan
        level: provinsi
        code: "63"
        zone: WITA
        chats: [wa:group-kesbangpol-kalsel]
      - id: kpu-banjar
        name: KPU Kabupaten Banjar
        level: kabkota
        code: "63.03"
        parent: kesbangpol-kalsel
        zone: WITA
    \(orgs)
    users:
      - id: u-heriansyah
        name: Heriansyah
        org: kesbangpol-kalsel
        roles: [koordinator]
    \(users)
    integrators:
      - id: kpu-ri
        name: KPU RI
        source: kpu.go.id/jadwal
        types: [rakor.calendar.published]
    \(integrators)
    """
}

private func issues(_ yaml: String) -> [DirectoryIssue] {
    do {
        _ = try Directory.parse(yaml: yaml)
        return []
    } catch {
        return error.issues
    }
}

struct ValidationCase: CustomTestStringConvertible, Sendable {
    let name: String
    let yaml: String
    let kind: DirectoryIssue.Kind
    let path: String
    var testDescription: String { name }
}

@Suite("Directory validation")
struct DirectoryValidationTests {
    @Test func baseDocumentIsValid() throws {
        let directory = try Directory.parse(yaml: document())
        #expect(directory.organisations.map(\.id) == ["kesbangpol-kalsel", "kpu-banjar"])
        #expect(directory.users.map(\.id) == ["u-heriansyah"])
    }

    static let cases: [ValidationCase] = [
        ValidationCase(name: "syntax", yaml: "organisations: [\n  - id: x", kind: .syntax, path: ""),
        ValidationCase(name: "root not a mapping", yaml: "- a\n- b\n", kind: .wrongType, path: ""),
        ValidationCase(name: "empty document", yaml: "", kind: .missingKey, path: ""),
        ValidationCase(name: "missing users", yaml: "organisations: []\n", kind: .missingKey, path: "users"),
        ValidationCase(name: "unknown root key", yaml: document(extraRoot: "organisation: []"), kind: .unknownKey, path: "organisation"),
        ValidationCase(name: "unknown version", yaml: document().replacingOccurrences(of: "version: 1", with: "version: 2"),
                       kind: .unknownVersion, path: "version"),
        ValidationCase(name: "section not a list", yaml: "organisations: {a: b}\nusers: []\n", kind: .wrongType, path: "organisations"),
        ValidationCase(name: "entry not a mapping", yaml: document(users: "  - just-a-string"), kind: .wrongType, path: "users[1]"),
        ValidationCase(name: "unknown org key", yaml: document(orgs: "    shortname: KPU"), kind: .unknownKey, path: "organisations[1].shortname"),
        ValidationCase(name: "missing name", yaml: document(orgs: "  - {id: a-b, level: pusat, zone: WIB}"),
                       kind: .missingKey, path: "organisations[2].name"),
        ValidationCase(name: "null name", yaml: document(users: "  - {id: u-x, name: ~, org: kpu-banjar, roles: [anggota]}"),
                       kind: .emptyValue, path: "users[1].name"),
        ValidationCase(name: "blank name", yaml: document(users: "  - {id: u-x, name: \"  \", org: kpu-banjar, roles: [anggota]}"),
                       kind: .emptyValue, path: "users[1].name"),
        ValidationCase(name: "name too long",
                       yaml: document(users: "  - {id: u-x, name: \(String(repeating: "a", count: 300)), org: kpu-banjar, roles: [anggota]}"),
                       kind: .tooLong, path: "users[1].name"),
        ValidationCase(name: "name is a list", yaml: document(users: "  - {id: u-x, name: [a], org: kpu-banjar, roles: [anggota]}"),
                       kind: .wrongType, path: "users[1].name"),
        ValidationCase(name: "bad org slug", yaml: document(orgs: "  - {id: KPU_Banjar, name: X, level: pusat, zone: WIB}"),
                       kind: .invalidID, path: "organisations[2].id"),
        ValidationCase(name: "bad user id", yaml: document(users: "  - {id: u x, name: X, org: kpu-banjar, roles: [anggota]}"),
                       kind: .invalidID, path: "users[1].id"),
        ValidationCase(name: "bad integrator id",
                       yaml: document(integrators: "  - {id: Bad.Id, name: X, source: s, types: [t]}"),
                       kind: .invalidID, path: "integrators[1].id"),
        ValidationCase(name: "duplicate org", yaml: document(orgs: "  - {id: kpu-banjar, name: X, level: pusat, zone: WIB}"),
                       kind: .duplicateID, path: "organisations[2].id"),
        ValidationCase(name: "duplicate user", yaml: document(users: "  - {id: u-heriansyah, name: X, org: kpu-banjar, roles: [anggota]}"),
                       kind: .duplicateID, path: "users[1].id"),
        ValidationCase(name: "duplicate integrator",
                       yaml: document(integrators: "  - {id: kpu-ri, name: X, source: other, types: [t]}"),
                       kind: .duplicateID, path: "integrators[1].id"),
        ValidationCase(name: "unknown parent",
                       yaml: document(orgs: "  - {id: kpu-tanahbumbu, name: X, level: kabkota, code: \"63.10\", parent: kpu-kalsel, zone: WITA}"),
                       kind: .unknownReference, path: "organisations[2].parent"),
        ValidationCase(name: "unknown user org", yaml: document(users: "  - {id: u-x, name: X, org: kpu-atlantis, roles: [anggota]}"),
                       kind: .unknownReference, path: "users[1].org"),
        ValidationCase(name: "unknown integrator org",
                       yaml: document(integrators: "  - {id: fin, name: X, source: s, types: [t], org: bpkad-atlantis}"),
                       kind: .unknownReference, path: "integrators[1].org"),
        ValidationCase(name: "malformed code", yaml: document(orgs: "  - {id: a, name: X, level: kabkota, code: 63.1, zone: WITA}"),
                       kind: .invalidCode, path: "organisations[2].code"),
        ValidationCase(name: "provinsi with regency code",
                       yaml: document(orgs: "  - {id: a, name: X, level: provinsi, code: \"63.03\", zone: WITA}"),
                       kind: .levelCodeMismatch, path: "organisations[2].code"),
        ValidationCase(name: "kabkota with province code",
                       yaml: document(orgs: "  - {id: a, name: X, level: kabkota, code: \"63\", zone: WITA}"),
                       kind: .levelCodeMismatch, path: "organisations[2].code"),
        ValidationCase(name: "pusat with code", yaml: document(orgs: "  - {id: a, name: X, level: pusat, code: \"31\", zone: WIB}"),
                       kind: .levelCodeMismatch, path: "organisations[2].code"),
        ValidationCase(name: "provinsi without code", yaml: document(orgs: "  - {id: a, name: X, level: provinsi, zone: WIB}"),
                       kind: .missingKey, path: "organisations[2].code"),
        ValidationCase(name: "regency under another province",
                       yaml: document(orgs: "  - {id: a, name: X, level: kabkota, code: \"64.05\", parent: kesbangpol-kalsel, zone: WITA}"),
                       kind: .parentMismatch, path: "organisations[2].parent"),
        ValidationCase(name: "parent not above",
                       yaml: document(orgs: "  - {id: a, name: X, level: kabkota, code: \"63.03\", parent: kpu-banjar, zone: WITA}"),
                       kind: .parentMismatch, path: "organisations[2].parent"),
        ValidationCase(name: "own parent",
                       yaml: document(orgs: "  - {id: a, name: X, level: pusat, parent: a, zone: WIB}"),
                       kind: .parentMismatch, path: "organisations[2].parent"),
        ValidationCase(name: "zone differs from province",
                       yaml: document(orgs: "  - {id: a, name: X, level: kabkota, code: \"63.71\", zone: WIB}"),
                       kind: .zoneMismatch, path: "organisations[2].zone"),
        ValidationCase(name: "unknown level", yaml: document(orgs: "  - {id: a, name: X, level: kabupaten, code: \"63.71\", zone: WITA}"),
                       kind: .unknownLevel, path: "organisations[2].level"),
        ValidationCase(name: "unknown zone", yaml: document(orgs: "  - {id: a, name: X, level: pusat, zone: CET}"),
                       kind: .unknownZone, path: "organisations[2].zone"),
        ValidationCase(name: "bad kind", yaml: document(orgs: "  - {id: a, name: X, level: pusat, zone: WIB, kind: Kemendagri RI}"),
                       kind: .invalidKind, path: "organisations[2].kind"),
        ValidationCase(name: "unknown role", yaml: document(users: "  - {id: u-x, name: X, org: kpu-banjar, roles: [anggota, koordinater]}"),
                       kind: .unknownRole, path: "users[1].roles[1]"),
        ValidationCase(name: "duplicate role", yaml: document(users: "  - {id: u-x, name: X, org: kpu-banjar, roles: [anggota, anggota]}"),
                       kind: .duplicateValue, path: "users[1].roles[1]"),
        ValidationCase(name: "no roles", yaml: document(users: "  - {id: u-x, name: X, org: kpu-banjar, roles: []}"),
                       kind: .noRoles, path: "users[1].roles"),
        ValidationCase(name: "missing roles", yaml: document(users: "  - {id: u-x, name: X, org: kpu-banjar}"),
                       kind: .missingKey, path: "users[1].roles"),
        ValidationCase(name: "unknown lang", yaml: document(users: "  - {id: u-x, name: X, org: kpu-banjar, roles: [anggota], lang: jv}"),
                       kind: .unknownLang, path: "users[1].lang"),
        ValidationCase(name: "unknown user key", yaml: document(users: "  - {id: u-x, name: X, org: kpu-banjar, roles: [anggota], role: admin}"),
                       kind: .unknownKey, path: "users[1].role"),
        ValidationCase(name: "integrator with no types", yaml: document(integrators: "  - {id: fin, name: X, source: s, types: []}"),
                       kind: .noTypes, path: "integrators[1].types"),
        ValidationCase(name: "integrator types missing", yaml: document(integrators: "  - {id: fin, name: X, source: s}"),
                       kind: .missingKey, path: "integrators[1].types"),
        ValidationCase(name: "duplicate type", yaml: document(integrators: "  - {id: fin, name: X, source: s, types: [a, a]}"),
                       kind: .duplicateValue, path: "integrators[1].types[1]"),
        ValidationCase(name: "duplicate source", yaml: document(integrators: "  - {id: fin, name: X, source: kpu.go.id/jadwal, types: [t]}"),
                       kind: .duplicateSource, path: "integrators[1].source"),
        ValidationCase(name: "empty source", yaml: document(integrators: "  - {id: fin, name: X, source: \"\", types: [t]}"),
                       kind: .emptyValue, path: "integrators[1].source"),
        ValidationCase(name: "unknown integrator key", yaml: document(integrators: "  - {id: fin, name: X, source: s, types: [t], keys: [k]}"),
                       kind: .unknownKey, path: "integrators[1].keys"),
        ValidationCase(name: "empty chat id", yaml: document(orgs: "  - {id: a, name: X, level: pusat, zone: WIB, chats: [wa:ok, \"\"]}"),
                       kind: .emptyValue, path: "organisations[2].chats[1]"),
        ValidationCase(name: "null chat id", yaml: document(orgs: "  - {id: a, name: X, level: pusat, zone: WIB, chats: [~]}"),
                       kind: .emptyValue, path: "organisations[2].chats[0]"),
        ValidationCase(name: "chat id too long",
                       yaml: document(orgs: "  - {id: a, name: X, level: pusat, zone: WIB, chats: [\(String(repeating: "c", count: 257))]}"),
                       kind: .tooLong, path: "organisations[2].chats[0]"),
        ValidationCase(name: "duplicate chat", yaml: document(orgs: "  - {id: a, name: X, level: pusat, zone: WIB, chats: [wa:g, wa:g]}"),
                       kind: .duplicateValue, path: "organisations[2].chats[1]"),
        ValidationCase(name: "chat list item not text", yaml: document(orgs: "  - {id: a, name: X, level: pusat, zone: WIB, chats: [[wa:g]]}"),
                       kind: .wrongType, path: "organisations[2].chats[0]"),
        ValidationCase(name: "duplicate key (YAML)", yaml: "organisations: []\nusers: []\nusers: []\n", kind: .syntax, path: ""),
    ]

    @Test(arguments: cases)
    func reportsKindAndPath(_ testCase: ValidationCase) {
        let found = issues(testCase.yaml)
        #expect(found.contains { $0.kind == testCase.kind && $0.path == testCase.path },
                "expected \(testCase.kind) at \(testCase.path); got \(found.map { "\($0.kind)@\($0.path)" })")
    }

    @Test func everyIssueKindIsCovered() {
        let covered = Set(Self.cases.map(\.kind)).union([.tooManyIssues])
        #expect(covered == Set(DirectoryIssue.Kind.allCases))
    }

    @Test func reportsAllProblemsAtOnceWithLines() {
        let yaml = """
        organisations:
          - id: kpu-banjar
            name: KPU Kabupaten Banjar
            level: kabkota
            code: "63.03"
            parent: kpu-kalsel
            zone: WITT
        users:
          - id: u-mutallib
            name: Abdul Mutallib
            org: kpu-banjar
            roles: [anggota, pengamat]
          - id: u-x
            name: X
            org: kpu-nowhere
            roles: [koordinator]
        """
        let found = issues(yaml)
        #expect(found.map(\.kind) == [.unknownZone, .unknownRole, .unknownReference])
        #expect(found.map(\.path) == ["organisations[0].zone", "users[0].roles[1]", "users[1].org"])
        #expect(found.map(\.line) == [7, 12, 15])
        // The broken organisation does not make its users "unknown org" too.
        #expect(!found.contains { $0.path == "users[0].org" })
        // Nor is the parent reported: the entry was already broken.
        #expect(!found.contains { $0.path == "organisations[0].parent" })
    }

    @Test func messagesSuggestTheIntendedSpelling() {
        let role = issues(document(users: "  - {id: u-x, name: X, org: kpu-banjar, roles: [koordinater]}"))
        #expect(role.first?.message.contains("did you mean koordinator?") == true)
        let key = issues(document(orgs: "    parnet: kesbangpol-kalsel"))
        #expect(key.first?.message.contains("did you mean \"parent\"?") == true)
        let zone = issues(document(orgs: "  - {id: a, name: X, level: pusat, zone: WITT}"))
        #expect(zone.first?.message.contains("did you mean WIT") == true)
    }

    @Test func duplicateReportNamesTheFirstOccurrence() {
        let found = issues(document(users: "  - {id: u-heriansyah, name: X, org: kpu-banjar, roles: [anggota]}"))
        #expect(found.count == 1)
        #expect(found.first?.message == "duplicate user id \"u-heriansyah\" (first at users[0])")
    }

    @Test func manyProblemsAreCapped() {
        var users = ""
        for index in 0..<(DirectoryIssueList.cap + 50) {
            users += "  - {id: u-\(index), name: X, org: kpu-nowhere, roles: [anggota]}\n"
        }
        let found = issues(document(users: users))
        #expect(found.count == DirectoryIssueList.cap + 1)
        #expect(found.last?.kind == .tooManyIssues)
        #expect(found.last?.message == "50 more problems not listed")
    }

    @Test func lenientSpellingsAreAccepted() throws {
        let yaml = """
        organisations:
          - id: maluku
            name: Kesbangpol Maluku
            level: Provinsi
            code: 81
            zone: wit
            chats: wa:group-maluku
        users:
          - id: u-a
            name: A
            org: maluku
            roles: Koordinator
            lang: EN
            title: ~
        integrators:
        """
        let directory = try Directory.parse(yaml: yaml)
        let org = try #require(directory.organisation(id: "maluku"))
        #expect(org.level == .provinsi)
        #expect(org.zone == .WIT)
        #expect(org.code?.rawValue == "81")
        #expect(org.chats == ["wa:group-maluku"])
        let user = try #require(directory.user(id: "u-a"))
        #expect(user.roles == [.koordinator])
        #expect(user.lang == .en)
        #expect(user.title == nil)
        #expect(directory.integrators.isEmpty)
    }

    @Test func programmaticDirectoryIsValidatedToo() throws {
        let province = Organisation(id: "kesbangpol-kalsel", name: "Kesbangpol Kalsel", level: .provinsi,
                                    code: KodeWilayah("63"), zone: .WITA)
        let stray = Organisation(id: "kpu-berau", name: "KPU Berau", level: .kabkota, code: KodeWilayah("64.05"),
                                 parent: "kesbangpol-kalsel", zone: .WITA)
        let user = User(id: "u-a", name: "A", org: "missing", roles: [])
        let integrator = Integrator(id: "x", name: "X", source: "s", types: [])
        #expect(throws: DirectoryError.self) {
            try Directory(organisations: [province, stray], users: [user], integrators: [integrator])
        }
        do {
            _ = try Directory(organisations: [province, stray], users: [user], integrators: [integrator])
        } catch {
            #expect(error.issues.map(\.path) == ["organisations[1].parent", "users[0].org", "users[0].roles", "integrators[0].types"])
            #expect(error.issues.allSatisfy { $0.line == nil })
        }
        let valid = try Directory(organisations: [province], users: [User(id: "u-a", name: "A", org: "kesbangpol-kalsel", roles: [.anggota])])
        #expect(valid.user(id: "u-a")?.org == "kesbangpol-kalsel")
    }

    @Test func errorDescriptionListsEveryIssue() {
        let error = DirectoryError(issues: [
            DirectoryIssue(path: "users[0].org", kind: .unknownReference, message: "org \"x\" is not an organisation in this directory", line: 9),
            DirectoryIssue(path: "", kind: .syntax, message: "not valid YAML"),
        ])
        #expect(error.description == """
        directory is invalid (2 problems listed):
          - line 9, users[0].org: org "x" is not an organisation in this directory
          - not valid YAML
        """)
        #expect(error.issues(of: .syntax).count == 1)
    }
}

import Testing
@testable import RakorCore

/// One row: an actor, a target and exactly the non-open actions allowed.
/// Every `Aksi` is checked for every row: listed → allowed, unlisted → denied
/// (the open actions `bantuan`, `lihatJadwal`, `langganan` are always allowed).
struct PermissionRow: CustomTestStringConvertible, Sendable {
    let actor: String
    let target: String
    let allowed: Set<Aksi>
    let note: String

    var testDescription: String { "\(actor) → \(target) (\(note))" }
}

private let all = Set(Aksi.allCases)
private let open: Set<Aksi> = [.bantuan, .lihatJadwal, .langganan]
private let reads: Set<Aksi> = [.lihat, .anggaranRekap]
private let budgetDecrees: Set<Aksi> = [.anggaranItemBaru, .anggaranTetapkan]

@Suite("Permission table")
struct PermissionTableTests {
    static let rows: [PermissionRow] = [
        // admin: everything, everywhere
        PermissionRow(actor: "u-admin", target: "kemendagri-polpum", allowed: all, note: "admin, own org"),
        PermissionRow(actor: "u-admin", target: "kpu-banjar", allowed: all, note: "admin, a regency"),
        PermissionRow(actor: "u-admin", target: "kesbangpol-maluku", allowed: all, note: "admin, another province"),

        // pusat
        PermissionRow(actor: "u-bahtiar", target: "kemendagri-polpum", allowed: all, note: "pusat koordinator, own"),
        PermissionRow(actor: "u-bahtiar", target: "kpu-banjar", allowed: all, note: "pusat koordinator, a regency"),
        PermissionRow(actor: "u-bahtiar", target: "kesbangpol-kaltim", allowed: all, note: "pusat koordinator, a province"),
        PermissionRow(actor: "u-burchamaa", target: "kemendagri-polpum", allowed: reads.union([.tugasSelesai]), note: "pusat anggota, own"),
        PermissionRow(actor: "u-burchamaa", target: "kpu-banjar", allowed: reads, note: "pusat anggota, a regency"),
        PermissionRow(actor: "u-yasoaro", target: "kemendagri-polpum", allowed: reads, note: "pusat pengawas, own"),
        PermissionRow(actor: "u-yasoaro", target: "kesbangpol-berau", allowed: reads, note: "pusat pengawas, a regency"),

        // provinsi (Kalsel, 63)
        PermissionRow(actor: "u-heriansyah", target: "kesbangpol-kalsel", allowed: all, note: "provinsi koordinator, own"),
        PermissionRow(actor: "u-heriansyah", target: "kpu-banjar", allowed: all, note: "Kalsel koordinator over Kab. Banjar"),
        PermissionRow(actor: "u-heriansyah", target: "bpkad-kalsel", allowed: all, note: "provinsi koordinator, another provincial body"),
        PermissionRow(actor: "u-heriansyah", target: "kesbangpol-berau", allowed: [], note: "Kalsel koordinator over Kab. Berau (Kaltim)"),
        PermissionRow(actor: "u-heriansyah", target: "kemendagri-polpum", allowed: [], note: "provinsi koordinator over pusat"),
        PermissionRow(actor: "u-wahyuni", target: "kesbangpol-kalsel", allowed: reads.union([.tugasSelesai]), note: "provinsi anggota, own"),
        PermissionRow(actor: "u-wahyuni", target: "kpu-tanahbumbu", allowed: reads, note: "provinsi anggota, a regency"),
        PermissionRow(actor: "u-wahyuni", target: "kesbangpol-kaltim", allowed: [], note: "provinsi anggota, another province"),
        PermissionRow(actor: "u-iqbal", target: "bawaslu-kalsel", allowed: reads, note: "provinsi pengawas, own"),
        PermissionRow(actor: "u-iqbal", target: "kpu-banjarmasin", allowed: reads, note: "provinsi pengawas, a regency"),
        PermissionRow(actor: "u-iqbal", target: "kesbangpol-pangkalpinang", allowed: [], note: "provinsi pengawas, another province"),
        PermissionRow(actor: "u-fajar", target: "sekda-kalsel", allowed: reads.union([.tugasSelesai]), note: "anggota+pengawas, own"),
        PermissionRow(actor: "u-fajar", target: "bpkad-kotabaru", allowed: reads, note: "anggota+pengawas, a regency"),

        // kabkota
        PermissionRow(actor: "u-fauzi", target: "kesbangpol-banjar", allowed: all.subtracting(budgetDecrees), note: "kabkota koordinator, own"),
        PermissionRow(actor: "u-fauzi", target: "kpu-banjar", allowed: all.subtracting(budgetDecrees), note: "kabkota koordinator, same regency"),
        PermissionRow(actor: "u-fauzi", target: "kesbangpol-tanahbumbu", allowed: [], note: "Banjar koordinator over Tanah Bumbu"),
        PermissionRow(actor: "u-fauzi", target: "kesbangpol-kalsel", allowed: [], note: "kabkota koordinator over its province"),
        PermissionRow(actor: "u-radmida", target: "kesbangpol-pangkalpinang", allowed: all.subtracting(budgetDecrees), note: "Sekda Pangkalpinang, same city"),
        PermissionRow(actor: "u-mutallib", target: "kpu-banjar", allowed: reads.union([.tugasSelesai]), note: "kabkota anggota, own"),
        PermissionRow(actor: "u-mutallib", target: "kesbangpol-banjar", allowed: reads, note: "kabkota anggota, another org's task"),
        PermissionRow(actor: "u-mutallib", target: "kpu-kotabaru", allowed: [], note: "kabkota anggota, another regency"),
        PermissionRow(actor: "u-zainal", target: "bawaslu-banjar", allowed: reads, note: "kabkota pengawas, own"),
        PermissionRow(actor: "u-zainal", target: "kpu-banjar", allowed: reads, note: "kabkota pengawas, same regency"),
        PermissionRow(actor: "u-zainal", target: "bawaslu-kalsel", allowed: [], note: "kabkota pengawas over its province"),
    ]

    @Test(arguments: rows)
    func everyActionMatchesTheTable(_ row: PermissionRow) throws {
        let directory = try DemoDirectoryFixture.directory()
        let actor = try #require(directory.user(id: row.actor))
        let target = try #require(directory.organisation(id: row.target))
        for aksi in Aksi.allCases {
            let expected = open.contains(aksi) || row.allowed.contains(aksi)
            let decision = PermissionPolicy.decide(aksi, actor: actor, target: target, in: directory)
            #expect(decision.isAllowed == expected, "\(aksi.rawValue): expected \(expected ? "allowed" : "denied"), got \(decision)")
            if !expected {
                #expect(decision.reason?.id.hasPrefix("Anda tidak berwenang \(aksi.label.id)") == true)
                #expect(decision.reason?.en.hasPrefix("You are not authorised to \(aksi.label.en)") == true)
            }
        }
    }

    @Test func tableCoversEveryRoleAtEveryLevelInsideAndOutside() throws {
        let directory = try DemoDirectoryFixture.directory()
        var seen = Set<String>()
        for row in Self.rows {
            let actor = try #require(directory.user(id: row.actor))
            let home = try #require(directory.organisation(of: actor))
            let target = try #require(directory.organisation(id: row.target))
            let place = home.covers(target) ? "inside" : "outside"
            for role in actor.roles { seen.insert("\(role.rawValue)/\(home.level.rawValue)/\(place)") }
        }
        for role in [Role.koordinator, .anggota, .pengawas] {
            for level in [OrgLevel.provinsi, .kabkota] {
                #expect(seen.contains("\(role.rawValue)/\(level.rawValue)/inside"))
                #expect(seen.contains("\(role.rawValue)/\(level.rawValue)/outside"))
            }
            #expect(seen.contains("\(role.rawValue)/pusat/inside"))   // nothing is outside pusat
        }
        #expect(seen.contains("admin/pusat/inside"))
    }
}

import Foundation
import Testing
@testable import RakorCore

@Suite("Demo directory")
struct DemoDirectoryTests {
    @Test func parsesWithExpectedCounts() throws {
        let directory = try DemoDirectoryFixture.directory()
        #expect(directory.organisations.count == 30)
        #expect(directory.users.count == 65)
        #expect(directory.integrators.count == 3)
        #expect(directory.organisations.filter { $0.level == .pusat }.map(\.id) == ["kemendagri-polpum"])
        #expect(directory.organisations.filter { $0.level == .provinsi }.count == 9)
        #expect(directory.organisations.filter { $0.level == .kabkota }.count == 20)
    }

    @Test func seedOfficialsAreWhereTheReportsPutThem() throws {
        let directory = try DemoDirectoryFixture.directory()
        let expected: [(String, String, Set<Role>)] = [
            ("u-heriansyah", "kesbangpol-kalsel", [.koordinator]),
            ("u-sarmuji", "kpu-kalsel", [.koordinator]),
            ("u-mutallib", "kpu-banjar", [.anggota]),
            ("u-sufian", "kesbangpol-kaltim", [.koordinator]),
            ("u-radmida", "sekda-pangkalpinang", [.koordinator]),
            ("u-bahtiar", "kemendagri-polpum", [.koordinator]),
            ("u-iqbal", "bawaslu-kalsel", [.pengawas]),
            ("u-admin", "kemendagri-polpum", [.admin]),
            ("u-fajar", "sekda-kalsel", [.anggota, .pengawas]),
        ]
        for (id, org, roles) in expected {
            let user = try #require(directory.user(id: id), "\(id) missing")
            #expect(user.org == org, "\(id)")
            #expect(user.roles == roles, "\(id)")
        }
        let heriansyah = try #require(directory.user(id: "u-heriansyah"))
        #expect(heriansyah.name == "Drs. H. Heriansyah, M.Si")
        #expect(heriansyah.lang == .id)
        #expect(heriansyah.title == "Kepala Badan Kesatuan Bangsa dan Politik Provinsi Kalimantan Selatan")
        #expect(directory.user(id: "u-nobody") == nil)
    }

    @Test func everyOrganisationHasACoordinatorAMemberAndAChat() throws {
        let directory = try DemoDirectoryFixture.directory()
        for org in directory.organisations {
            let users = directory.users(in: org.id)
            #expect(users.contains { $0.has(.koordinator) }, "\(org.id) has no koordinator")
            #expect(users.contains { $0.has(.anggota) }, "\(org.id) has no anggota")
            #expect(!org.chats.isEmpty, "\(org.id) has no chat")
            #expect(org.chats.allSatisfy { $0.hasPrefix("wa:group-") }, "\(org.id)")
        }
        #expect(directory.users.filter { $0.lang == .en }.count >= 2)
        #expect(directory.organisation(id: "kesbangpol-kalsel")?.chats
                == ["wa:group-kesbangpol-kalsel", "wa:group-rakor-pilkada-kalsel"])
    }

    @Test func organisationFieldsAndMentions() throws {
        let directory = try DemoDirectoryFixture.directory()
        let tanahBumbu = try #require(directory.organisation(id: "kpu-tanahbumbu"))
        #expect(tanahBumbu.code?.rawValue == "63.10")   // not the float 63.1
        #expect(tanahBumbu.level == .kabkota)
        #expect(tanahBumbu.parent == "kpu-kalsel")
        #expect(tanahBumbu.kind == .kpu)
        #expect(tanahBumbu.displayName == "KPU Kab. Tanah Bumbu")
        #expect(tanahBumbu.name == "Komisi Pemilihan Umum Kabupaten Tanah Bumbu")
        #expect(directory.organisation(mention: "@KPU-TanahBumbu")?.id == "kpu-tanahbumbu")
        #expect(directory.organisation(mention: "kpu-tanahbumbu")?.id == "kpu-tanahbumbu")
        #expect(directory.organisation(mention: "@kpu-atlantis") == nil)
        let biro = try #require(directory.organisation(id: "biro-pem-kalsel"))
        #expect(biro.kind == .biroPemerintahan)
        let pusat = try #require(directory.organisation(id: "kemendagri-polpum"))
        #expect(pusat.code == nil)
        #expect(pusat.kind == .kemendagri)
    }

    @Test func integratorsByIdAndSource() throws {
        let directory = try DemoDirectoryFixture.directory()
        let kpu = try #require(directory.integrator(id: "kpu-ri"))
        #expect(kpu.source == "kpu.go.id/jadwal")
        #expect(kpu.types == ["rakor.calendar.published", "rakor.stage.rescheduled"])
        #expect(kpu.keyIDs == ["kpu-ri-2024"])
        #expect(kpu.org == nil)
        #expect(directory.integrator(source: "kpu.go.id/jadwal")?.id == "kpu-ri")
        let finance = try #require(directory.integrator(id: "bpkad-kalsel-keuangan"))
        #expect(finance.types == ["rakor.hibah.disbursed"])
        #expect(finance.org == "bpkad-kalsel")
        #expect(directory.integrator(source: "naskah.kalselprov.go.id")?.types == ["rakor.task.completed"])
        #expect(directory.integrator(source: "unknown.example") == nil)
        #expect(directory.integrator(id: "unknown") == nil)
    }

    @Test func provinceJurisdictionCoversItsRegenciesOnly() throws {
        let directory = try DemoDirectoryFixture.directory()
        let kalsel = try #require(directory.organisation(id: "kesbangpol-kalsel"))
        let ids = Set(directory.jurisdiction(of: kalsel).map(\.id))
        #expect(ids.count == 22)   // 6 provincial bodies + 4 regencies × 4
        #expect(ids.contains("kesbangpol-kalsel"))
        #expect(ids.contains("kpu-banjar"))
        #expect(ids.contains("bpkad-banjarmasin"))
        #expect(ids.contains("kpu-kalsel"))
        #expect(!ids.contains("kesbangpol-berau"))
        #expect(!ids.contains("kemendagri-polpum"))
        #expect(directory.jurisdiction(of: kalsel).first?.id == "kesbangpol-kalsel")   // directory order
    }

    @Test func regencyJurisdictionIsItsOwnCode() throws {
        let directory = try DemoDirectoryFixture.directory()
        let banjar = try #require(directory.organisation(id: "kpu-banjar"))
        #expect(directory.jurisdiction(of: banjar).map(\.id)
                == ["kesbangpol-banjar", "kpu-banjar", "bawaslu-banjar", "bpkad-banjar"])
        let pangkalpinang = try #require(directory.organisation(id: "sekda-pangkalpinang"))
        #expect(directory.jurisdiction(of: pangkalpinang).map(\.id) == ["kesbangpol-pangkalpinang", "sekda-pangkalpinang"])
    }

    @Test func pusatJurisdictionIsEverything() throws {
        let directory = try DemoDirectoryFixture.directory()
        let polpum = try #require(directory.organisation(id: "kemendagri-polpum"))
        #expect(directory.jurisdiction(of: polpum).count == directory.organisations.count)
    }

    @Test func zonesFollowTheOrganisation() throws {
        let directory = try DemoDirectoryFixture.directory()
        let expected: [(String, ZonaWaktu)] = [
            ("u-heriansyah", .WITA), ("u-mutallib", .WITA), ("u-sufian", .WITA),
            ("u-radmida", .WIB), ("u-bahtiar", .WIB), ("u-latumahina", .WIT), ("u-grace", .WIT),
        ]
        for (id, zone) in expected {
            let user = try #require(directory.user(id: id))
            #expect(directory.zone(of: user) == zone, "\(id)")
        }
        let stranger = User(id: "u-x", name: "X", org: "nowhere", roles: [.anggota])
        #expect(directory.zone(of: stranger) == .WIB)
    }

    @Test func pengawasCoveringAnOrganisation() throws {
        let directory = try DemoDirectoryFixture.directory()
        let kpuBanjar = try #require(directory.organisation(id: "kpu-banjar"))
        #expect(Set(directory.pengawas(covering: kpuBanjar).map(\.id)) == ["u-yasoaro", "u-iqbal", "u-fajar", "u-zainal"])
        let kpuTanahBumbu = try #require(directory.organisation(id: "kpu-tanahbumbu"))
        #expect(Set(directory.pengawas(covering: kpuTanahBumbu).map(\.id)) == ["u-yasoaro", "u-iqbal", "u-fajar"])
        let berau = try #require(directory.organisation(id: "kesbangpol-berau"))
        #expect(directory.pengawas(covering: berau).map(\.id) == ["u-yasoaro"])
        let kalsel = try #require(directory.organisation(id: "kpu-kalsel"))
        #expect(!directory.pengawas(covering: kalsel).map(\.id).contains("u-zainal"))
        #expect(Set(directory.organisations(covering: kpuBanjar).map(\.id)).contains("kesbangpol-kalsel"))
        #expect(!directory.organisations(covering: kpuBanjar).map(\.id).contains("kpu-tanahbumbu"))
    }

    @Test func provinceOfAnOrganisation() throws {
        let directory = try DemoDirectoryFixture.directory()
        func province(_ id: String) throws -> String? {
            try directory.province(of: #require(directory.organisation(id: id)))?.id
        }
        #expect(try province("kpu-banjar") == "kpu-kalsel")              // via parent
        #expect(try province("kesbangpol-berau") == "kesbangpol-kaltim")
        #expect(try province("sekda-pangkalpinang") == "kesbangpol-babel") // no parent, no same kind: first body
        #expect(try province("bpkad-kalsel") == "bpkad-kalsel")           // itself
        #expect(try province("kemendagri-polpum") == nil)
    }

    @Test func regenciesOfAProvince() throws {
        let directory = try DemoDirectoryFixture.directory()
        let kaltim = try #require(KodeWilayah("64"))
        #expect(directory.regencies(inProvince: kaltim).map(\.id) == ["kesbangpol-berau", "kesbangpol-kutaitimur"])
        let kalsel = try #require(directory.organisation(id: "kesbangpol-kalsel"))
        let kalselRegencies = directory.regencies(of: kalsel)
        #expect(kalselRegencies.count == 16)
        #expect(kalselRegencies.allSatisfy { $0.level == .kabkota && $0.code?.province.rawValue == "63" })
        // A regency code is reduced to its province.
        #expect(directory.regencies(inProvince: try #require(KodeWilayah("63.03"))).count == 16)
        let maluku = try #require(directory.organisation(id: "kesbangpol-maluku"))
        #expect(directory.regencies(of: maluku).isEmpty)
        let polpum = try #require(directory.organisation(id: "kemendagri-polpum"))
        #expect(directory.regencies(of: polpum).count == 20)
    }
}

@Suite("Deployment example directory")
struct ExampleDirectoryTests {
    static let url = DemoDirectoryFixture.url
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()   // package root
        .appendingPathComponent("deploy/directory.example.yaml")

    @Test func theExampleParses() throws {
        let directory = try Directory.parse(yaml: String(contentsOf: Self.url, encoding: .utf8))
        #expect(directory.organisations.count == 5)
        #expect(directory.users.count == 5)
        #expect(directory.integrators.map(\.id) == ["kpu-ri", "bpkad-kalsel-keuangan"])
        let member = try #require(directory.user(id: "u-staf-kpu-banjar"))
        #expect(PermissionPolicy.readableOrgs(of: member, in: directory).orgIDs == ["kesbangpol-banjar", "kpu-banjar"])
    }
}

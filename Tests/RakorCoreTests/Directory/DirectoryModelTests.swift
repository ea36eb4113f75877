import Testing
@testable import RakorCore

@Suite("Directory model")
struct DirectoryModelTests {
    @Test(arguments: [
        ("63", true, "63"), ("63.03", false, "63"), ("63.10", false, "63"), ("19.71", false, "19"), ("81", true, "81"),
    ])
    func regionCodesParse(_ text: String, _ isProvince: Bool, _ province: String) throws {
        let code = try #require(KodeWilayah(text))
        #expect(code.rawValue == text)
        #expect(code.description == text)
        #expect(code.isProvince == isProvince)
        #expect(code.province.rawValue == province)
        #expect(code.level == (isProvince ? .provinsi : .kabkota))
    }

    @Test(arguments: ["", "6", "630", "63.1", "63.003", "63-03", "6a", "00", "63.00", "٦٣", " 63", "63.", ".63"])
    func malformedRegionCodesAreRejected(_ text: String) {
        #expect(KodeWilayah(text) == nil)
    }

    @Test func regionCodesOrderAsText() throws {
        let codes = try ["63.10", "63", "63.03"].map { try #require(KodeWilayah($0)) }
        #expect(codes.sorted().map(\.rawValue) == ["63", "63.03", "63.10"])
    }

    @Test func slugsAndKinds() {
        #expect(OrgKind(rawValue: "biro-pemerintahan") == .biroPemerintahan)
        #expect(OrgKind(rawValue: "satpolpp")?.rawValue == "satpolpp")
        for bad in ["", "KPU", "kpu_ri", "-kpu", "kpu-", "kpu--ri", "kpu ri", String(repeating: "a", count: 65)] {
            #expect(OrgKind(rawValue: bad) == nil, "\(bad)")
            #expect(!OrgSlug.isValid(bad), "\(bad)")
        }
        #expect(OrgSlug.isValid(String(repeating: "a", count: 64)))
        #expect([OrgKind.kesbangpol, .kpu, .bawaslu, .bpkad, .sekda, .dprd, .kemendagri].map(\.description)
                == ["kesbangpol", "kpu", "bawaslu", "bpkad", "sekda", "dprd", "kemendagri"])
        #expect(OrgKind.bawaslu < OrgKind.kpu)
    }

    private func org(_ id: String, _ level: OrgLevel, _ code: String?) -> Organisation {
        Organisation(id: id, name: id, level: level, code: code.flatMap { KodeWilayah($0) }, zone: .WITA)
    }

    @Test func coversFollowsRegionCodes() {
        let pusat = org("polpum", .pusat, nil)
        let kalsel = org("kesbangpol-kalsel", .provinsi, "63")
        let kpuKalsel = org("kpu-kalsel", .provinsi, "63")
        let banjar = org("kpu-banjar", .kabkota, "63.03")
        let kesbangpolBanjar = org("kesbangpol-banjar", .kabkota, "63.03")
        let tanahBumbu = org("kpu-tanahbumbu", .kabkota, "63.10")
        let berau = org("kesbangpol-berau", .kabkota, "64.05")

        #expect(pusat.covers(berau) && pusat.covers(kalsel) && pusat.covers(pusat))
        #expect(kalsel.covers(banjar) && kalsel.covers(tanahBumbu) && kalsel.covers(kpuKalsel) && kalsel.covers(kalsel))
        #expect(!kalsel.covers(berau))
        #expect(!kalsel.covers(pusat))
        #expect(banjar.covers(kesbangpolBanjar) && banjar.covers(banjar))
        #expect(!banjar.covers(tanahBumbu))
        #expect(!banjar.covers(kalsel))
        #expect(!banjar.covers(pusat))
    }

    @Test func organisationDisplayName() {
        var kpu = org("kpu-banjar", .kabkota, "63.03")
        kpu.name = "Komisi Pemilihan Umum Kabupaten Banjar"
        #expect(kpu.displayName == "Komisi Pemilihan Umum Kabupaten Banjar")
        kpu.shortName = "KPU Kab. Banjar"
        #expect(kpu.displayName == "KPU Kab. Banjar")
    }

    @Test func levelsRankAndLabel() {
        #expect(OrgLevel.pusat.rank < OrgLevel.provinsi.rank && OrgLevel.provinsi.rank < OrgLevel.kabkota.rank)
        #expect(OrgLevel.kabkota.label(.id) == "kabupaten/kota")
        #expect(OrgLevel.pusat.label(.en) == "national")
    }

    @Test func rolesOrderAndLabels() {
        #expect(Set(Role.allCases).sorted() == [.koordinator, .anggota, .pengawas, .admin])
        #expect(Role.pengawas.label(.en) == "supervisor")
        #expect(Role.anggota.label(.id) == "anggota")
        let user = User(id: "u-a", name: "A", org: "o", roles: [.anggota, .pengawas])
        #expect(user.has(.pengawas) && !user.has(.koordinator))
        #expect(user.lang == .id)
    }

    @Test func integratorAllowsListedTypesAndKeys() {
        let integrator = Integrator(id: "kpu-ri", name: "KPU RI", source: "kpu.go.id/jadwal",
                                    types: ["rakor.calendar.published"], keyIDs: ["k1"])
        #expect(integrator.allows(type: "rakor.calendar.published"))
        #expect(!integrator.allows(type: "rakor.hibah.disbursed"))
        #expect(integrator.allows(keyID: "k1"))
        #expect(!integrator.allows(keyID: "k2"))
        #expect(integrator.org == nil)
    }

    @Test func issueDescriptionShowsLineAndPath() {
        #expect(DirectoryIssue(path: "users[2].org", kind: .unknownReference, message: "m", line: 4).description == "line 4, users[2].org: m")
        #expect(DirectoryIssue(path: "users[2].org", kind: .unknownReference, message: "m").description == "users[2].org: m")
        #expect(DirectoryIssue(path: "", kind: .syntax, message: "m", line: 1).description == "line 1: m")
    }
}

import Testing
@testable import RakorCore

@Suite("Permission policy")
struct PermissionPolicyTests {
    private func setup(_ actorID: String) throws -> (Directory, User) {
        let directory = try DemoDirectoryFixture.directory()
        return (directory, try #require(directory.user(id: actorID)))
    }

    private func org(_ directory: Directory, _ id: String) throws -> Organisation {
        try #require(directory.organisation(id: id))
    }

    @Test func outsideJurisdictionReasonIsBilingualAndNamesBothSides() throws {
        let (directory, heriansyah) = try setup("u-heriansyah")
        let berau = try org(directory, "kesbangpol-berau")
        let decision = PermissionPolicy.decide(.tugasBaru, actor: heriansyah, target: berau, in: directory)
        #expect(decision == .denied(reason: Localized(
            id: "Anda tidak berwenang memberi tugas terkait Kesbangpol Kab. Berau: di luar wilayah Kesbangpol Kalsel.",
            en: "You are not authorised to assign a task concerning Kesbangpol Kab. Berau: it is outside the jurisdiction of Kesbangpol Kalsel.")))
        #expect(PermissionPolicy.decide(.tugasBaru, actor: heriansyah, target: try org(directory, "kpu-banjar"), in: directory) == .allowed)
    }

    @Test func requireThrowsForbidden() throws {
        let (directory, fauzi) = try setup("u-fauzi")
        let tanahBumbu = try org(directory, "kesbangpol-tanahbumbu")
        #expect(throws: CommandFailure.self) {
            try PermissionPolicy.require(.tugasBaru, actor: fauzi, target: tanahBumbu, in: directory)
        }
        do {
            try PermissionPolicy.require(.tugasBaru, actor: fauzi, target: tanahBumbu, in: directory)
        } catch {
            #expect(error.code == .forbidden)
            #expect(error.message.id.contains("di luar wilayah Kesbangpol Kab. Banjar"))
            #expect(error.message.en.contains("outside the jurisdiction of Kesbangpol Kab. Banjar"))
        }
        try PermissionPolicy.require(.tugasBaru, actor: fauzi, target: try org(directory, "kpu-banjar"), in: directory)
    }

    @Test func anggotaCompletesOnlyItsOwnOrganisationsTasks() throws {
        let (directory, mutallib) = try setup("u-mutallib")
        let own = try org(directory, "kpu-banjar")
        let other = try org(directory, "kesbangpol-banjar")
        #expect(PermissionPolicy.decide(.tugasSelesai, actor: mutallib, target: own, in: directory).isAllowed)
        let denied = PermissionPolicy.decide(.tugasSelesai, actor: mutallib, target: other, in: directory)
        #expect(denied.reason?.id == "Anda tidak berwenang menyelesaikan tugas milik Kesbangpol Kab. Banjar: anggota hanya dapat menyelesaikan tugas KPU Kab. Banjar sendiri.")
        #expect(PermissionPolicy.decide(.tugasBaru, actor: mutallib, target: own, in: directory).reason?.en
                == "You are not authorised to assign a task: your role (member) does not allow it.")
    }

    @Test func pengawasChangesNothing() throws {
        let (directory, iqbal) = try setup("u-iqbal")
        let own = try org(directory, "bawaslu-kalsel")
        for aksi in Aksi.allCases where aksi.mengubahData {
            let decision = PermissionPolicy.decide(aksi, actor: iqbal, target: own, in: directory)
            #expect(decision.reason?.id == "Anda tidak berwenang \(aksi.label.id): peran Anda (pengawas) tidak mencakupnya.", "\(aksi)")
        }
        #expect(PermissionPolicy.decide(.lihat, actor: iqbal, target: try org(directory, "kpu-banjar"), in: directory).isAllowed)
    }

    @Test func regencyCoordinatorCannotSetCostSharing() throws {
        let (directory, rifani) = try setup("u-rifani")
        let own = try org(directory, "kpu-banjar")
        for aksi in [Aksi.anggaranTetapkan, .anggaranItemBaru] {
            let decision = PermissionPolicy.decide(aksi, actor: rifani, target: own, in: directory)
            #expect(decision.reason?.id.contains("hanya koordinator tingkat provinsi atau pusat") == true)
            #expect(decision.reason?.en.contains("only a provincial or national coordinator") == true)
        }
        // The provincial coordinator may, for a regency of the province only.
        let (_, heriansyah) = try setup("u-heriansyah")
        #expect(PermissionPolicy.decide(.anggaranTetapkan, actor: heriansyah, target: own, in: directory).isAllowed)
        let berau = try org(directory, "kesbangpol-berau")
        #expect(PermissionPolicy.decide(.anggaranTetapkan, actor: heriansyah, target: berau, in: directory).reason?.id
                .contains("di luar wilayah") == true)
    }

    @Test func nilTargetMeansTheActorsOwnOrganisation() throws {
        let (directory, mutallib) = try setup("u-mutallib")
        #expect(PermissionPolicy.decide(.tugasSelesai, actor: mutallib, target: nil, in: directory).isAllowed)
        #expect(!PermissionPolicy.decide(.rakorBaru, actor: mutallib, target: nil, in: directory).isAllowed)
        let (_, fauzi) = try setup("u-fauzi")
        #expect(PermissionPolicy.decide(.rakorBaru, actor: fauzi, target: nil, in: directory).isAllowed)
    }

    @Test func unknownSenderIsDeniedEvenHelp() throws {
        let directory = try DemoDirectoryFixture.directory()
        let stranger = User(id: "u-stranger", name: "Stranger", org: "kesbangpol-kalsel", roles: [.admin])
        for aksi in Aksi.allCases {
            let decision = PermissionPolicy.decide(aksi, actor: stranger, target: nil, in: directory)
            #expect(decision.reason?.id == "Anda (u-stranger) tidak terdaftar di direktori rakorbot; hubungi admin.")
        }
        #expect(PermissionPolicy.readableOrgs(of: stranger, in: directory) == .nothing)
        #expect(PermissionPolicy.permittedActions(of: stranger, in: directory).isEmpty)
    }

    @Test func theDirectoryRecordWinsOverAStaleUserValue() throws {
        let (directory, mutallib) = try setup("u-mutallib")
        var forged = mutallib
        forged.roles = [.admin]
        forged.org = "kemendagri-polpum"
        #expect(!PermissionPolicy.decide(.tugasBaru, actor: forged, target: try org(directory, "kpu-banjar"), in: directory).isAllowed)
    }

    @Test func multiPartyActionsNeedEveryParty() throws {
        let (directory, heriansyah) = try setup("u-heriansyah")
        let banjar = try org(directory, "kpu-banjar")
        let tanahBumbu = try org(directory, "kesbangpol-tanahbumbu")
        let berau = try org(directory, "kesbangpol-berau")
        #expect(PermissionPolicy.decide(.kesepakatanBaru, actor: heriansyah, targets: [banjar, tanahBumbu], in: directory) == .allowed)
        let decision = PermissionPolicy.decide(.kesepakatanBaru, actor: heriansyah, targets: [banjar, berau, tanahBumbu], in: directory)
        #expect(decision.reason?.id.contains("terkait Kesbangpol Kab. Berau") == true)
        #expect(PermissionPolicy.decide(.kesepakatanBaru, actor: heriansyah, targets: [], in: directory).isAllowed)
        #expect(throws: CommandFailure.self) {
            try PermissionPolicy.require(.tugasAlihkan, actor: heriansyah, targets: [banjar, berau], in: directory)
        }
    }

    @Test func rolesCombine() throws {
        let province = Organisation(id: "kesbangpol-kalsel", name: "Kesbangpol Kalsel", level: .provinsi, code: KodeWilayah("63"), zone: .WITA)
        let regency = Organisation(id: "kpu-banjar", name: "KPU Banjar", level: .kabkota, code: KodeWilayah("63.03"), zone: .WITA)
        let both = User(id: "u-both", name: "Both", org: "kpu-banjar", roles: [.anggota, .koordinator])
        let directory = try Directory(organisations: [province, regency], users: [both])
        #expect(PermissionPolicy.decide(.tugasBaru, actor: both, target: regency, in: directory).isAllowed)   // koordinator
        // Several roles refuse: the most specific reason (outside) is shown.
        let decision = PermissionPolicy.decide(.tugasSelesai, actor: both, target: province, in: directory)
        #expect(decision.reason?.id.contains("di luar wilayah KPU Banjar") == true)
        #expect(PermissionPolicy.permittedActions(of: both, in: directory) == Aksi.allCases.filter { $0 != .anggaranItemBaru && $0 != .anggaranTetapkan })
    }

    @Test func tableGrantsAreAsDocumented() {
        #expect(PermissionPolicy.wewenang(.admin, .anggaranTetapkan) == .semua)
        #expect(PermissionPolicy.wewenang(.koordinator, .anggaranTetapkan) == .wilayahTingkatProvinsi)
        #expect(PermissionPolicy.wewenang(.koordinator, .kesepakatanStatus) == .wilayah)
        #expect(PermissionPolicy.wewenang(.anggota, .tugasSelesai) == .organisasiSendiri)
        #expect(PermissionPolicy.wewenang(.anggota, .tugasAlihkan) == .tidak)
        #expect(PermissionPolicy.wewenang(.pengawas, .anggaranRekap) == .wilayah)
        #expect(PermissionPolicy.wewenang(.pengawas, .langganan) == .semua)
    }
}

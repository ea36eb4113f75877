import Testing
@testable import RakorCore

@Suite("Readable organisations and permitted actions")
struct ReadableOrgsTests {
    private func scope(_ userID: String) throws -> (Directory, OrgScope) {
        let directory = try DemoDirectoryFixture.directory()
        let user = try #require(directory.user(id: userID))
        return (directory, PermissionPolicy.readableOrgs(of: user, in: directory))
    }

    @Test func pusatAndAdminReadEverything() throws {
        for id in ["u-bahtiar", "u-burchamaa", "u-yasoaro", "u-admin"] {
            let (directory, scope) = try scope(id)
            #expect(scope.everything, "\(id)")
            #expect(scope.orgIDs.count == directory.organisations.count, "\(id)")
            #expect(scope.contains("kesbangpol-maluku"))
        }
    }

    @Test func provinceReadsItsProvince() throws {
        let (_, scope) = try scope("u-iqbal")
        #expect(!scope.everything)
        #expect(scope.orgIDs.count == 22)
        #expect(scope.contains("kpu-banjar") && scope.contains("kesbangpol-kalsel"))
        #expect(!scope.contains("kesbangpol-berau") && !scope.contains("kemendagri-polpum"))
    }

    @Test func regencyReadsItsRegency() throws {
        let (_, scope) = try scope("u-mutallib")
        #expect(scope.orgIDs == ["kesbangpol-banjar", "kpu-banjar", "bawaslu-banjar", "bpkad-banjar"])
        #expect(!scope.contains("kpu-kalsel"))
        #expect(!scope.isEmpty)
        #expect(OrgScope.nothing.isEmpty && !OrgScope.nothing.contains("kpu-banjar"))
    }

    @Test func readableOrgsAgreesWithDecide() throws {
        let directory = try DemoDirectoryFixture.directory()
        for user in directory.users {
            let scope = PermissionPolicy.readableOrgs(of: user, in: directory)
            for org in directory.organisations {
                let allowed = PermissionPolicy.decide(.lihat, actor: user, target: org, in: directory).isAllowed
                #expect(scope.contains(org.id) == allowed, "\(user.id) → \(org.id)")
            }
        }
    }

    @Test func permittedActionsPerRoleAndLevel() throws {
        let directory = try DemoDirectoryFixture.directory()
        func actions(_ id: String) throws -> [Aksi] {
            try PermissionPolicy.permittedActions(of: #require(directory.user(id: id)), in: directory)
        }
        #expect(try actions("u-heriansyah") == Aksi.allCases)
        #expect(try actions("u-fauzi") == Aksi.allCases.filter { $0 != .anggaranItemBaru && $0 != .anggaranTetapkan })
        #expect(try actions("u-mutallib") == [.bantuan, .lihatJadwal, .langganan, .lihat, .tugasSelesai, .anggaranRekap])
        #expect(try actions("u-iqbal") == [.bantuan, .lihatJadwal, .langganan, .lihat, .anggaranRekap])
        #expect(try actions("u-admin") == Aksi.allCases)
    }

    @Test func actionProperties() {
        #expect(Aksi.allCases.filter(\.terbukaUntukSemua) == [.bantuan, .lihatJadwal, .langganan])
        #expect(Aksi.allCases.filter { !$0.mengubahData } == [.bantuan, .lihatJadwal, .langganan, .lihat, .anggaranRekap])
        #expect(Aksi(rawValue: "tugasBaru") == .tugasBaru)
        #expect(Aksi.anggaranTetapkan.label(.id) == "menetapkan anggaran")
        #expect(Set(Aksi.allCases.map { $0.label(.en) }).count == Aksi.allCases.count)
    }

    @Test func decisionHelpers() {
        #expect(PermissionDecision.allowed.isAllowed)
        #expect(PermissionDecision.allowed.reason == nil)
        let denied = PermissionDecision.denied(reason: Localized(id: "tidak", en: "no"))
        #expect(!denied.isAllowed)
        #expect(denied.reason?.en == "no")
        #expect(throws: CommandFailure(.forbidden, id: "tidak", en: "no")) { try denied.require() }
    }
}

import Foundation
import Testing
@testable import RakorCore

/// A directory the size of a national deployment (every regency's bodies and
/// tens of thousands of officials) loads and answers lookups. Speed is
/// measured by `make bench`, not here.
@Suite("Large directory")
struct LargeDirectoryTests {
    static func generate(provinces: Int, regenciesPerProvince: Int, usersPerOrg: Int) -> String {
        var yaml = "organisations:\n  - {id: polpum, name: Ditjen Polpum, level: pusat, zone: WIB}\n"
        var users = "users:\n"
        var userCount = 0
        func addUsers(_ org: String) {
            for _ in 0..<usersPerOrg {
                let role = userCount % 10 == 0 ? "koordinator" : (userCount % 10 == 1 ? "pengawas" : "anggota")
                users += "  - {id: u-\(userCount), name: Pejabat \(userCount), org: \(org), roles: [\(role)]}\n"
                userCount += 1
            }
        }
        for p in 11..<(11 + provinces) {
            let province = "kesbangpol-\(p)"
            yaml += "  - {id: \(province), name: Kesbangpol \(p), level: provinsi, code: \"\(p)\", parent: polpum, zone: WITA, chats: [wa:group-\(p)]}\n"
            addUsers(province)
            for r in 1...regenciesPerProvince {
                let code = String(format: "%02d.%02d", p, r)
                let regency = "kesbangpol-\(p)-\(r)"
                yaml += "  - {id: \(regency), name: Kesbangpol \(code), level: kabkota, code: \"\(code)\", parent: \(province), zone: WITA}\n"
                addUsers(regency)
            }
        }
        return yaml + users
    }

    @Test func loadsTensOfThousandsOfUsers() throws {
        // 20 provinces × (1 + 25 regencies) × 40 users = 20,800 users.
        let yaml = Self.generate(provinces: 20, regenciesPerProvince: 25, usersPerOrg: 40)
        let directory = try Directory.parse(yaml: yaml)
        #expect(directory.organisations.count == 1 + 20 * 26)
        #expect(directory.users.count == 20 * 26 * 40)
        let last = try #require(directory.user(id: "u-\(20 * 26 * 40 - 1)"))
        #expect(last.org == "kesbangpol-30-25")
        let regency = try #require(directory.organisation(id: "kesbangpol-17-4"))
        #expect(regency.code?.rawValue == "17.04")
        #expect(directory.jurisdiction(of: regency).map(\.id) == ["kesbangpol-17-4"])
        let province = try #require(directory.organisation(id: "kesbangpol-17"))
        #expect(directory.jurisdiction(of: province).count == 26)
        #expect(directory.regencies(of: province).count == 25)
        #expect(directory.users(in: "kesbangpol-17-4").count == 40)
        // 4 pengawas per organisation (every tenth user, offset 1): regency, province.
        #expect(directory.pengawas(covering: regency).count == 8)
    }
}

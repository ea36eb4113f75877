import Testing
@testable import RakorCore

@Suite("Integrator permissions")
struct IntegratorPermissionTests {
    @Test func integratorsPostOnlyTheirTypes() throws {
        let directory = try DemoDirectoryFixture.directory()
        let kpu = try #require(directory.integrator(id: "kpu-ri"))
        #expect(PermissionPolicy.decide(eventType: "rakor.calendar.published", from: kpu, target: nil, in: directory).isAllowed)
        #expect(PermissionPolicy.decide(eventType: "rakor.stage.rescheduled", from: kpu, target: nil, in: directory).isAllowed)
        let denied = PermissionPolicy.decide(eventType: "rakor.hibah.disbursed", from: kpu, target: nil, in: directory)
        #expect(denied.reason?.en == "Integrator kpu-ri may not post rakor.hibah.disbursed events; allowed: rakor.calendar.published, rakor.stage.rescheduled.")
    }

    @Test func anOrganisationsIntegratorStaysInItsJurisdiction() throws {
        let directory = try DemoDirectoryFixture.directory()
        let finance = try #require(directory.integrator(id: "bpkad-kalsel-keuangan"))
        let banjar = try #require(directory.organisation(id: "kpu-banjar"))
        let berau = try #require(directory.organisation(id: "kesbangpol-berau"))
        #expect(PermissionPolicy.decide(eventType: "rakor.hibah.disbursed", from: finance, target: banjar, in: directory).isAllowed)
        let outside = PermissionPolicy.decide(eventType: "rakor.hibah.disbursed", from: finance, target: berau, in: directory)
        #expect(outside.reason?.id == "Integrator bpkad-kalsel-keuangan tidak berwenang mengirim peristiwa terkait Kesbangpol Kab. Berau: di luar wilayah BPKAD Kalsel.")
        #expect(throws: CommandFailure.self) {
            try PermissionPolicy.requireEvent(type: "rakor.hibah.disbursed", from: finance, target: berau, in: directory)
        }
        try PermissionPolicy.requireEvent(type: "rakor.hibah.disbursed", from: finance, target: banjar, in: directory)
    }

    @Test func unregisteredIntegratorIsDenied() throws {
        let directory = try DemoDirectoryFixture.directory()
        let rogue = Integrator(id: "rogue", name: "Rogue", source: "x", types: ["rakor.calendar.published"])
        let decision = PermissionPolicy.decide(eventType: "rakor.calendar.published", from: rogue, target: nil, in: directory)
        #expect(decision.reason?.en == "Integrator rogue is not registered in the rakorbot directory.")
    }
}

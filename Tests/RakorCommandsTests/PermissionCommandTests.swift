import Foundation
import RakorCommands
import RakorCore
import RakorStore
import Testing

/// Who may run which write-side command on what, walked as a table through
/// the real dispatcher. Each row gets a fresh world: meeting R-1 (Kalsel),
/// task T-1 for Kesbangpol Kab. Banjar, agreement K-1 binding it, and
/// component KPU-03 in Kalsel's decree.
@Suite("permissions of the write commands")
struct PermissionCommandTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let user: String
        let line: String
        /// nil: the command succeeds.
        let expected: ErrorCode?

        init(_ user: String, _ line: String, _ expected: ErrorCode?) {
            self.user = user
            self.line = line
            self.expected = expected
        }

        var testDescription: String { "\(user): \(line) → \(expected?.rawValue ?? "ok")" }
    }

    static let newMeeting = #"/rakor baru "Rakor" tanggal 2024-11-18"#
    static let newTask = #"/tugas baru @kesbangpol-banjar "Laporan" tenggat 2024-12-01"#
    static let newAgreement = #"/kesepakatan baru "Posko" pihak @kesbangpol-banjar"#
    static let newItem = #"/anggaran item baru X-1 "Komponen""#
    static let assign = "/anggaran tetapkan KPU-03 @kpu-banjar provinsi Rp 1.000.000"

    static let table: [Row] = [
        // Meetings: coordinators (any level) and admins.
        Row("u-heriansyah", newMeeting, nil),
        Row("u-fauzi", newMeeting, nil),
        Row("u-admin", newMeeting, nil),
        Row("u-aminah", newMeeting, .forbidden),
        Row("u-iqbal", newMeeting, .forbidden),
        Row("u-yasoaro", newMeeting, .forbidden),
        // Assigning: a coordinator whose jurisdiction covers the assignee.
        Row("u-heriansyah", newTask, nil),
        Row("u-fauzi", newTask, nil),
        Row("u-rifani", newTask, nil),          // KPU Banjar's coordinator: same regency
        Row("u-bahtiar", newTask, nil),         // national
        Row("u-admin", newTask, nil),
        Row("u-sufian", newTask, .forbidden),   // another province
        Row("u-ardiansyah", newTask, .forbidden), // another regency
        Row("u-iqbal", newTask, .forbidden),    // supervisor
        Row("u-aminah", newTask, .forbidden),   // member
        // Reading: everyone within their jurisdiction.
        Row("u-iqbal", "/tugas saya", nil),
        Row("u-aminah", "/tugas daftar @kesbangpol-banjar", nil),
        Row("u-mutallib", "/tugas daftar @kesbangpol-banjar", nil),
        Row("u-iqbal", "/tugas daftar @kesbangpol-banjar", nil),
        Row("u-yasoaro", "/tugas daftar @kesbangpol-banjar", nil),
        Row("u-sufian", "/tugas daftar @kesbangpol-banjar", .forbidden),
        Row("u-fadli", "/tugas daftar @kesbangpol-banjar", .forbidden),
        Row("u-zainal", "/tugas lihat T-1", nil),
        Row("u-sufian", "/tugas lihat T-1", .forbidden),
        Row("u-iqbal", "/kesepakatan lihat K-1", nil),
        Row("u-ratna", "/kesepakatan lihat K-1", .forbidden),
        Row("u-iqbal", "/kesepakatan daftar", nil),
        Row("u-aminah", "/anggaran rekap", nil),
        Row("u-iqbal", "/anggaran rekap @kpu-banjar", nil),
        Row("u-sufian", "/anggaran rekap @kpu-banjar", .forbidden),
        // Completing: the assignee's members, or a coordinator over it.
        Row("u-aminah", "/tugas selesai T-1", nil),
        Row("u-fauzi", "/tugas selesai T-1", nil),
        Row("u-heriansyah", "/tugas selesai T-1", nil),
        Row("u-admin", "/tugas selesai T-1", nil),
        Row("u-mutallib", "/tugas selesai T-1", .forbidden), // member of another organisation
        Row("u-fajar", "/tugas selesai T-1", .forbidden),    // member + supervisor elsewhere
        Row("u-iqbal", "/tugas selesai T-1", .forbidden),
        Row("u-sufian", "/tugas selesai T-1", .forbidden),
        Row("u-aminah", "/tugas selesai T-9", .notFound),
        // Reassigning: both the old and the new assignee must be covered.
        Row("u-heriansyah", "/tugas alihkan T-1 @kpu-banjar", nil),
        Row("u-rifani", "/tugas alihkan T-1 @kpu-banjar", nil),
        Row("u-fauzi", "/tugas alihkan T-1 @kpu-tanahbumbu", .forbidden),
        Row("u-sufian", "/tugas alihkan T-1 @kesbangpol-berau", .forbidden),
        Row("u-aminah", "/tugas alihkan T-1 @kpu-banjar", .forbidden),
        // Cancelling.
        Row("u-fauzi", "/tugas batal T-1", nil),
        Row("u-aminah", "/tugas batal T-1", .forbidden),
        Row("u-iqbal", "/tugas batal T-1", .forbidden),
        Row("u-sufian", "/tugas batal T-1", .forbidden),
        // Agreements: every party must be covered.
        Row("u-heriansyah", newAgreement, nil),
        Row("u-fauzi", newAgreement, nil),
        Row("u-sufian", newAgreement, .forbidden),
        Row("u-iqbal", newAgreement, .forbidden),
        Row("u-heriansyah", "/kesepakatan status K-1 disepakati", nil),
        Row("u-fauzi", "/kesepakatan status K-1 disepakati", nil),
        Row("u-admin", "/kesepakatan status K-1 disepakati", nil),
        Row("u-sufian", "/kesepakatan status K-1 disepakati", .forbidden),
        Row("u-aminah", "/kesepakatan status K-1 disepakati", .forbidden),
        Row("u-yasoaro", "/kesepakatan status K-1 disepakati", .forbidden),
        Row("u-heriansyah", "/kesepakatan status K-1 terealisasi", .conflict),
        // Budgets: provincial (or national) coordinators, within jurisdiction.
        Row("u-heriansyah", newItem, nil),
        Row("u-syarifah", newItem, nil),
        Row("u-fauzi", newItem, .forbidden),
        Row("u-iqbal", newItem, .forbidden),
        Row("u-rina", newItem, .forbidden),
        Row("u-heriansyah", #"/anggaran item baru KPU-03 "Lagi""#, .conflict),
        Row("u-heriansyah", assign, nil),
        Row("u-syarifah", assign, nil),
        Row("u-bahtiar", assign, nil),
        Row("u-admin", assign, nil),
        Row("u-sufian", assign, .forbidden),
        Row("u-fauzi", assign, .forbidden),
        Row("u-junaidi", assign, .forbidden), // BPKAD Banjar: a regency cannot set the split
        Row("u-iqbal", assign, .forbidden),
        Row("u-heriansyah", "/anggaran tetapkan KPU-77 @kpu-banjar provinsi Rp 1", .notFound),
    ]

    static func world() throws -> CommandHarness {
        let h = try CommandHarness()
        for line in [newMeeting, #"/tugas baru @kesbangpol-banjar "Peta" tenggat 2024-11-27 rakor R-1"#,
                     #"/kesepakatan baru R-1 "Lapor triwulanan" pihak @kesbangpol-banjar"#,
                     #"/anggaran item baru KPU-03 "Honor badan ad hoc""#] {
            let out = try h.run(line, as: "u-heriansyah")
            try #require(out.ok, "\(line): \(out.text)")
        }
        return h
    }

    /// Everything a refused command could have touched.
    static func fingerprint(_ h: CommandHarness) throws -> String {
        try h.store.readSync { s in
            let tugas = try s.tugas.list(TugasFilter(), page: PageRequest(limit: 100)).items
            let kesepakatan = try s.kesepakatan.list(KesepakatanFilter(), page: PageRequest(limit: 100)).items
            return [
                "rakor=\(try s.rakor.list().total)",
                "tugas=" + tugas.map { "\($0.id):\($0.status.rawValue):\($0.untukOrg)" }.joined(separator: ","),
                "kesepakatan=" + kesepakatan.map { "\($0.id):\($0.status.rawValue)" }.joined(separator: ","),
                "items=\(try s.anggaran.items(provinsi: "63").map(\.kode))",
                "alokasi=\(try s.anggaran.allocations(kabkota: "kpu-banjar").map { "\($0.kode):\($0.jumlah.amount)" })",
            ].joined(separator: ";")
        }
    }

    @Test(arguments: table)
    func decides(row: Row) throws {
        let h = try Self.world()
        let before = try Self.fingerprint(h)
        let out = try h.run(row.line, as: row.user)
        #expect(out.code == row.expected, "\(out.text)")
        if row.expected != nil {
            // A refusal changes nothing and records no state-change event.
            #expect(try Self.fingerprint(h) == before)
            #expect(out.dispatch.effects.audit.isEmpty)
            #expect(out.dispatch.effects.notices.isEmpty)
        } else if out.dispatch.mutates {
            #expect(!out.dispatch.effects.audit.isEmpty, "a state change must be audited")
        }
    }

    @Test func refusalsExplainThemselvesInTheSendersLanguage() throws {
        let h = try Self.world()
        let indonesian = try h.run("/anggaran tetapkan KPU-03 @kpu-banjar provinsi Rp 1", as: "u-sufian")
        #expect(indonesian.code == .forbidden)
        #expect(indonesian.text.contains("KPU Kab. Banjar"), "\(indonesian.text)")
        let english = try h.run(#"/anggaran item baru X-2 "X""#, as: "u-rina")
        #expect(english.code == .forbidden)
        #expect(english.dispatch.lang == .en)
        #expect(english.text.contains("not authorised") || english.text.contains("not allowed") || english.text.contains("may not"),
                "\(english.text)")
    }
}

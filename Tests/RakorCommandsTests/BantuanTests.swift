import Foundation
import RakorCommands
import RakorCore
import Testing

@Suite("/bantuan (/help)")
struct BantuanTests {
    /// The standard registry, plus stand-ins for `/tugas baru` and `/tugas
    /// selesai` when this build has no task family: what `/bantuan` lists
    /// depends only on each spec's `aksi`, so a stand-in with the real action
    /// shows the permission filtering the same way.
    static func harnessWithTaskCommands() throws -> CommandHarness {
        let harness = try CommandHarness()
        var specs = CommandRegistry.standard.specs
        let names = Set(specs.map(\.name))
        let standIns: [([String], [String], Aksi)] = [
            (["tugas", "baru"], ["task", "new"], .tugasBaru),
            (["tugas", "selesai"], ["task", "done"], .tugasSelesai),
        ]
        for (words, alias, aksi) in standIns where !names.contains("/" + words.joined(separator: " ")) {
            specs.append(CommandSpec(
                words: words, aliases: [alias],
                usage: Localized(id: "/" + words.joined(separator: " ") + " …", en: "/" + alias.joined(separator: " ") + " …"),
                summary: Localized(id: "pengganti untuk uji", en: "test stand-in"),
                aksi: aksi, mutates: false, handler: { _, _ in CommandReply(text: "stand-in") }))
        }
        harness.registry = CommandRegistry(specs)
        return harness
    }

    static func commands(_ outcome: CommandHarness.Outcome) -> [String] {
        outcome.reply?.data?["commands"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    @Test func overviewListsOnlyWhatTheRoleAllows() throws {
        let harness = try Self.harnessWithTaskCommands()
        let anggota = try harness.run("/bantuan", as: "u-mutallib")
        #expect(anggota.ok)
        #expect(anggota.dispatch.lang == .id)
        #expect(anggota.text.hasPrefix("Perintah yang dapat Anda gunakan (anggota · KPU Kab. Banjar):"))
        #expect(!anggota.text.contains("/tugas baru"))
        #expect(anggota.text.contains("/tugas selesai"))
        #expect(!Self.commands(anggota).contains("/tugas baru"))
        #expect(Self.commands(anggota).contains("/tugas selesai"))
        #expect(Self.commands(anggota).contains("/tenggat"))

        let koordinator = try harness.run("/bantuan", as: "u-heriansyah")
        #expect(koordinator.text.hasPrefix("Perintah yang dapat Anda gunakan (koordinator · Kesbangpol Kalsel):"))
        #expect(koordinator.text.contains("/tugas baru"))
        #expect(Self.commands(koordinator).contains("/tugas baru"))
        #expect(Self.commands(koordinator).count > Self.commands(anggota).count)

        // A supervisor changes nothing: neither assigning nor completing tasks.
        let pengawas = try harness.run("/bantuan", as: "u-yasoaro")
        #expect(!Self.commands(pengawas).contains("/tugas baru"))
        #expect(!Self.commands(pengawas).contains("/tugas selesai"))
        #expect(Self.commands(pengawas).contains("/jadwal"))
    }

    @Test func overviewMatchesThePermissionPolicyForEveryDemoUser() throws {
        let harness = try Self.harnessWithTaskCommands()
        for user in harness.directory.users {
            let permitted = Set(PermissionPolicy.permittedActions(of: user, in: harness.directory))
            let expected = harness.registry.specs.filter { permitted.contains($0.aksi) }.map(\.name)
            let outcome = try harness.run("/bantuan", as: user.id, lang: .id)
            #expect(Self.commands(outcome) == expected, "\(user.id)")
        }
    }

    @Test func overviewLinesShowUsageAndSummary() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/bantuan", as: "u-heriansyah")
        #expect(outcome.text.contains("• /tenggat [kata kunci | YYYY-MM-DD | N hari] — tenggat terdekat (30 hari)"))
        #expect(outcome.text.contains("• /jadwal <pemilihan> — seluruh jadwal tahapan satu pemilihan"))
        #expect(outcome.text.hasSuffix("Ketik /bantuan <perintah> untuk penjelasan dan contoh, mis. /bantuan tenggat."))
        #expect(outcome.reply?.data?["roles"] == ["koordinator"])
    }

    @Test func helpAnswersInEnglishAndBantuanInIndonesian() throws {
        let harness = try CommandHarness()
        // u-heriansyah's directory language is Indonesian.
        let help = try harness.run("/help", as: "u-heriansyah")
        #expect(help.dispatch.lang == .en)
        #expect(help.text.hasPrefix("Commands you can use (coordinator · Kesbangpol Kalsel):"))
        #expect(help.text.contains("• /deadline [keywords | YYYY-MM-DD | N days] — upcoming deadlines"))
        #expect(help.text.contains("• /schedule <election>"))
        #expect(!help.text.contains("/tenggat ["))

        let bantuan = try harness.run("/bantuan", as: "u-heriansyah")
        #expect(bantuan.dispatch.lang == .id)
        #expect(bantuan.text.contains("• /tenggat [kata kunci | YYYY-MM-DD | N hari]"))
        #expect(!bantuan.text.contains("/deadline"))
    }

    @Test func directoryAndEnvelopeLanguageDecideWhenTypedInIndonesian() throws {
        let harness = try CommandHarness()
        let admin = try harness.run("/bantuan", as: "u-admin")
        #expect(admin.dispatch.lang == .en)
        #expect(admin.text.hasPrefix("Commands you can use (administrator · Ditjen Polpum Kemendagri):"))
        let forced = try harness.run("/help", as: "u-admin", lang: .id)
        #expect(forced.text.hasPrefix("Perintah yang dapat Anda gunakan (admin · Ditjen Polpum Kemendagri):"))
    }

    @Test func oneFamilyShowsUsageExplanationAndExamples() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/bantuan tenggat", as: "u-mutallib")
        #expect(outcome.ok)
        let lines = outcome.text.components(separatedBy: "\n")
        #expect(lines.first == "Bantuan /tenggat:")
        #expect(lines.contains("/tenggat [kata kunci | YYYY-MM-DD | N hari]"))
        #expect(lines.contains { $0.hasPrefix("Tenggat terdekat (30 hari)") && $0.hasSuffix("[English: /deadline]") })
        #expect(lines.contains { $0.hasPrefix("Tanpa argumen: tahapan 30 hari ke depan.") })
        #expect(lines.contains("Contoh: /tenggat 7 hari"))
        #expect(outcome.reply?.data?["topic"] == "tenggat")
        #expect(outcome.reply?.data?["commands"] == ["/tenggat"])
        #expect(outcome.reply?.data?["available"] == ["/tenggat"])
    }

    @Test func oneFamilyByEnglishNameInEnglish() throws {
        let harness = try CommandHarness()
        let outcome = try harness.run("/help deadline", as: "u-heriansyah")
        #expect(outcome.dispatch.lang == .en)
        #expect(outcome.text.hasPrefix("Help for /deadline:"))
        #expect(outcome.text.contains("/deadline [keywords | YYYY-MM-DD | N days]"))
        #expect(outcome.text.contains("[Indonesian: /tenggat]"))
        #expect(outcome.text.contains("Example: /deadline 7 days"))

        let subscribe = try harness.run("/help /Subscribe@rakorbot", as: "u-heriansyah")
        #expect(subscribe.reply?.data?["topic"] == "langganan")
    }

    @Test func taskFamilyMarksWhatTheSenderMayNotUse() throws {
        let harness = try Self.harnessWithTaskCommands()
        let anggota = try harness.run("/help task", as: "u-mutallib")
        #expect(anggota.text.hasPrefix("Help for /task:"))
        #expect(anggota.text.contains("/task new"))
        #expect(anggota.text.contains("⚠ Not available to your role (member)."))
        #expect(anggota.reply?.data?["available"]?.arrayValue?.contains("/tugas baru") == false)
        #expect(anggota.reply?.data?["available"]?.arrayValue?.contains("/tugas selesai") == true)

        let koordinator = try harness.run("/bantuan tugas", as: "u-heriansyah")
        #expect(!koordinator.text.contains("⚠"))
        #expect(koordinator.reply?.data?["available"]?.arrayValue?.contains("/tugas baru") == true)

        // A sub-command narrows the help to that command.
        let one = try harness.run("/bantuan tugas baru", as: "u-heriansyah")
        #expect(one.reply?.data?["commands"] == ["/tugas baru"])
        let oneEnglish = try harness.run("/help task done", as: "u-heriansyah")
        #expect(oneEnglish.reply?.data?["commands"] == ["/tugas selesai"])
    }

    @Test func unknownTopicIsNotFoundWithASuggestion() throws {
        let harness = try CommandHarness()
        let typo = try harness.run("/bantuan tenggta", as: "u-heriansyah")
        #expect(typo.code == .notFound)
        #expect(typo.text == "Tidak ada perintah /tenggta. Maksud Anda /tenggat? Ketik /bantuan untuk daftar perintah.")
        let english = try harness.run("/help foo", as: "u-heriansyah")
        #expect(english.code == .notFound)
        #expect(english.text == "There is no /foo command. Type /help for the list of commands.")
    }

    @Test func theseFamiliesDeclareBilingualUsageStartingWithTheirNames() {
        let specs = BantuanFamily.specs + TenggatFamily.specs + JadwalFamily.specs + LanggananFamily.specs
        #expect(specs.map(\.name) == ["/bantuan", "/tenggat", "/jadwal", "/langganan", "/berhenti"])
        for spec in specs {
            #expect(spec.usage.id.hasPrefix(spec.name), "\(spec.name)")
            #expect(spec.usage.en.hasPrefix(spec.englishName), "\(spec.name)")
            #expect(spec.summary.id != spec.summary.en, "\(spec.name)")
            #expect(!spec.examples.isEmpty, "\(spec.name)")
            for example in spec.examples {
                #expect(example.id.hasPrefix(spec.name), "\(spec.name)")
                #expect(example.en.hasPrefix(spec.englishName), "\(spec.name)")
            }
        }
        #expect(LanggananFamily.specs.allSatisfy { $0.mutates && $0.aksi == .langganan })
        #expect(!TenggatFamily.specs[0].mutates && TenggatFamily.specs[0].aksi == .lihatJadwal)
        #expect(BantuanFamily.specs[0].aksi == .bantuan)
    }
}

@Suite("CommandSpec names")
struct CommandSpecNameTests {
    @Test func namesInBothLanguages() {
        let spec = CommandSpec(words: ["tugas", "baru"], aliases: [["task", "new"], ["task", "add"]],
                               usage: Localized("/tugas baru"), summary: Localized("x"), aksi: .tugasBaru,
                               mutates: true, handler: { _, _ in CommandReply(text: "") })
        #expect(spec.name == "/tugas baru")
        #expect(spec.englishName == "/task new")
        #expect(spec.name(.id) == "/tugas baru")
        #expect(spec.name(.en) == "/task new")
        #expect(spec.family == "tugas")
        #expect(spec.details == nil && spec.examples.isEmpty)
        let noAlias = CommandSpec(words: ["rakor"], aliases: [], usage: Localized("/rakor"), summary: Localized("x"),
                                  aksi: .lihat, mutates: false, handler: { _, _ in CommandReply(text: "") })
        #expect(noAlias.englishName == "/rakor")
    }
}

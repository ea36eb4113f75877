import RakorCore
import RakorStore

/// `/anggaran …`: the cost-sharing decree (SK Gubernur) that splits election
/// grant components between the provincial and the regency budgets. The one
/// rule that matters: a component is funded by exactly one level for each
/// regency, so nothing is budgeted twice (`CostSharingRule`).
///
/// Allocations are kept per recipient organisation (`@kpu-banjar`): grant
/// components are the KPU's or Bawaslu's of a regency. A component is also
/// funded at most once per regency, whichever of its organisations was named.
public enum AnggaranFamily {
    public static let specs: [CommandSpec] = [itemBaru, tetapkan, rekap]

    static let kodeWhat = Localized(id: "Kode komponen", en: "The component code")
    static let kodeMaxLength = 32
    static let rowsNoun = Localized(id: "penerima", en: "recipients")

    // MARK: /anggaran item baru

    static let itemBaru = CommandSpec(
        words: ["anggaran", "item", "baru"],
        aliases: [["budget", "item", "new"]],
        usage: Localized(id: "/anggaran item baru <kode> \"uraian\" [@org-provinsi]",
                         en: "/budget item new <code> \"description\" [@province-org]"),
        summary: Localized(id: "menambah komponen biaya SK cost sharing provinsi",
                           en: "add a cost component to the province's cost-sharing decree"),
        aksi: .anggaranItemBaru,
        mutates: true
    ) { context, arguments in
        try addItem(&context, &arguments)
    }

    static func addItem(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        let kode = try takeKode(&arguments)
        let uraian = try arguments.quoted(Localized(id: "Uraian komponen", en: "The component description"), maxLength: 300)
        var named: Organisation?
        if arguments.peek()?.kind == .mention {
            named = try context.organisation(mention: try arguments.mention(Localized(id: "Provinsi", en: "The province")))
        }
        try arguments.expectEnd()

        // The decree is the province's: the sender's own unless they name one
        // (a national coordinator or admin has no province of their own).
        let decreeOrg = named ?? context.organisation
        guard let provinsi = decreeOrg.code?.province else {
            throw arguments.failure(Localized(
                id: "Sebutkan provinsi SK-nya dengan @org, mis. /anggaran item baru \(kode) \"…\" @kesbangpol-kalsel.",
                en: "Name the decree's province with an @org, e.g. /budget item new \(kode) \"…\" @kesbangpol-kalsel."))
        }
        try context.require(.anggaranItemBaru, target: decreeOrg)

        let item = AnggaranItem(kode: kode, uraian: uraian, provinsi: provinsi.rawValue,
                                dibuatOleh: context.user.id, dibuatPada: context.now)
        guard try context.store.anggaran.insertItem(item) else {
            let existing = try context.store.anggaran.item(provinsi: provinsi.rawValue, kode: kode)
            throw CommandFailure(.conflict,
                                 id: "Komponen \(kode) sudah ada di SK provinsi \(provinsi): \(existing?.uraian ?? "?").",
                                 en: "Component \(kode) already exists in province \(provinsi)'s decree: \(existing?.uraian ?? "?").")
        }
        let data: JSONValue = ["kode": .string(kode), "uraian": .string(uraian), "provinsi": .string(provinsi.rawValue)]
        context.effects.record("rakor.budget.item_created", subject: "budget/\(kode)", data: data)

        let lang = context.lang
        let text = lang == .id
            ? "Komponen \(kode) dicatat di SK cost sharing provinsi \(provinsi): \(uraian)\nTetapkan pendanaannya: /anggaran tetapkan \(kode) @kabkota provinsi|kabkota Rp <jumlah>"
            : "Component \(kode) added to province \(provinsi)'s cost-sharing decree: \(uraian)\nAssign its funding: /budget assign \(kode) @regency-org provinsi|kabkota Rp <amount>"
        return CommandReply(text: text, data: data)
    }

    /// A component code such as `KPU-03`: letters, digits and `-._/`,
    /// compared upper-cased (phones capitalise at random).
    static func takeKode(_ arguments: inout CommandArguments) throws(CommandFailure) -> String {
        guard let token = arguments.peek() else {
            throw arguments.failure(Localized(id: "\(kodeWhat.id) belum diisi (contoh: KPU-03).",
                                              en: "\(kodeWhat.en) is missing (e.g. KPU-03)."))
        }
        let kode = token.text.uppercased()
        func alphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            (65...90).contains(scalar.value) || (48...57).contains(scalar.value)
        }
        let allowed = kode.unicodeScalars.allSatisfy { alphanumeric($0) || "-._/".unicodeScalars.contains($0) }
        guard token.kind == .word, !kode.isEmpty, kode.count <= kodeMaxLength, allowed,
              let first = kode.unicodeScalars.first, alphanumeric(first) else {
            throw arguments.failure(Localized(
                id: "'\(token.text)' bukan kode komponen (huruf, angka dan - . _ /, maks. \(kodeMaxLength) karakter; contoh: KPU-03).",
                en: "'\(token.text)' is not a component code (letters, digits and - . _ /, max \(kodeMaxLength) characters; e.g. KPU-03)."))
        }
        _ = arguments.next()
        return kode
    }

    // MARK: /anggaran tetapkan

    static let tetapkan = CommandSpec(
        words: ["anggaran", "tetapkan"],
        aliases: [["budget", "assign"]],
        usage: Localized(id: "/anggaran tetapkan <kode> @kabkota <provinsi|kabkota> Rp <jumlah>",
                         en: "/budget assign <code> @regency-org <provinsi|kabkota> Rp <amount>"),
        summary: Localized(id: "menetapkan APBD yang mendanai komponen untuk kab/kota",
                           en: "assign which budget funds a component for a regency"),
        aksi: .anggaranTetapkan,
        mutates: true
    ) { context, arguments in
        try assign(&context, &arguments)
    }

    static func assign(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        let kode = try takeKode(&arguments)
        let mention = try arguments.mention(Localized(id: "Organisasi kab/kota", en: "The regency organisation"))
        guard let levelToken = arguments.peek() else {
            throw arguments.failure(Localized(id: "Tingkat APBD belum diisi (provinsi atau kabkota).",
                                              en: "The budget level is missing (provinsi or kabkota)."))
        }
        guard levelToken.kind == .word, let tingkat = TingkatAPBD(word: levelToken.text) else {
            throw arguments.failure(Localized(id: "'\(levelToken.text)' bukan tingkat APBD (provinsi atau kabkota).",
                                              en: "'\(levelToken.text)' is not a budget level (provinsi or kabkota)."))
        }
        _ = arguments.next()
        let jumlah = try takeAmount(&arguments)
        try arguments.expectEnd()

        let org = try context.organisation(mention: mention)
        guard org.level == .kabkota, let regencyCode = org.code else {
            throw arguments.failure(Localized(
                id: "\(org.displayName) bukan organisasi kabupaten/kota; sebut penerima di kab/kota, mis. @kpu-banjar.",
                en: "\(org.displayName) is not a regency organisation; name the recipient in the regency, e.g. @kpu-banjar."))
        }
        try context.require(.anggaranTetapkan, target: org)
        let provinsi = regencyCode.province.rawValue
        guard let item = try context.store.anggaran.item(provinsi: provinsi, kode: kode) else {
            throw CommandFailure(.notFound,
                                 id: "Komponen \(kode) tidak ada di SK provinsi \(provinsi). Tambahkan dulu: /anggaran item baru \(kode) \"uraian\"",
                                 en: "Component \(kode) is not in province \(provinsi)'s decree. Add it first: /budget item new \(kode) \"description\"")
        }
        // One funding per component per regency, whichever organisation of
        // the regency it was recorded for.
        for sibling in context.directory.jurisdiction(of: org) where sibling.id != org.id {
            if let other = try context.store.anggaran.allocation(kode: kode, kabkota: sibling.id) {
                throw CommandFailure(
                    .conflict,
                    id: "\(kode) untuk kab/kota \(regencyCode) sudah didanai \(other.tingkat.label.id) sebesar \(other.jumlah) atas \(sibling.displayName) (@\(sibling.id)); satu komponen hanya boleh didanai sekali per kab/kota.",
                    en: "\(kode) for regency \(regencyCode) is already funded by the \(other.tingkat.label.en) (\(other.jumlah)) for \(sibling.displayName) (@\(sibling.id)); a component may be funded once per regency.")
            }
        }
        let existing = try context.store.anggaran.allocation(kode: kode, kabkota: org.id)
        let outcome = try CostSharingRule.decide(existing: existing, kode: kode, kabkota: org.displayName, tingkat: tingkat)

        let lang = context.lang
        var data: JSONValue = [
            "kode": .string(kode), "kabkota": .string(org.id), "provinsi": .string(provinsi),
            "tingkat": .string(tingkat.rawValue), "jumlah_lama": existing.map { .int($0.jumlah.amount) } ?? .null,
            "jumlah_baru": .int(jumlah.amount),
        ]
        let funded = lang == .id
            ? "\(kode) (\(item.uraian)) untuk \(org.displayName): \(tingkat.label(lang)) \(jumlah)."
            : "\(kode) (\(item.uraian)) for \(org.displayName): \(tingkat.label(lang)) \(jumlah)."
        if case .ubahJumlah(let dari) = outcome, dari == jumlah {
            // Same level, same amount: nothing to change, nothing to audit.
            data = ItemFormat.with(data, "changed", false)
            return CommandReply(text: funded + (lang == .id ? " Tidak ada perubahan." : " Nothing changed."), data: data)
        }
        try context.store.anggaran.assign(Alokasi(kode: kode, kabkota: org.id, tingkat: tingkat, jumlah: jumlah,
                                                  olehUser: context.user.id, pada: context.now),
                                          provinsi: provinsi)
        data = ItemFormat.with(data, "changed", true)
        context.effects.record("rakor.budget.assigned", subject: "budget/\(kode)/\(org.id)", data: data)

        var lines = [lang == .id ? "Ditetapkan: \(funded)" : "Assigned: \(funded)"]
        if case .ubahJumlah(let dari) = outcome {
            let changes = try context.store.anggaran.history(kode: kode, kabkota: org.id).count
            lines.append(lang == .id ? "Sebelumnya \(dari); riwayat: \(changes) perubahan."
                                     : "Previously \(dari); history: \(changes) changes.")
        }
        return CommandReply(text: lines.joined(separator: "\n"), data: data)
    }

    /// `Rp 1.250.000.000`, `Rp1.250.000.000`, `1250000000`, also `Rp. …` and
    /// the cents officials often add (`,00`, `,-`), which must be zero.
    static func takeAmount(_ arguments: inout CommandArguments) throws(CommandFailure) -> Rupiah {
        let currency: Set<String> = ["rp", "rp.", "idr"]
        _ = arguments.take(keyword: currency)
        guard let token = arguments.peek() else {
            throw arguments.failure(Localized(id: "Jumlah belum diisi (contoh: Rp 1.250.000.000).",
                                              en: "The amount is missing (e.g. Rp 1.250.000.000)."))
        }
        var text = Substring(token.text)
        for suffix in [",-", ",00", ",0"] where text.hasSuffix(suffix) {
            text = text.dropLast(suffix.count)
            break
        }
        guard token.kind == .word, let amount = Rupiah(parsing: text) else {
            throw arguments.failure(Localized(
                id: "'\(token.text)' bukan jumlah rupiah (contoh: Rp 1.250.000.000 atau 1250000000).",
                en: "'\(token.text)' is not a Rupiah amount (e.g. Rp 1.250.000.000 or 1250000000)."))
        }
        guard amount.amount > 0 else {
            throw arguments.failure(Localized(id: "Jumlah harus lebih dari Rp 0.", en: "The amount must be more than Rp 0."))
        }
        _ = arguments.next()
        return amount
    }

    // MARK: /anggaran rekap

    static let rekap = CommandSpec(
        words: ["anggaran", "rekap"],
        aliases: [["budget", "summary"]],
        usage: Localized(id: "/anggaran rekap [@kabkota|@provinsi] [halaman N]",
                         en: "/budget summary [@regency-org|@province-org] [page N]"),
        summary: Localized(id: "rekap pendanaan per tingkat APBD dan pencairan hibah",
                           en: "funding per budget level and grant disbursements"),
        aksi: .anggaranRekap,
        mutates: false
    ) { context, arguments in
        try summary(&context, &arguments)
    }

    /// One recipient organisation's line of the summary.
    struct Row {
        var org: String
        var provinsi = Rupiah.zero
        var kabkota = Rupiah.zero
        var total = Rupiah.zero
        var komponen = 0
        var hibah = Rupiah.zero
        var hibahCount = 0
    }

    static func summary(_ context: inout CommandContext, _ arguments: inout CommandArguments) throws -> CommandReply {
        var named: Organisation?
        var number = 1
        while let token = arguments.peek() {
            if let page = try Paging.take(&arguments) {
                number = page
            } else if token.kind == .mention, named == nil {
                named = try context.organisation(mention: try arguments.mention(Localized(id: "Kab/kota", en: "The regency")))
            } else {
                try arguments.expectEnd()
            }
        }
        let directory = context.directory
        let scope = context.readableScope

        // Which recipients the summary covers, and which provinces' decrees.
        let provinces: [KodeWilayah]
        let includes: (Organisation) -> Bool
        let title: Localized
        if let named {
            try context.require(.anggaranRekap, target: named)
            guard let code = named.code else {
                throw arguments.failure(Localized(id: "Sebut organisasi kab/kota atau provinsi, bukan \(named.displayName).",
                                                  en: "Name a regency or province organisation, not \(named.displayName)."))
            }
            provinces = [code.province]
            if named.level == .kabkota {
                includes = { $0.code == code }
                title = Localized(id: "Rekap anggaran kab/kota \(code) (\(named.displayName))",
                                  en: "Budget summary for regency \(code) (\(named.displayName))")
            } else {
                includes = { $0.code?.province == code && scope.contains($0.id) }
                title = Localized(id: "Rekap anggaran provinsi \(code)", en: "Budget summary for province \(code)")
            }
        } else if let code = context.organisation.code {
            provinces = [code.province]
            includes = { $0.code?.province == code.province && scope.contains($0.id) }
            title = context.organisation.level == .kabkota
                ? Localized(id: "Rekap anggaran kab/kota \(code)", en: "Budget summary for regency \(code)")
                : Localized(id: "Rekap anggaran provinsi \(code.province)", en: "Budget summary for province \(code.province)")
        } else {
            provinces = Array(Set(directory.organisations.compactMap { $0.code?.province })).sorted()
            includes = { scope.contains($0.id) }
            title = Localized(id: "Rekap anggaran semua provinsi", en: "Budget summary, all provinces")
        }

        var rows: [String: Row] = [:]
        for provinsi in provinces {
            for baris in try context.store.anggaran.summary(provinsi: provinsi.rawValue).baris {
                guard let org = directory.organisation(id: baris.kabkota), includes(org) else { continue }
                rows[baris.kabkota] = Row(org: baris.kabkota, provinsi: baris.apbdProvinsi, kabkota: baris.apbdKabkota,
                                          total: baris.total, komponen: baris.komponen)
            }
        }
        for total in try context.store.hibah.totals(kabkota: context.readableFilter) {
            guard let org = directory.organisation(id: total.kabkota), includes(org) else { continue }
            rows[total.kabkota, default: Row(org: total.kabkota)].hibah = total.jumlah
            rows[total.kabkota, default: Row(org: total.kabkota)].hibahCount = total.count
        }
        // By region code, then id: a regency's recipients stay together.
        let ordered = rows.values.sorted {
            let a = directory.organisation(id: $0.org)?.code?.rawValue ?? "", b = directory.organisation(id: $1.org)?.code?.rawValue ?? ""
            return a == b ? $0.org < $1.org : a < b
        }
        let request = Paging.request(number)
        let slice = Array(ordered.dropFirst(min(request.offset, ordered.count)).prefix(request.limit))
        let page = Page(items: slice, total: ordered.count, request: request)
        try Paging.requireExists(page)

        let totalProvinsi = ItemFormat.sum(ordered.map(\.provinsi))
        let totalKabkota = ItemFormat.sum(ordered.map(\.kabkota))
        let total = ItemFormat.sum(ordered.map(\.total))
        let totalHibah = ItemFormat.sum(ordered.map(\.hibah))

        let lang = context.lang
        func money(_ value: Rupiah?) -> String { value.map { "\($0)" } ?? (lang == .id ? "(terlalu besar)" : "(too large)") }
        var lines = [title(lang)]
        if ordered.isEmpty {
            lines.append(lang == .id ? "Belum ada pendanaan yang ditetapkan." : "No funding has been assigned yet.")
        } else {
            lines.append(Paging.header(page, noun: rowsNoun, lang: lang))
            for row in slice {
                lines.append("• \(ItemFormat.orgLabel(row.org, in: directory))")
                lines.append("  \(TingkatAPBD.provinsi.label(lang)) \(row.provinsi) · \(TingkatAPBD.kabkota.label(lang)) \(row.kabkota)")
                var third = "  \(lang == .id ? "Jumlah" : "Total") \(row.total) (\(row.komponen) \(lang == .id ? "komponen" : "components"))"
                if row.hibahCount > 0 {
                    third += lang == .id ? " · hibah dicairkan \(row.hibah) (\(row.hibahCount) tahap)"
                                         : " · grants disbursed \(row.hibah) (\(row.hibahCount) stages)"
                }
                lines.append(third)
            }
            if named?.level == .kabkota {
                lines += try componentLines(context: context, orgs: slice.map(\.org), provinsi: provinces[0].rawValue)
            }
            lines.append("Total \(TingkatAPBD.provinsi.label(lang)): \(money(totalProvinsi))")
            lines.append("Total \(TingkatAPBD.kabkota.label(lang)): \(money(totalKabkota))")
            lines.append("\(lang == .id ? "Total seluruhnya" : "Grand total"): \(money(total))")
            lines.append("\(lang == .id ? "Total hibah dicairkan" : "Total grants disbursed"): \(money(totalHibah))")
            let command = Localized(id: "/anggaran rekap" + (named.map { " @\($0.id)" } ?? ""),
                                    en: "/budget summary" + (named.map { " @\($0.id)" } ?? ""))
            if let hint = Paging.nextHint(page, command: command, lang: lang) { lines.append(hint) }
        }

        func amount(_ value: Rupiah?) -> JSONValue { value.map { .int($0.amount) } ?? .null }
        return CommandReply(text: lines.joined(separator: "\n"), data: [
            "org": JSONValue(named?.id), "provinsi": .array(provinces.map { .string($0.rawValue) }),
            "rows": .array(slice.map { row in
                ["kabkota": .string(row.org), "apbd_provinsi": .int(row.provinsi.amount),
                 "apbd_kabkota": .int(row.kabkota.amount), "total": .int(row.total.amount),
                 "komponen": JSONValue(row.komponen), "hibah": .int(row.hibah.amount),
                 "hibah_count": JSONValue(row.hibahCount)]
            }),
            "total_provinsi": amount(totalProvinsi), "total_kabkota": amount(totalKabkota), "total": amount(total),
            "hibah_total": amount(totalHibah), "paging": Paging.data(page),
        ])
    }

    /// For one regency: each component and the level funding it.
    static func componentLines(context: CommandContext, orgs: [String], provinsi: String) throws -> [String] {
        let lang = context.lang
        let uraian = Dictionary(try context.store.anggaran.items(provinsi: provinsi).map { ($0.kode, $0.uraian) },
                                uniquingKeysWith: { first, _ in first })
        var lines: [String] = []
        for org in orgs {
            let allocations = try context.store.anggaran.allocations(kabkota: org)
            guard !allocations.isEmpty else { continue }
            lines.append(lang == .id ? "Komponen \(ItemFormat.orgName(org, in: context.directory)):"
                                     : "Components of \(ItemFormat.orgName(org, in: context.directory)):")
            for alokasi in allocations {
                let name = uraian[alokasi.kode].map { " \(ItemFormat.clip($0, 60))" } ?? ""
                lines.append("  \(alokasi.kode)\(name): \(alokasi.tingkat.label(lang)) \(alokasi.jumlah)")
            }
        }
        return lines
    }
}

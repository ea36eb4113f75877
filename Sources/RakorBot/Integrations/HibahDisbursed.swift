import RakorCore
import RakorStore

/// `rakor.hibah.disbursed`: a grant stage (e.g. 40 % then 60 %) paid for a
/// regency under an agreement. `data`: `agreement` (`K-n`), `kabkota` (org
/// id), `tahap` (1…), `persen` (1–100), `jumlah` (whole Rupiah, integer or
/// `Rp 1.250.000.000`), optional `tanggal`. A stage already paid is a
/// `conflict`. The agreement's parties hear of it.
enum HibahDisbursed {
    static func apply(_ context: inout IntegrationContext) throws -> JSONValue {
        let data = try context.object()
        let agreementText = try data.requiredString("agreement")
        guard let agreementID = ItemID(parsing: agreementText, expected: .kesepakatan) else {
            throw CommandFailure(.badArguments, id: "'\(agreementText)' bukan nomor kesepakatan (K-n).",
                                 en: "'\(agreementText)' is not an agreement id (K-n).")
        }
        guard let agreement = try context.session.kesepakatan.find(agreementID) else {
            throw CommandFailure(.notFound, id: "Kesepakatan \(agreementID) tidak ditemukan.",
                                 en: "Agreement \(agreementID) not found.")
        }
        let regencyID = try data.requiredString("kabkota")
        guard let regency = context.directory.organisation(id: regencyID), regency.level == .kabkota else {
            throw CommandFailure(.badArguments, id: "'\(regencyID)' bukan organisasi kabupaten/kota.",
                                 en: "'\(regencyID)' is not a regency organisation.")
        }
        try context.require(target: regency)
        let tahap = try data.requiredInt("tahap", in: 1...10)
        let persen = try data.requiredInt("persen", in: 1...100)
        let jumlah = try amount(data)
        let tanggal = try data.optionalDate("tanggal") ?? regency.zone.localDate(at: context.now)
        // The regency's total must stay summable: one absurd amount would
        // otherwise make every later `/anggaran rekap` fail.
        let paid = try context.session.hibah.totals(kabkota: .one(regency.id)).first?.jumlah.amount ?? 0
        guard !paid.addingReportingOverflow(jumlah.amount).overflow else {
            throw CommandFailure(.badArguments,
                                 id: "Jumlah \(jumlah) tidak masuk akal: total hibah \(regency.id) akan melampaui batas.",
                                 en: "Amount \(jumlah) is not plausible: the grant total of \(regency.id) would overflow.")
        }

        let pencairan = PencairanHibah(eventID: context.event.id, kesepakatan: agreementID, kabkota: regency.id,
                                       tahap: Int(tahap), persen: Int(persen), jumlah: jumlah, tanggal: tanggal,
                                       sumber: context.integrator.id)
        switch try context.session.hibah.record(pencairan) {
        case .recorded, .duplicateEvent:
            break
        case .stageAlreadyPaid(let existing):
            throw CommandFailure(.conflict,
                                 id: "Tahap \(existing.tahap) untuk \(regency.id) pada \(agreementID) sudah dicairkan (\(existing.jumlah), \(existing.tanggal.iso)).",
                                 en: "Stage \(existing.tahap) for \(regency.id) under \(agreementID) was already paid (\(existing.jumlah), \(existing.tanggal.iso)).")
        }
        try context.session.kesepakatan.appendHistory(agreementID, Riwayat(
            pada: context.now, oleh: context.integrator.id, aksi: "hibah",
            keterangan: "tahap \(tahap) (\(persen)%) \(jumlah) untuk \(regency.id)"))

        let summary: JSONValue = [
            "agreement": .string(agreementID.description), "kabkota": .string(regency.id),
            "tahap": .int(tahap), "persen": .int(persen), "jumlah": .int(jumlah.amount),
            "tanggal": .string(tanggal.iso),
        ]
        context.effects.record("rakor.hibah.disbursed", subject: "agreement/\(agreementID)", data: summary)
        let text = """
            💰 Hibah tahap \(tahap) (\(persen)%) untuk \(regency.displayName) atas \(agreementID) telah dicairkan: \
            \(jumlah), \(TanggalFormat.long(tanggal, lang: .id)).
            Grant stage \(tahap) (\(persen)%) for \(regency.displayName) under \(agreementID) was paid: \(jumlah).
            """
        for chat in context.chats(of: agreement.pihak + [regency.id]) {
            context.effects.notify(chat: chat, text: text, data: summary)
        }
        return summary
    }

    private static func amount(_ data: JSONObject) throws(CommandFailure) -> Rupiah {
        let value = data["jumlah"]
        if let number = value?.intValue, number > 0 { return Rupiah(number) }
        if let text = value?.stringValue, let rupiah = Rupiah(parsing: text), rupiah.amount > 0 { return rupiah }
        throw CommandFailure(.badArguments, id: "Kolom 'jumlah' wajib jumlah Rupiah bulat yang positif.",
                             en: "Field 'jumlah' must be a positive whole Rupiah amount.")
    }
}

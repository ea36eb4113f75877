import Foundation

/// Which regional budget funds a cost component for a regency.
public enum TingkatAPBD: String, Sendable, Hashable, CaseIterable, Codable {
    case provinsi
    case kabkota

    public init?(word: some StringProtocol) {
        switch word.lowercased() {
        case "provinsi", "prov", "province", "provincial": self = .provinsi
        case "kabkota", "kab/kota", "kabupaten", "kota", "regency", "regional": self = .kabkota
        default: return nil
        }
    }

    public var label: Localized {
        switch self {
        case .provinsi: Localized(id: "APBD provinsi", en: "provincial APBD")
        case .kabkota: Localized(id: "APBD kab/kota", en: "regency APBD")
        }
    }
}

/// A cost component of a cost-sharing decree (e.g. `KPU-03` "honor badan ad hoc").
/// Components belong to the province whose decree lists them.
public struct AnggaranItem: Sendable, Hashable {
    public var kode: String
    public var uraian: String
    /// The province organisation's region code (e.g. `63`) whose decree this is.
    public var provinsi: String
    public var dibuatOleh: String
    public var dibuatPada: Date

    public init(kode: String, uraian: String, provinsi: String, dibuatOleh: String, dibuatPada: Date) {
        self.kode = kode
        self.uraian = uraian
        self.provinsi = provinsi
        self.dibuatOleh = dibuatOleh
        self.dibuatPada = dibuatPada
    }
}

/// Which level funds one component for one regency, and how much.
public struct Alokasi: Sendable, Hashable {
    public var kode: String
    /// The regency (kab/kota) organisation id the component is funded for.
    public var kabkota: String
    public var tingkat: TingkatAPBD
    public var jumlah: Rupiah
    public var olehUser: String
    public var pada: Date

    public init(kode: String, kabkota: String, tingkat: TingkatAPBD, jumlah: Rupiah, olehUser: String, pada: Date) {
        self.kode = kode
        self.kabkota = kabkota
        self.tingkat = tingkat
        self.jumlah = jumlah
        self.olehUser = olehUser
        self.pada = pada
    }
}

/// The cost-sharing rule: one component is funded by exactly one level per
/// regency, so nothing is budgeted twice (SK Gubernur Kalsel 188.44/0575/KUM/2023).
public enum CostSharingRule {
    public enum Outcome: Sendable, Hashable {
        /// No allocation yet: record it.
        case baru
        /// Same level again: update the amount (with history).
        case ubahJumlah(dari: Rupiah)
    }

    /// Decides a new assignment against the existing one, or refuses with a
    /// `conflict` naming the level and amount already funding it.
    public static func decide(existing: Alokasi?, kode: String, kabkota: String,
                              tingkat: TingkatAPBD) throws(CommandFailure) -> Outcome {
        guard let existing else { return .baru }
        guard existing.tingkat == tingkat else {
            throw CommandFailure(
                .conflict,
                id: "\(kode) untuk \(kabkota) sudah didanai \(existing.tingkat.label.id) sebesar \(existing.jumlah); satu komponen hanya boleh didanai satu tingkat.",
                en: "\(kode) for \(kabkota) is already funded by the \(existing.tingkat.label.en) (\(existing.jumlah)); a component may be funded by one level only.")
        }
        return .ubahJumlah(dari: existing.jumlah)
    }
}

/// A grant stage paid for a regency's agreement (`rakor.hibah.disbursed`).
public struct PencairanHibah: Sendable, Hashable {
    public var eventID: String
    public var kesepakatan: ItemID
    public var kabkota: String
    public var tahap: Int
    public var persen: Int
    public var jumlah: Rupiah
    public var tanggal: LocalDate
    public var sumber: String

    public init(eventID: String, kesepakatan: ItemID, kabkota: String, tahap: Int, persen: Int,
                jumlah: Rupiah, tanggal: LocalDate, sumber: String) {
        self.eventID = eventID
        self.kesepakatan = kesepakatan
        self.kabkota = kabkota
        self.tahap = tahap
        self.persen = persen
        self.jumlah = jumlah
        self.tanggal = tanggal
        self.sumber = sumber
    }
}

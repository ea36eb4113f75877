import Foundation
import RakorCore

/// Who funds how much for one regency: the row of `/anggaran rekap`.
public struct AnggaranRekapBaris: Sendable, Hashable {
    public var kabkota: String
    /// Funded by the provincial APBD.
    public var apbdProvinsi: Rupiah
    /// Funded by the regency's own APBD.
    public var apbdKabkota: Rupiah
    /// Both levels together.
    public var total: Rupiah
    /// How many cost components are allocated for this regency.
    public var komponen: Int

    public init(kabkota: String, apbdProvinsi: Rupiah, apbdKabkota: Rupiah, total: Rupiah, komponen: Int) {
        self.kabkota = kabkota
        self.apbdProvinsi = apbdProvinsi
        self.apbdKabkota = apbdKabkota
        self.total = total
        self.komponen = komponen
    }
}

/// The cost-sharing summary for a province or one regency: per regency and
/// per level, every sum computed by SQLite in 64-bit integers.
public struct AnggaranRekap: Sendable, Hashable {
    /// One row per regency, by regency id.
    public var baris: [AnggaranRekapBaris]
    public var totalProvinsi: Rupiah
    public var totalKabkota: Rupiah
    public var total: Rupiah

    public init(baris: [AnggaranRekapBaris], totalProvinsi: Rupiah, totalKabkota: Rupiah, total: Rupiah) {
        self.baris = baris
        self.totalProvinsi = totalProvinsi
        self.totalKabkota = totalKabkota
        self.total = total
    }

    /// The total funded by one level.
    public func total(_ tingkat: TingkatAPBD) -> Rupiah {
        switch tingkat {
        case .provinsi: totalProvinsi
        case .kabkota: totalKabkota
        }
    }
}

/// One change of an allocation: what it was, what it became, who, when.
public struct AlokasiPerubahan: Sendable, Hashable {
    public var kode: String
    public var kabkota: String
    public var tingkat: TingkatAPBD
    /// nil for the first assignment.
    public var jumlahLama: Rupiah?
    public var jumlahBaru: Rupiah
    public var olehUser: String
    public var pada: Date

    public init(kode: String, kabkota: String, tingkat: TingkatAPBD, jumlahLama: Rupiah?, jumlahBaru: Rupiah,
                olehUser: String, pada: Date) {
        self.kode = kode
        self.kabkota = kabkota
        self.tingkat = tingkat
        self.jumlahLama = jumlahLama
        self.jumlahBaru = jumlahBaru
        self.olehUser = olehUser
        self.pada = pada
    }
}


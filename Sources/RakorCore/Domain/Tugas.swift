import Foundation

/// Where a task stands. Only an open task can be completed, reassigned or cancelled.
public enum TugasStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case terbuka
    case selesai
    case batal

    public var label: Localized {
        switch self {
        case .terbuka: Localized(id: "terbuka", en: "open")
        case .selesai: Localized(id: "selesai", en: "done")
        case .batal: Localized(id: "batal", en: "cancelled")
        }
    }

    /// Accepts the Indonesian and English words (`terbuka`/`open`, …).
    public init?(word: some StringProtocol) {
        switch word.lowercased() {
        case "terbuka", "open", "buka": self = .terbuka
        case "selesai", "done", "completed", "complete": self = .selesai
        case "batal", "cancelled", "canceled", "cancel": self = .batal
        default: return nil
        }
    }
}

/// How often a recurring task comes back (e.g. the quarterly social-conflict
/// map from each regency's Kesbangpol to the province).
public enum Pengulangan: String, Sendable, Hashable, CaseIterable, Codable {
    case bulanan
    case triwulanan

    public var months: Int {
        switch self {
        case .bulanan: 1
        case .triwulanan: 3
        }
    }

    public init?(word: some StringProtocol) {
        switch word.lowercased() {
        case "bulanan", "monthly": self = .bulanan
        case "triwulanan", "quarterly", "kuartalan": self = .triwulanan
        default: return nil
        }
    }
}

/// A follow-up task (`T-n`) assigned to an organisation.
public struct Tugas: Sendable, Hashable {
    public var id: ItemID
    public var judul: String
    /// The organisation that must do it.
    public var untukOrg: String
    /// Who assigned it, and from which organisation.
    public var olehUser: String
    public var olehOrg: String
    public var tenggat: LocalDate
    public var rakor: ItemID?
    public var status: TugasStatus
    public var pengulangan: Pengulangan?
    /// The first task of a recurring series (itself for the first period).
    public var seri: ItemID?
    public var dibuatPada: Date
    public var ditutupPada: Date?
    public var catatan: String?

    public init(id: ItemID, judul: String, untukOrg: String, olehUser: String, olehOrg: String,
                tenggat: LocalDate, rakor: ItemID? = nil, status: TugasStatus = .terbuka,
                pengulangan: Pengulangan? = nil, seri: ItemID? = nil, dibuatPada: Date,
                ditutupPada: Date? = nil, catatan: String? = nil) {
        self.id = id
        self.judul = judul
        self.untukOrg = untukOrg
        self.olehUser = olehUser
        self.olehOrg = olehOrg
        self.tenggat = tenggat
        self.rakor = rakor
        self.status = status
        self.pengulangan = pengulangan
        self.seri = seri
        self.dibuatPada = dibuatPada
        self.ditutupPada = ditutupPada
        self.catatan = catatan
    }

    /// Refuses closing or moving a task that is no longer open (`conflict`).
    public func requireOpen(for action: Localized) throws(CommandFailure) {
        guard status == .terbuka else {
            throw CommandFailure(.conflict,
                                 id: "\(id) sudah \(status.label.id); tidak dapat \(action.id).",
                                 en: "\(id) is already \(status.label.en); cannot \(action.en).")
        }
    }
}

/// One line of a task's or agreement's history.
public struct Riwayat: Sendable, Hashable {
    public var pada: Date
    public var oleh: String
    /// A short machine word: `dibuat`, `dialihkan`, `selesai`, `batal`, `status`, `hibah`, ….
    public var aksi: String
    public var keterangan: String?

    public init(pada: Date, oleh: String, aksi: String, keterangan: String? = nil) {
        self.pada = pada
        self.oleh = oleh
        self.aksi = aksi
        self.keterangan = keterangan
    }
}

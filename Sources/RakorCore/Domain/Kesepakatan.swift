import Foundation

/// The life of an agreement: `diusulkan → disepakati → berjalan → terealisasi`,
/// and from any state that is not final, `batal`.
public enum KesepakatanStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case diusulkan
    case disepakati
    case berjalan
    case terealisasi
    case batal

    public var label: Localized {
        switch self {
        case .diusulkan: Localized(id: "diusulkan", en: "proposed")
        case .disepakati: Localized(id: "disepakati", en: "agreed")
        case .berjalan: Localized(id: "berjalan", en: "in progress")
        case .terealisasi: Localized(id: "terealisasi", en: "realised")
        case .batal: Localized(id: "batal", en: "cancelled")
        }
    }

    /// Accepts the Indonesian status words and English equivalents.
    public init?(word: some StringProtocol) {
        switch word.lowercased() {
        case "diusulkan", "proposed": self = .diusulkan
        case "disepakati", "agreed": self = .disepakati
        case "berjalan", "in-progress", "inprogress", "ongoing", "running": self = .berjalan
        case "terealisasi", "realised", "realized", "done": self = .terealisasi
        case "batal", "cancelled", "canceled": self = .batal
        default: return nil
        }
    }

    public var isFinal: Bool { self == .terealisasi || self == .batal }

    /// The one legal step forward, if any.
    public var next: KesepakatanStatus? {
        switch self {
        case .diusulkan: .disepakati
        case .disepakati: .berjalan
        case .berjalan: .terealisasi
        case .terealisasi, .batal: nil
        }
    }

    public func canMove(to target: KesepakatanStatus) -> Bool {
        if isFinal { return false }
        return target == .batal || target == next
    }

    /// The transition, or a `conflict` that says which moves are allowed.
    public func move(to target: KesepakatanStatus, agreement: ItemID) throws(CommandFailure) -> KesepakatanStatus {
        guard canMove(to: target) else {
            let allowedID = isFinal ? "tidak ada (status akhir)" : [next?.rawValue, "batal"].compactMap { $0 }.joined(separator: ", ")
            let allowedEN = isFinal ? "none (final status)" : [next?.rawValue, "batal"].compactMap { $0 }.joined(separator: ", ")
            throw CommandFailure(.conflict,
                                 id: "\(agreement) berstatus \(rawValue); tidak dapat menjadi \(target.rawValue). Yang boleh: \(allowedID).",
                                 en: "\(agreement) is \(rawValue); it cannot become \(target.rawValue). Allowed: \(allowedEN).")
        }
        return target
    }
}

/// An agreement (`K-n`) reached at a meeting, with the organisations bound by it.
public struct Kesepakatan: Sendable, Hashable {
    public var id: ItemID
    public var rakor: ItemID?
    public var isi: String
    public var pihak: [String]
    public var tenggat: LocalDate?
    public var status: KesepakatanStatus
    public var dibuatOleh: String
    public var dibuatOlehOrg: String
    public var dibuatPada: Date

    public init(id: ItemID, rakor: ItemID?, isi: String, pihak: [String], tenggat: LocalDate?,
                status: KesepakatanStatus = .diusulkan, dibuatOleh: String, dibuatOlehOrg: String, dibuatPada: Date) {
        self.id = id
        self.rakor = rakor
        self.isi = isi
        self.pihak = pihak
        self.tenggat = tenggat
        self.status = status
        self.dibuatOleh = dibuatOleh
        self.dibuatOlehOrg = dibuatOlehOrg
        self.dibuatPada = dibuatPada
    }
}

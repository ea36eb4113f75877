import Foundation

/// A coordination meeting (`R-n`) whose agreements and tasks refer back to it.
public struct Rakor: Sendable, Hashable {
    public var id: ItemID
    public var judul: String
    public var tanggal: LocalDate
    public var tempat: String?
    /// The organisation that convened it (the recording coordinator's).
    public var penyelenggara: String
    public var dibuatOleh: String
    public var dibuatPada: Date

    public init(id: ItemID, judul: String, tanggal: LocalDate, tempat: String?,
                penyelenggara: String, dibuatOleh: String, dibuatPada: Date) {
        self.id = id
        self.judul = judul
        self.tanggal = tanggal
        self.tempat = tempat
        self.penyelenggara = penyelenggara
        self.dibuatOleh = dibuatOleh
        self.dibuatPada = dibuatPada
    }
}

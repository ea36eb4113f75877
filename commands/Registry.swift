import RakorCore

extension CommandRegistry {
    /// Every command rakorbot understands. A new command family is a new file
    /// in `commands/` declaring `static let specs`, added to this list.
    public static let standard = CommandRegistry(
        BantuanFamily.specs
            + TenggatFamily.specs
            + JadwalFamily.specs
            + LanggananFamily.specs
            + RakorFamily.specs
            + TugasFamily.specs
            + KesepakatanFamily.specs
            + AnggaranFamily.specs
    )
}

/// Everything a command can do, as far as permission is concerned. Each
/// command handler names its `Aksi` and the organisation it acts on (the
/// *target*); `PermissionPolicy` decides. What the target is, per action:
///
/// | aksi | target |
/// |---|---|
/// | `bantuan`, `lihatJadwal`, `langganan` | none (open to every known user) |
/// | `lihat` | the organisation whose records are read (a task's assignee, an agreement's party, a meeting's convener, a regency's budget) |
/// | `rakorBaru` | the convening organisation (nil: the actor's own) |
/// | `tugasBaru` | the organisation the task is assigned to |
/// | `tugasSelesai`, `tugasBatal` | the task's assignee organisation |
/// | `tugasAlihkan` | both the current and the new assignee: check each |
/// | `kesepakatanBaru`, `kesepakatanStatus` | every party of the agreement: check each (no parties: the actor's own organisation) |
/// | `anggaranItemBaru` | an organisation of the province whose decree lists the component (nil: the actor's own) |
/// | `anggaranTetapkan` | the regency (kab/kota) organisation the component is funded for |
/// | `anggaranRekap` | the regency summarised (nil: the actor's own organisation; for "all", use `readableOrgs`) |
public enum Aksi: String, Sendable, Hashable, CaseIterable, Codable {
    case bantuan
    case lihatJadwal
    case langganan
    case lihat
    case rakorBaru
    case tugasBaru
    case tugasSelesai
    case tugasAlihkan
    case tugasBatal
    case kesepakatanBaru
    case kesepakatanStatus
    case anggaranItemBaru
    case anggaranTetapkan
    case anggaranRekap

    /// Open to every user in the directory, whatever their roles.
    public var terbukaUntukSemua: Bool {
        switch self {
        case .bantuan, .lihatJadwal, .langganan: true
        default: false
        }
    }

    /// Changes recorded state (tasks, agreements, meetings, budgets).
    /// `langganan` changes only a chat's reminder subscription, not records.
    public var mengubahData: Bool {
        switch self {
        case .bantuan, .lihatJadwal, .langganan, .lihat, .anggaranRekap: false
        case .rakorBaru, .tugasBaru, .tugasSelesai, .tugasAlihkan, .tugasBatal,
             .kesepakatanBaru, .kesepakatanStatus, .anggaranItemBaru, .anggaranTetapkan: true
        }
    }

    /// A verb phrase that completes "Anda tidak berwenang …" / "You are not authorised to …".
    public var label: Localized {
        switch self {
        case .bantuan: Localized(id: "melihat bantuan", en: "view help")
        case .lihatJadwal: Localized(id: "melihat jadwal dan tenggat", en: "view schedules and deadlines")
        case .langganan: Localized(id: "mengatur langganan pengingat", en: "manage reminder subscriptions")
        case .lihat: Localized(id: "melihat data", en: "view the records")
        case .rakorBaru: Localized(id: "mencatat rakor", en: "record a meeting")
        case .tugasBaru: Localized(id: "memberi tugas", en: "assign a task")
        case .tugasSelesai: Localized(id: "menyelesaikan tugas", en: "complete a task")
        case .tugasAlihkan: Localized(id: "mengalihkan tugas", en: "reassign a task")
        case .tugasBatal: Localized(id: "membatalkan tugas", en: "cancel a task")
        case .kesepakatanBaru: Localized(id: "mencatat kesepakatan", en: "record an agreement")
        case .kesepakatanStatus: Localized(id: "mengubah status kesepakatan", en: "change an agreement's status")
        case .anggaranItemBaru: Localized(id: "menambah komponen biaya", en: "add a cost component")
        case .anggaranTetapkan: Localized(id: "menetapkan anggaran", en: "assign a budget")
        case .anggaranRekap: Localized(id: "melihat rekap anggaran", en: "view the budget summary")
        }
    }
}

import GRDB

/// The database as one `write`/`read` closure sees it: typed repositories
/// over the closure's connection and transaction.
///
/// Valid only inside the closure that received it: it wraps GRDB's
/// `Database`, which must not escape (it is not `Sendable`, and using it
/// after the closure returns is a programming error GRDB traps on).
public struct StoreSession {
    let db: Database

    init(_ db: Database) {
        self.db = db
    }

    /// Meetings, `R-n`.
    public var rakor: RakorRepository { RakorRepository(db: db) }
    /// Tasks, `T-n`, their history and recurring series.
    public var tugas: TugasRepository { TugasRepository(db: db) }
    /// Agreements, `K-n`, their parties and history.
    public var kesepakatan: KesepakatanRepository { KesepakatanRepository(db: db) }
    /// Grant disbursements per agreement and totals per regency.
    public var hibah: HibahRepository { HibahRepository(db: db) }
    /// Cost components, allocations per regency, their history and summaries.
    public var anggaran: AnggaranRepository { AnggaranRepository(db: db) }
    /// The processed-message ledger (exactly-once over at-least-once Kafka).
    public var ledger: LedgerRepository { LedgerRepository(db: db) }
    /// Messages committed for Kafka but not yet delivered.
    public var outbox: OutboxRepository { OutboxRepository(db: db) }
    /// The head (sequence, hash) of each audit chain.
    public var auditHead: AuditHeadRepository { AuditHeadRepository(db: db) }
    /// Integrator calendar changes, replayed at start-up.
    public var calendarChanges: CalendarChangeRepository { CalendarChangeRepository(db: db) }
    /// Chats subscribed to, or asking about, elections.
    public var subscriptions: SubscriptionRepository { SubscriptionRepository(db: db) }
    /// Reminders already sent.
    public var reminders: ReminderRepository { ReminderRepository(db: db) }
    /// Small key/value settings.
    public var meta: MetaRepository { MetaRepository(db: db) }
}

@available(*, unavailable, message: "A StoreSession is valid only inside its store closure")
extension StoreSession: Sendable {}

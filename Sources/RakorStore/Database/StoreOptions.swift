/// How the database file is opened. The defaults are what production uses;
/// each one trades something, so each says why.
public struct StoreOptions: Sendable, Hashable {
    /// How long a connection waits for a lock held by another process (e.g.
    /// an operator's `sqlite3` shell or a backup) before failing with BUSY.
    /// Within the bot there is one writer, so waits only come from outside.
    public var busyTimeoutSeconds: Double
    /// Concurrent read connections of the pool (WAL readers never block the writer).
    public var maximumReaders: Int
    /// Page cache of the writer connection, KiB. Index pages of a million
    /// tasks and the ledger's key index stay hot; reads are served by readers.
    public var writerCacheKiB: Int
    /// Page cache of each reader connection, KiB.
    public var readerCacheKiB: Int
    /// WAL pages after which a commit checkpoints into the database file.
    /// Larger than SQLite's 1000: the outbox writes and deletes the same
    /// pages over and over, and a checkpoint copies a page once however often
    /// it changed, so fewer checkpoints mean fewer writes and fsyncs (measured:
    /// 1000 → 8000 pages cut bytes written per command by about a fifth). The
    /// price is a longer pause for the commit that runs the checkpoint.
    public var walAutocheckpointPages: Int
    /// After a checkpoint the WAL file is truncated to this size, so one
    /// burst does not leave a huge file behind.
    public var journalSizeLimitBytes: Int

    public init(busyTimeoutSeconds: Double = 5,
                maximumReaders: Int = 4,
                writerCacheKiB: Int = 64 * 1024,
                readerCacheKiB: Int = 16 * 1024,
                walAutocheckpointPages: Int = 8000,
                journalSizeLimitBytes: Int = 64 * 1024 * 1024) {
        self.busyTimeoutSeconds = busyTimeoutSeconds
        self.maximumReaders = maximumReaders
        self.writerCacheKiB = writerCacheKiB
        self.readerCacheKiB = readerCacheKiB
        self.walAutocheckpointPages = walAutocheckpointPages
        self.journalSizeLimitBytes = journalSizeLimitBytes
    }
}

/// The first schema. Conventions (see `Stored` in ColumnCoding.swift): dates
/// are REAL seconds since 2001-01-01, calendar days INTEGER days since
/// 1970-01-01, money INTEGER whole Rupiah, enums their TEXT raw value.
///
/// Every index says which query it serves. Nothing here is read at open except
/// GRDB's small migrations table, so start-up does not grow with the data.
enum SchemaV1 {
    static let sql = """
    -- Meetings, R-n. `id` is the rowid: an INSERT without it takes max(id)+1,
    -- so numbers are sequential (and a rolled-back number is simply reused).
    CREATE TABLE rakor (
        id INTEGER PRIMARY KEY,
        judul TEXT NOT NULL,
        tanggal INTEGER NOT NULL,
        tempat TEXT,
        penyelenggara TEXT NOT NULL,
        dibuat_oleh TEXT NOT NULL,
        dibuat_pada REAL NOT NULL
    );
    -- RakorRepository.list(organiser .one/.anyOf): newest first per organiser.
    CREATE INDEX rakor_by_penyelenggara ON rakor(penyelenggara, tanggal, id);
    -- RakorRepository.list(.all): newest first without sorting the table.
    CREATE INDEX rakor_by_tanggal ON rakor(tanggal, id);

    -- Tasks, T-n.
    CREATE TABLE tugas (
        id INTEGER PRIMARY KEY,
        judul TEXT NOT NULL,
        untuk_org TEXT NOT NULL,
        oleh_user TEXT NOT NULL,
        oleh_org TEXT NOT NULL,
        tenggat INTEGER NOT NULL,
        rakor INTEGER REFERENCES rakor(id),
        status TEXT NOT NULL CHECK (status IN ('terbuka', 'selesai', 'batal')),
        pengulangan TEXT CHECK (pengulangan IN ('bulanan', 'triwulanan')),
        seri INTEGER REFERENCES tugas(id),
        dibuat_pada REAL NOT NULL,
        ditutup_pada REAL,
        catatan TEXT
    );
    -- TugasRepository.list/count with an org filter (one org or a set, with
    -- or without statuses), ordered by due date; openTasks(of:) ("tugas saya").
    CREATE INDEX tugas_by_org ON tugas(untuk_org, status, tenggat, id);
    -- TugasRepository.list/count with statuses but no org filter;
    -- openTasksDue(from:through:) for reminders (status = open, due in a range).
    CREATE INDEX tugas_by_status ON tugas(status, tenggat, id);
    -- TugasRepository.list with no filter at all: first page by due date
    -- without sorting every task.
    CREATE INDEX tugas_by_tenggat ON tugas(tenggat, id);
    -- TugasRepository.list(rakor:): the tasks of one meeting.
    CREATE INDEX tugas_by_rakor ON tugas(rakor, tenggat, id) WHERE rakor IS NOT NULL;
    -- TugasRepository.nextPeriod/findInSeries: one task per period of a
    -- recurring series, enforced, so a period is never created twice.
    CREATE UNIQUE INDEX tugas_by_seri ON tugas(seri, tenggat) WHERE seri IS NOT NULL;

    -- A task's history, in order.
    CREATE TABLE tugas_riwayat (
        id INTEGER PRIMARY KEY,
        tugas INTEGER NOT NULL REFERENCES tugas(id),
        pada REAL NOT NULL,
        oleh TEXT NOT NULL,
        aksi TEXT NOT NULL,
        keterangan TEXT
    );
    -- TugasRepository.history(of:).
    CREATE INDEX tugas_riwayat_by_tugas ON tugas_riwayat(tugas, id);

    -- Agreements, K-n.
    CREATE TABLE kesepakatan (
        id INTEGER PRIMARY KEY,
        rakor INTEGER REFERENCES rakor(id),
        isi TEXT NOT NULL,
        tenggat INTEGER,
        status TEXT NOT NULL
            CHECK (status IN ('diusulkan', 'disepakati', 'berjalan', 'terealisasi', 'batal')),
        dibuat_oleh TEXT NOT NULL,
        dibuat_oleh_org TEXT NOT NULL,
        dibuat_pada REAL NOT NULL
    );
    -- KesepakatanRepository.list(rakor:): the agreements of one meeting.
    CREATE INDEX kesepakatan_by_rakor ON kesepakatan(rakor, id) WHERE rakor IS NOT NULL;
    -- KesepakatanRepository.list(status:).
    CREATE INDEX kesepakatan_by_status ON kesepakatan(status, id);

    -- The organisations bound by an agreement, in the order they were named.
    -- The primary key serves reading an agreement's parties.
    CREATE TABLE kesepakatan_pihak (
        kesepakatan INTEGER NOT NULL REFERENCES kesepakatan(id),
        urutan INTEGER NOT NULL,
        org TEXT NOT NULL,
        PRIMARY KEY (kesepakatan, urutan)
    ) WITHOUT ROWID;
    -- KesepakatanRepository.list(pihak:): the agreements an org is party to.
    CREATE INDEX kesepakatan_pihak_by_org ON kesepakatan_pihak(org, kesepakatan);

    -- An agreement's history, in order.
    CREATE TABLE kesepakatan_riwayat (
        id INTEGER PRIMARY KEY,
        kesepakatan INTEGER NOT NULL REFERENCES kesepakatan(id),
        pada REAL NOT NULL,
        oleh TEXT NOT NULL,
        aksi TEXT NOT NULL,
        keterangan TEXT
    );
    -- KesepakatanRepository.history(of:).
    CREATE INDEX kesepakatan_riwayat_by_kesepakatan ON kesepakatan_riwayat(kesepakatan, id);

    -- Grant disbursements (rakor.hibah.disbursed). The event id is the key,
    -- so a redelivered integrator event is recorded once.
    CREATE TABLE pencairan_hibah (
        event_id TEXT NOT NULL PRIMARY KEY,
        kesepakatan INTEGER NOT NULL REFERENCES kesepakatan(id),
        kabkota TEXT NOT NULL,
        tahap INTEGER NOT NULL,
        persen INTEGER NOT NULL,
        jumlah INTEGER NOT NULL CHECK (jumlah >= 0),
        tanggal INTEGER NOT NULL,
        sumber TEXT NOT NULL
    ) WITHOUT ROWID;
    -- HibahRepository.record (one payment per stage, per regency, per
    -- agreement) and list(kesepakatan:) in stage order.
    CREATE UNIQUE INDEX pencairan_by_kesepakatan ON pencairan_hibah(kesepakatan, kabkota, tahap);
    -- HibahRepository.totals: sums per regency from the index alone.
    CREATE INDEX pencairan_by_kabkota ON pencairan_hibah(kabkota, jumlah);

    -- Cost components of a province's cost-sharing decree. The primary key
    -- makes a code unique per province and serves find/list by province.
    CREATE TABLE anggaran_item (
        provinsi TEXT NOT NULL,
        kode TEXT NOT NULL,
        uraian TEXT NOT NULL,
        dibuat_oleh TEXT NOT NULL,
        dibuat_pada REAL NOT NULL,
        PRIMARY KEY (provinsi, kode)
    ) WITHOUT ROWID;

    -- Which level funds a component for a regency. The primary key is the
    -- cost-sharing rule's "one level per component per regency".
    CREATE TABLE alokasi (
        kode TEXT NOT NULL,
        kabkota TEXT NOT NULL,
        provinsi TEXT NOT NULL,
        tingkat TEXT NOT NULL CHECK (tingkat IN ('provinsi', 'kabkota')),
        jumlah INTEGER NOT NULL CHECK (jumlah >= 0),
        oleh_user TEXT NOT NULL,
        pada REAL NOT NULL,
        PRIMARY KEY (kode, kabkota),
        FOREIGN KEY (provinsi, kode) REFERENCES anggaran_item(provinsi, kode)
    ) WITHOUT ROWID;
    -- AnggaranRepository.summary(provinsi:): sums per regency and level from
    -- the index alone.
    CREATE INDEX alokasi_by_provinsi ON alokasi(provinsi, kabkota, tingkat, jumlah);
    -- AnggaranRepository.summary(kabkota:) and allocations(kabkota:) by code.
    CREATE INDEX alokasi_by_kabkota ON alokasi(kabkota, kode);

    -- Every change of an allocation (old and new amount, who, when).
    CREATE TABLE alokasi_riwayat (
        id INTEGER PRIMARY KEY,
        kode TEXT NOT NULL,
        kabkota TEXT NOT NULL,
        tingkat TEXT NOT NULL,
        jumlah_lama INTEGER,
        jumlah_baru INTEGER NOT NULL,
        oleh_user TEXT NOT NULL,
        pada REAL NOT NULL
    );
    -- AnggaranRepository.history(kode:kabkota:).
    CREATE INDEX alokasi_riwayat_by_item ON alokasi_riwayat(kode, kabkota, id);

    -- The processed-message ledger: one row per command / integrator event /
    -- undecodable record, with the reply it got, committed with its effects.
    -- A rowid table: rows (with their reply bytes) are appended in processing
    -- order, so the table grows at its end and the rowid order is the time
    -- order LedgerRepository.prune walks from the oldest entry (no index on
    -- `at`: one B-tree less to update per command on the hot path).
    CREATE TABLE ledger (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
        error_code TEXT,
        reply BLOB,
        at REAL NOT NULL
    );
    -- LedgerRepository.lookup(keys:) (one query per chunk of a batch) and the
    -- inserts' duplicate guard.
    CREATE UNIQUE INDEX ledger_by_key ON ledger(key);

    -- Messages committed but not yet delivered to Kafka. AUTOINCREMENT keeps
    -- `seq` rising even after the relay empties the table, so a relay cursor
    -- ("after seq n") is never confused by a reused number.
    -- pending(after:), delete(seqs:), delete(upTo:) all use the rowid.
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        topic TEXT NOT NULL,
        key BLOB,
        value BLOB NOT NULL,
        headers BLOB
    );

    -- The head of each audit hash chain. The primary key serves get/set.
    CREATE TABLE audit_head (
        chain TEXT NOT NULL PRIMARY KEY,
        sequence INTEGER NOT NULL CHECK (sequence >= 0),
        hash TEXT NOT NULL
    ) WITHOUT ROWID;

    -- Integrator calendar changes, append-only, replayed in `seq` order at start.
    CREATE TABLE calendar_change (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('published', 'rescheduled')),
        calendar_id TEXT NOT NULL,
        document TEXT,
        stage_id TEXT,
        start_day INTEGER,
        end_day INTEGER,
        reason TEXT,
        source TEXT,
        event_id TEXT,
        at REAL NOT NULL,
        CHECK ((kind = 'published' AND document IS NOT NULL)
            OR (kind = 'rescheduled' AND stage_id IS NOT NULL AND start_day IS NOT NULL AND end_day IS NOT NULL))
    );

    -- Chats subscribed to an election's stage reminders. The primary key
    -- serves chats(subscribedTo:) (reminder fan-out) and subscribe/unsubscribe.
    CREATE TABLE subscription (
        election TEXT NOT NULL,
        chat TEXT NOT NULL,
        since REAL NOT NULL,
        PRIMARY KEY (election, chat)
    ) WITHOUT ROWID;
    -- SubscriptionRepository.elections(of chat:).
    CREATE INDEX subscription_by_chat ON subscription(chat, election);

    -- Chats that asked about an election (so a reschedule notice reaches
    -- them). The primary key serves the upsert and chats(thatAsked:).
    CREATE TABLE inquiry (
        election TEXT NOT NULL,
        chat TEXT NOT NULL,
        last_at REAL NOT NULL,
        PRIMARY KEY (election, chat)
    ) WITHOUT ROWID;

    -- Reminders already sent; the primary key is the reminder id.
    CREATE TABLE reminder_sent (
        id TEXT NOT NULL PRIMARY KEY,
        sent_at REAL NOT NULL,
        late INTEGER NOT NULL CHECK (late IN (0, 1))
    ) WITHOUT ROWID;

    -- Small settings (instance id, schema notes …).
    CREATE TABLE meta (
        key TEXT NOT NULL PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    """
}

import Foundation
import GRDB
import RakorCore
import Testing
@testable import RakorStore

@Suite struct StoreOpeningTests {
    @Test func freshFileDatabaseIsMigratedWithEveryTable() throws {
        let dir = try TemporaryDirectory()
        let store = try RakorStore(path: dir.databasePath)
        #expect(store.location == .file(path: dir.databasePath))
        let tables = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
        }
        #expect(tables == ["alokasi", "alokasi_riwayat", "anggaran_item", "audit_head", "calendar_change", "inquiry",
                           "kesepakatan", "kesepakatan_pihak", "kesepakatan_riwayat", "ledger", "meta", "outbox",
                           "pencairan_hibah", "rakor", "reminder_sent", "subscription", "tugas", "tugas_riwayat"])
        let applied = try store.writer.read { db in try StoreMigrations.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(StoreMigrations.identifiers))
        #expect(StoreMigrations.migrator.migrations == StoreMigrations.identifiers)
        try store.close()
    }

    @Test func walModeSynchronousFullAndForeignKeysAreSet() throws {
        let dir = try TemporaryDirectory()
        let store = try RakorStore(path: dir.databasePath)
        #expect(try store.pragma("journal_mode") == "wal")
        // 2 = FULL (0 OFF, 1 NORMAL, 3 EXTRA): every commit fsyncs the WAL.
        #expect(try store.pragma("synchronous") == "2")
        #expect(try store.pragma("foreign_keys") == "1")
        #expect(try store.pragma("wal_autocheckpoint") == String(StoreOptions().walAutocheckpointPages))
        #expect(try store.pragma("busy_timeout") == "5000")
        #expect(try store.pragma("cache_size") == String(-StoreOptions().writerCacheKiB))
        #expect(throws: StoreError.self) { try store.pragma("synchronous; DROP TABLE tugas") }
        try store.close()
    }

    @Test func optionsReachTheConnection() throws {
        let dir = try TemporaryDirectory()
        let options = StoreOptions(busyTimeoutSeconds: 1.5, maximumReaders: 2, writerCacheKiB: 4096,
                                   readerCacheKiB: 1024, walAutocheckpointPages: 2000, journalSizeLimitBytes: 1 << 20)
        let store = try RakorStore(path: dir.databasePath, options: options)
        #expect(try store.pragma("busy_timeout") == "1500")
        #expect(try store.pragma("cache_size") == "-4096")
        #expect(try store.pragma("wal_autocheckpoint") == "2000")
        #expect(try store.pragma("journal_size_limit") == String(1 << 20))
        let readerCache = try store.readSync { session in try String.fetchOne(session.db, sql: "PRAGMA cache_size") }
        #expect(readerCache == "-1024")
        try store.close()
    }

    @Test func reopeningKeepsDataAndRunsNoMigrationTwice() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try RakorStore(path: dir.databasePath)
            try store.writeSync { session throws in
                _ = try seedRakor(session)
                _ = try seedTugas(session, "Peta konflik sosial", org: "kesbangpol-6371", due: "2024-12-31")
                try session.meta.set("instance", "rakorbot")
            }
            try store.close()
        }
        let store = try RakorStore(path: dir.databasePath)
        let migrationRows = try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") }
        #expect(migrationRows == StoreMigrations.identifiers.count)
        try store.readSync { session throws in
            #expect(try session.rakor.find(ItemID(.rakor, 1))?.judul == "Rakor Pilkada")
            #expect(try session.tugas.find(ItemID(.tugas, 1))?.judul == "Peta konflik sosial")
            #expect(try session.meta.get("instance") == "rakorbot")
        }
        // Numbering continues after a reopen.
        let next = try store.writeSync { session throws in
            try seedTugas(session, "Laporan triwulan", org: "kesbangpol-6371", due: "2025-01-31")
        }
        #expect(next.id == ItemID(.tugas, 2))
        try store.close()
    }

    @Test func aDatabaseFromANewerBuildIsRefused() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try RakorStore(path: dir.databasePath)
            try store.writer.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
            try store.close()
        }
        #expect(throws: StoreError.schemaTooNew(unknownMigrations: ["v99-from-the-future"])) {
            try RakorStore(path: dir.databasePath)
        }
    }

    @Test func anUnopenablePathIsAStoreError() throws {
        let dir = try TemporaryDirectory()
        let path = dir.url.appendingPathComponent("missing/dir/rakor.sqlite").path
        #expect(throws: StoreError.self) { try RakorStore(path: path) }
    }

    @Test func inMemoryStoreHasTheSchemaAndForeignKeys() throws {
        let store = try RakorStore.inMemory()
        #expect(store.location == .memory)
        #expect(try store.pragma("foreign_keys") == "1")
        let count = try store.readSync { session in try session.outbox.count() }
        #expect(count == 0)
    }

    @Test func aClosedStoreThrowsInsteadOfTrapping() throws {
        let dir = try TemporaryDirectory()
        let store = try RakorStore(path: dir.databasePath)
        try store.close()
        #expect(throws: StoreError.self) {
            try store.writeSync { session in try session.meta.set("k", "v") }
        }
    }
}

import GRDB

/// The schema's history. Rules, because databases in the field are upgraded
/// in place by whatever build starts next:
///
/// - Migrations are **append-only**: never edit, rename or reorder a
///   registered one; add a new one at the end (`v2-…`, `v3-…`).
/// - Each runs in its own transaction; GRDB records its identifier in
///   `grdb_migrations`, so a reopen runs only what is missing (and at start-up
///   reads nothing but that small table).
/// - They are registered with **immediate** foreign-key checks: GRDB's default
///   (deferred) re-checks every foreign key in the database after each
///   migration, a full scan of big tables we do not want at start-up. A future
///   migration that must recreate a table needs deferred checks; register it
///   with `foreignKeyChecks: .deferred` knowingly.
/// - A database that holds migrations this build does not know was written by
///   a newer rakorbot: opening it fails with `StoreError.schemaTooNew`.
enum StoreMigrations {
    /// Identifiers in order; tests assert this list so an edit is noticed.
    static let identifiers = ["v1-initial-schema", "v2-subscription-zone-lang"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial-schema", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: SchemaV1.sql)
        }
        migrator.registerMigration("v2-subscription-zone-lang", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: SchemaV2.sql)
        }
        return migrator
    }

    /// Brings the database up to date, refusing one that is ahead of us.
    static func migrate(_ writer: any DatabaseWriter) throws(StoreError) {
        let migrator = migrator
        try StoreError.catching {
            let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
            let unknown = applied.subtracting(migrator.migrations).sorted()
            guard unknown.isEmpty else { throw StoreError.schemaTooNew(unknownMigrations: unknown) }
            try migrator.migrate(writer)
        }
    }
}

import GRDB
import RakorCore

/// Everything the store can fail with. Callers (command handlers, the pipeline)
/// never see GRDB's `DatabaseError`: it is mapped here, so they need not import GRDB.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A UNIQUE, FOREIGN KEY, CHECK or NOT NULL constraint refused a write.
    /// Handlers check what they can first (e.g. that `R-n` exists) and answer
    /// with a contract error; reaching this is a programming error or a race.
    case constraint(String)
    /// Any other SQLite failure (I/O, disk full, busy, interrupted …):
    /// the primary and extended result codes and SQLite's message.
    case sqlite(code: Int32, extendedCode: Int32, message: String)
    /// A stored value the code cannot decode (e.g. an unknown status word):
    /// the table, column and offending value.
    case corruptValue(table: String, column: String, value: String)
    /// A caller passed something the store cannot accept (an `ItemID` of the
    /// wrong kind, a negative limit, a sequence beyond `Int64.max` …).
    case invalidArgument(String)
    /// A cost component for a regency is already funded by the other level:
    /// the store refuses to change an allocation's level (the safety net
    /// behind `CostSharingRule`). Carries the allocation that exists.
    case allocationLevelConflict(existing: Alokasi)
    /// The database was written by a newer rakorbot (it holds migrations this
    /// build does not know). Opening it could corrupt data, so we refuse.
    case schemaTooNew(unknownMigrations: [String])
    /// A sum over amounts does not fit in 64 bits.
    case overflow(String)

    public var description: String {
        switch self {
        case .constraint(let message): "constraint violated: \(message)"
        case .sqlite(let code, let extended, let message): "SQLite error \(code) (\(extended)): \(message)"
        case .corruptValue(let table, let column, let value): "undecodable value in \(table).\(column): \(value)"
        case .invalidArgument(let message): "invalid argument: \(message)"
        case .allocationLevelConflict(let existing):
            "\(existing.kode) for \(existing.kabkota) is already funded by \(existing.tingkat.rawValue)"
        case .schemaTooNew(let unknown): "database schema is newer than this build (unknown migrations: \(unknown.joined(separator: ", ")))"
        case .overflow(let message): "overflow: \(message)"
        }
    }
}

extension StoreError {
    /// Maps GRDB's error; constraint violations get their own case because
    /// callers treat them differently from I/O trouble.
    init(_ error: DatabaseError) {
        self.init(code: error.resultCode.rawValue, extendedCode: error.extendedResultCode.rawValue,
                  message: error.message ?? "unknown")
    }

    /// Runs GRDB code and maps its errors, so repository methods can use typed throws.
    @inline(__always)
    static func catching<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(error)
        } catch {
            throw .sqlite(code: -1, extendedCode: -1, message: String(describing: error))
        }
    }
}

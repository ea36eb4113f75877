import Foundation
import RakorCore

// How domain values are laid out in columns. One place, so every repository
// agrees and the schema comments can point here.
//
// - `Date`: REAL seconds since 2001-01-01 (Foundation's reference date). This
//   is the value `Date` itself stores, so a read gives back exactly the `Date`
//   written (unix seconds would round sub-microsecond parts and break equality).
// - `LocalDate`: INTEGER days since 1970-01-01: compact, ordered, index-friendly.
// - `ItemID`: INTEGER, the number only; the column says the kind.
// - Enums: TEXT, their contract raw value.
// - Money (`Rupiah`): INTEGER whole Rupiah, summed by SQLite as 64-bit integers.
enum Stored {
    @inline(__always) static func date(_ date: Date) -> Double { date.timeIntervalSinceReferenceDate }
    @inline(__always) static func date(_ date: Date?) -> Double? { date?.timeIntervalSinceReferenceDate }
    @inline(__always) static func day(_ date: LocalDate) -> Int64 { Int64(date.daysSinceEpoch) }
    @inline(__always) static func day(_ date: LocalDate?) -> Int64? { date.map { Int64($0.daysSinceEpoch) } }

    /// The number of an `ItemID` that must be of `kind`; a wrong kind is a caller bug.
    static func number(_ id: ItemID, _ kind: ItemKind, _ what: String) throws(StoreError) -> Int64 {
        guard id.kind == kind else { throw .invalidArgument("\(what) must be a \(kind.rawValue)-n id, got \(id)") }
        return id.number
    }

    static func optionalNumber(_ id: ItemID?, _ kind: ItemKind, _ what: String) throws(StoreError) -> Int64? {
        guard let id else { return nil }
        return try number(id, kind, what)
    }
}

/// Builds the WHERE part of a list query from optional filters. The SQL text
/// depends only on which filters are present (never on their values), so
/// each combination is one cached statement.
struct FilterSQL {
    private(set) var conditions: [String] = []
    private(set) var arguments: [any SQLBindable] = []
    /// Set when a filter can match nothing (empty set): skip the query.
    private(set) var matchesNothing = false

    mutating func matchNothing() {
        matchesNothing = true
    }

    mutating func equal(_ column: String, _ value: some SQLBindable) {
        conditions.append("\(column) = ?")
        arguments.append(value)
    }

    mutating func condition(_ sql: String, _ values: [any SQLBindable]) {
        conditions.append(sql)
        arguments.append(contentsOf: values)
    }

    /// `column` restricted to one organisation or a set of any size
    /// (one JSON variable, see `SQLList.jsonArray`).
    mutating func org(_ column: String, _ filter: OrgFilter) {
        switch filter.normalized {
        case .all:
            break
        case .one(let org):
            equal(column, org)
        case .anyOf(let set):
            if set.isEmpty { matchesNothing = true; return }
            condition("\(column) IN (SELECT value FROM json_each(?))", [SQLList.jsonArray(set.sorted())])
        }
    }

    /// `column IN (…)` for a set of enum values. All cases is no filter; one
    /// value is `column = ?` when `singleAsEquality` (so an index on
    /// `(column, tenggat, id)` yields rows already in order, no sort);
    /// otherwise the list is padded to the number of cases so there is one
    /// statement shape.
    ///
    /// Why the choice: next to a set of orgs, `status = ?` tempts SQLite to
    /// walk the status index in due order and test each row's org, which
    /// reads every open task when the orgs' tasks come late; the IN form
    /// keeps it on the org index, reading only the orgs' own tasks and
    /// sorting those.
    mutating func oneOf<E: RawRepresentable & CaseIterable & Hashable>(_ column: String, _ values: Set<E>?,
                                                                      singleAsEquality: Bool = true)
    where E.RawValue == String {
        guard let values else { return }
        if values.isEmpty { matchesNothing = true; return }
        let caseCount = E.allCases.count
        guard values.count < caseCount else { return }
        if singleAsEquality, values.count == 1, let only = values.first {
            equal(column, only.rawValue)
            return
        }
        var raws = values.map(\.rawValue).sorted()
        while raws.count < caseCount, let last = raws.last { raws.append(last) }
        condition("\(column) IN (\(SQLList.placeholders(caseCount)))", raws)
    }

    var whereSQL: String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// The filter's arguments followed by `extra` (e.g. LIMIT and OFFSET).
    func arguments(extra: [any SQLBindable]) -> [any SQLBindable] {
        arguments + extra
    }
}

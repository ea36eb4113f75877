/// Which slice of a list to return: `limit` items after skipping `offset`.
public struct PageRequest: Sendable, Hashable {
    /// The most items a page may ask for; keeps a reply (and a sort) bounded.
    public static let maxLimit = 1000

    public let limit: Int
    public let offset: Int

    /// `limit` is clamped to 1…`maxLimit`, `offset` to ≥ 0.
    public init(limit: Int = 10, offset: Int = 0) {
        self.limit = min(max(limit, 1), PageRequest.maxLimit)
        self.offset = max(offset, 0)
    }

    /// Page `number` (1-based) of pages of `size` items.
    public static func page(_ number: Int, size: Int = 10) -> PageRequest {
        let size = min(max(size, 1), maxLimit)
        let (product, overflow) = (max(number, 1) - 1).multipliedReportingOverflow(by: size)
        return PageRequest(limit: size, offset: overflow ? Int.max / 2 : product)
    }
}

/// One page of a list and the total it was cut from, so a reply can say
/// "halaman 2 dari 5" (page 2 of 5).
public struct Page<Item> {
    public var items: [Item]
    /// How many items match the query in all.
    public var total: Int
    public var request: PageRequest

    public init(items: [Item], total: Int, request: PageRequest) {
        self.items = items
        self.total = total
        self.request = request
    }

    /// 1-based number of this page.
    public var number: Int { request.offset / request.limit + 1 }
    /// How many pages there are (at least 1, so an empty list is "page 1 of 1").
    public var pageCount: Int { max(1, (total + request.limit - 1) / request.limit) }
    public var hasNext: Bool { request.offset + items.count < total }
}

extension Page: Sendable where Item: Sendable {}
extension Page: Equatable where Item: Equatable {}
extension Page: Hashable where Item: Hashable {}

/// Which organisations a list is about: everyone, one, or any of a set
/// (e.g. the orgs a provincial coordinator may see).
public enum OrgFilter: Sendable, Hashable {
    case all
    case one(String)
    case anyOf(Set<String>)

    /// Normalises a set of one to `.one` (a cheaper query shape).
    var normalized: OrgFilter {
        if case .anyOf(let set) = self, set.count == 1, let only = set.first { return .one(only) }
        return self
    }

    /// True when nothing can match (an empty set).
    var matchesNothing: Bool {
        if case .anyOf(let set) = self { return set.isEmpty }
        return false
    }
}

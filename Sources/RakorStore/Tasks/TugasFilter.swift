import RakorCore

/// Which tasks a list is about. Every field narrows; the defaults match all.
public struct TugasFilter: Sendable, Hashable {
    /// The assignee organisation(s).
    public var org: OrgFilter
    /// The statuses wanted; nil is any status, an empty set matches nothing.
    public var status: Set<TugasStatus>?
    /// Only the tasks of this meeting.
    public var rakor: ItemID?

    public init(org: OrgFilter = .all, status: Set<TugasStatus>? = nil, rakor: ItemID? = nil) {
        self.org = org
        self.status = status
        self.rakor = rakor
    }

    /// The open tasks of some organisations.
    public static func open(_ org: OrgFilter) -> TugasFilter {
        TugasFilter(org: org, status: [.terbuka])
    }
}

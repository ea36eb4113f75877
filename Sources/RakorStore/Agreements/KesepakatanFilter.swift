import RakorCore

/// Which agreements a list is about. Every field narrows; the defaults match all.
public struct KesepakatanFilter: Sendable, Hashable {
    /// Only the agreements of this meeting.
    public var rakor: ItemID?
    /// Agreements that any of these organisations is a party to.
    public var pihak: OrgFilter
    /// The statuses wanted; nil is any status, an empty set matches nothing.
    public var status: Set<KesepakatanStatus>?

    public init(rakor: ItemID? = nil, pihak: OrgFilter = .all, status: Set<KesepakatanStatus>? = nil) {
        self.rakor = rakor
        self.pihak = pihak
        self.status = status
    }
}

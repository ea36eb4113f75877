/// The outcome of a permission check. A denial carries the reason the sender
/// reads (in their language) and the audit records.
public enum PermissionDecision: Sendable, Hashable {
    case allowed
    case denied(reason: Localized)

    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    /// The reason of a denial, nil when allowed.
    public var reason: Localized? {
        if case let .denied(reason) = self { return reason }
        return nil
    }

    /// Throws `forbidden` with the reason when denied.
    public func require() throws(CommandFailure) {
        if case let .denied(reason) = self { throw CommandFailure(.forbidden, reason) }
    }
}

/// Which organisations' records a user may read: list commands filter with it.
/// `everything` lets a store skip the filter (a national body or an admin
/// would otherwise put every organisation id in an `IN (…)` list).
public struct OrgScope: Sendable, Hashable {
    /// True when every organisation is readable; `orgIDs` then holds them all.
    public let everything: Bool
    public let orgIDs: Set<String>

    public init(everything: Bool, orgIDs: Set<String>) {
        self.everything = everything
        self.orgIDs = orgIDs
    }

    public static let nothing = OrgScope(everything: false, orgIDs: [])

    public func contains(_ orgID: String) -> Bool {
        everything || orgIDs.contains(orgID)
    }

    public var isEmpty: Bool { !everything && orgIDs.isEmpty }
}

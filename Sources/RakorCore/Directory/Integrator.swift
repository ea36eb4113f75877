/// A system that posts CloudEvents to `rakor.events` (the KPU schedule feed, a
/// BPKAD finance system, a document system). It may post only the event types
/// listed for it, signed with one of its key ids.
public struct Integrator: Sendable, Hashable, Identifiable {
    /// Lowercase slug (e.g. `kpu-ri`); the audit `actor` of its events.
    public var id: String
    public var name: String
    /// The CloudEvents `source` attribute it posts as (e.g. `kpu.go.id/jadwal`).
    /// Unique in a directory: an event is attributed by its source.
    public var source: String
    /// The CloudEvents `type`s it may post (e.g. `rakor.calendar.published`).
    public var types: Set<String>
    /// The HMAC key ids (`rakor-key-id`) its events may be signed with. Empty
    /// means it cannot post wherever event signatures are required.
    public var keyIDs: Set<String>
    /// The organisation it acts for, if any: its events may then only concern
    /// organisations in that organisation's jurisdiction (a provincial finance
    /// system disburses for its own regencies). Nil: national.
    public var org: String?

    public init(id: String, name: String, source: String, types: Set<String>,
                keyIDs: Set<String> = [], org: String? = nil) {
        self.id = id
        self.name = name
        self.source = source
        self.types = types
        self.keyIDs = keyIDs
        self.org = org
    }

    public func allows(type: String) -> Bool { types.contains(type) }

    public func allows(keyID: String) -> Bool { keyIDs.contains(keyID) }
}

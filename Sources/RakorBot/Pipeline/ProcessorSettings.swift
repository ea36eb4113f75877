import RakorCore

/// How the pipeline judges input, set once at start-up.
public struct ProcessorSettings: Sendable {
    /// The audit chain id and the `rakorbot/<instance>` audit source.
    public var instance: String
    /// Keys the chat bridge signs with; nil accepts unsigned commands (and
    /// `serve` warns loudly about it).
    public var bridgeKeys: HMACKeyRing?
    /// Keys integrators sign with; each integrator may use only the key ids
    /// its directory entry lists.
    public var integratorKeys: HMACKeyRing?
    public var rateLimit: RateLimitPolicy
    /// How much of a command's text goes into its audit event.
    public var auditTextLimit: Int

    public init(instance: String = "rakorbot", bridgeKeys: HMACKeyRing? = nil, integratorKeys: HMACKeyRing? = nil,
                rateLimit: RateLimitPolicy = .default, auditTextLimit: Int = 256) {
        self.instance = instance
        self.bridgeKeys = bridgeKeys?.isEmpty == true ? nil : bridgeKeys
        self.integratorKeys = integratorKeys?.isEmpty == true ? nil : integratorKeys
        self.rateLimit = rateLimit
        self.auditTextLimit = auditTextLimit
    }
}

import RakorCore

/// The answer of a health endpoint: ok or not, why not, and details.
public struct HealthStatus: Sendable, Hashable {
    public var ok: Bool
    /// Why it is not ok (empty when ok).
    public var reasons: [String]
    /// Facts for the operator (assigned partitions, outbox in flight, …).
    public var details: JSONObject

    public init(ok: Bool, reasons: [String] = [], details: JSONObject = [:]) {
        self.ok = ok
        self.reasons = reasons
        self.details = details
    }

    /// `{"status":"ok"|"unavailable","reasons":[…],…details}`.
    public func json() -> [UInt8] {
        var object: JSONObject = ["status": .string(ok ? "ok" : "unavailable")]
        if !reasons.isEmpty { object["reasons"] = .array(reasons.map { .string($0) }) }
        for key in details.keys { object[key] = details[key] }
        var bytes = JSONWriter.serialize(.object(object))
        bytes.append(0x0A)
        return bytes
    }
}

/// What `/healthz` and `/readyz` ask. `BotRuntime` answers; tests may fake it.
public protocol HealthProbe: Sendable {
    /// Alive: the process runs its pipeline (a restart would not help otherwise).
    func liveness() -> HealthStatus
    /// Ready: partitions assigned and the Kafka clients healthy.
    func readiness() -> HealthStatus
}

/// Where the metrics and health endpoints listen (`http.host`, `http.port`).
///
/// The default, 127.0.0.1:9464 (9464 is the port OpenTelemetry's Prometheus
/// exporter uses), keeps the endpoints off the network unless an operator
/// opens them: set `http.host: 0.0.0.0` in a container, where probes and
/// Prometheus come from outside. Port 0 in the configuration disables the server.
public struct HTTPSettings: Sendable, Hashable {
    public var host: String
    public var port: Int

    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 9464

    public init(host: String = HTTPSettings.defaultHost, port: Int = HTTPSettings.defaultPort) {
        self.host = host
        self.port = port
    }

    /// Port 0 in the configuration means "no HTTP server".
    public var isEnabled: Bool { port != 0 }
}

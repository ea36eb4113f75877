import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The operations endpoints, served with Hummingbird:
///
/// | path | answer |
/// |---|---|
/// | `GET /metrics` | Prometheus text exposition (0.0.4) |
/// | `GET /healthz` | 200 `{"status":"ok"}` while the pipeline runs; 503 with reasons once it stopped or a Kafka client hit a fatal error |
/// | `GET /readyz` | 200 when partitions are assigned and producer and consumer reach a broker; 503 `{"status":"unavailable","reasons":[…]}` otherwise |
/// | `GET /` | a short index |
///
/// A swift-service-lifecycle `Service`: it stops on the group's graceful
/// shutdown. It also refreshes the sampled gauges every `refreshInterval`.
public struct OpsHTTPServer: Service {
    public let host: String
    /// 0 binds an ephemeral port (tests); `onListening` tells which.
    public let port: Int
    let endpoints: any OpsEndpoints
    let logger: Logger
    let refreshInterval: Duration
    let onListening: @Sendable (Int) async -> Void

    public init(host: String, port: Int, endpoints: any OpsEndpoints, logger: Logger,
                refreshInterval: Duration = .seconds(10), onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.host = host
        self.port = port
        self.endpoints = endpoints
        self.logger = logger
        self.refreshInterval = refreshInterval
        self.onListening = onListening
    }

    public init(settings: HTTPSettings, endpoints: any OpsEndpoints, logger: Logger,
                onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.init(host: settings.host, port: settings.port, endpoints: endpoints, logger: logger, onListening: onListening)
    }

    public func run() async throws {
        let host = self.host, port = self.port, logger = self.logger, onListening = self.onListening
        let application = Application(
            router: Self.router(endpoints),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            services: [GaugeRefresher(endpoints: endpoints, interval: refreshInterval)],
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                logger.info("metrics and health endpoints listening", metadata: [
                    "address": "http://\(host):\(bound)", "paths": "/metrics /healthz /readyz",
                ])
                await onListening(bound)
            },
            logger: logger)
        try await application.run()
    }

    static func router(_ endpoints: any OpsEndpoints) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            let text = await endpoints.metricsExposition()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/healthz") { _, _ -> Response in
            json(endpoints.liveness())
        }
        router.get("/readyz") { _, _ -> Response in
            json(endpoints.readiness())
        }
        router.get("/") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: """
                         rakorbot operations endpoints
                         /metrics  Prometheus metrics
                         /healthz  liveness (200 while the pipeline runs)
                         /readyz   readiness (200 with partitions assigned and Kafka reachable)

                         """)))
        }
        return router
    }

    static func json(_ status: HealthStatus) -> Response {
        Response(status: status.ok ? .ok : .serviceUnavailable,
                 headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: status.json())))
    }
}

/// Samples the gauges periodically, so they stay current between scrapes.
struct GaugeRefresher: Service {
    let endpoints: any OpsEndpoints
    let interval: Duration

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await endpoints.refreshGauges()
                try await Task.sleep(for: interval)
            }
        }
    }
}

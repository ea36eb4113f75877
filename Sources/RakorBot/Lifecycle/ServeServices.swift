import Logging
import ServiceLifecycle
import UnixSignals

/// The service group `rakorbot serve` runs: the operations HTTP server and
/// the bot (consumer pipeline, outbox relay, scheduler) as swift-service-lifecycle
/// services.
///
/// On SIGTERM or SIGINT the group shuts down gracefully in reverse order: the
/// bot first (intake stops, the batch in hand finishes, the outbox drains,
/// offsets are stored, the group is left), then the HTTP server, so
/// `/metrics` answers while the bot drains. If either service ends on its
/// own (a fatal Kafka error, the port is taken) the whole group shuts down
/// and the process exits, so a supervisor restarts it.
public enum ServeServices {
    /// - Parameter http: where to serve the endpoints; nil for none (the
    ///   configuration's port 0 means nil here; a port of 0 here binds an
    ///   ephemeral port, which `onListening` reports).
    public static func group(runtime: BotRuntime, http: HTTPSettings?, logger: Logger,
                             signals: [UnixSignal] = [.sigterm, .sigint],
                             onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> ServiceGroup {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let http {
            services.append(.init(service: OpsHTTPServer(settings: http, endpoints: runtime, logger: logger,
                                                         onListening: onListening),
                                  successTerminationBehavior: .gracefullyShutdownGroup,
                                  failureTerminationBehavior: .gracefullyShutdownGroup,
                                  serviceName: "http"))
        }
        services.append(.init(service: BotService(runtime: runtime),
                              successTerminationBehavior: .gracefullyShutdownGroup,
                              failureTerminationBehavior: .gracefullyShutdownGroup,
                              serviceName: "bot"))
        var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: signals,
                                                      logger: logger)
        // The bot bounds its own drain; past this the group is cancelled.
        configuration.maximumGracefulShutdownDuration = runtime.configuration.shutdownTimeout * 2 + .seconds(10)
        return ServiceGroup(configuration: configuration)
    }
}

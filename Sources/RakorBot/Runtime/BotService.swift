import Logging
import ServiceLifecycle

/// The bot as a swift-service-lifecycle `Service`: runs until the group's
/// graceful shutdown (SIGTERM/SIGINT), then stops intake and shuts the
/// runtime down in order.
public struct BotService: Service {
    public let runtime: BotRuntime

    public init(runtime: BotRuntime) {
        self.runtime = runtime
    }

    public func run() async throws {
        let runtime = self.runtime
        await withGracefulShutdownHandler {
            await runtime.run()
        } onGracefulShutdown: {
            runtime.stopIntake()
        }
        await runtime.shutdown()
    }
}

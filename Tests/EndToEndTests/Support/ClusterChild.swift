import Foundation
import Testing

/// `rakorbot kafka` in its own process: an embedded cluster that outlives
/// the bots started against it, so a bot can be killed and restarted while
/// the topics (and the consumer group's committed offsets) stay.
struct ClusterChild: Sendable {
    let process: ChildProcess
    let bootstrapServers: String

    /// - Parameter partitions: per topic; more spread the replies thinner, so
    ///   a long run stays under the mock's ~5 MiB per partition.
    static func start(partitions: Int = 3) async throws -> ClusterChild {
        let process = try ChildProcess(try RakorbotBinary.require(), ["kafka", "--partitions", "\(partitions)"])
        let line = await process.line(startingWith: "kafka bootstrap: ", timeout: .seconds(120))
        let bootstrap = try #require(line, "rakorbot kafka printed no bootstrap line\n\(process.stdout)\n\(process.stderr)")
        return ClusterChild(process: process, bootstrapServers: bootstrap)
    }

    func stop() async {
        let status = await process.terminate()
        #expect(status == 0, "rakorbot kafka exits 0 on SIGTERM\n\(process.stderr.suffix(2000))")
    }
}

/// Starts `rakorbot serve` children against a `ClusterChild`, all on one data
/// folder: each one is the same bot after a restart.
struct ServeLauncher: Sendable {
    let bootstrapServers: String
    let dataFolder: URL
    var extraArguments: [String] = []

    /// The serve flags every test bot uses: the demo directory, a fixed "today",
    /// no HTTP port (tests run side by side), no rate limit (one test client
    /// sends for many officials), and a short session timeout so a restarted
    /// bot does not wait 45 s for its killed predecessor to leave the group.
    var arguments: [String] {
        ["serve", "--brokers", bootstrapServers, "--data", dataFolder.path,
         "--now", "2024-11-20T09:00:00+08:00", "--http-port", "0",
         "--rate-limit-per-second", "unlimited",
         "--kafka-property", "session.timeout.ms=6000", "--kafka-property", "heartbeat.interval.ms=1000"]
            + extraArguments
    }

    /// A started bot: it printed its bootstrap line, so its runtime is up.
    func start() async throws -> ChildProcess {
        let process = try ChildProcess(try RakorbotBinary.require(), arguments)
        let line = await process.line(startingWith: "kafka bootstrap: ", timeout: .seconds(120))
        try #require(line != nil, "serve did not start\n\(process.stdout)\n\(process.stderr.suffix(3000))")
        return process
    }
}

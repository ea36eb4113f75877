import Foundation
import Kafka
import Logging
import Testing

/// A `rakorbot serve` child process on its own embedded Kafka cluster and
/// data folder, with the demo directory and a fixed "today".
struct RunningBot: Sendable {
    let process: ChildProcess
    let folder: URL
    let bootstrapServers: String

    var bootstrapFile: String { folder.appendingPathComponent("bootstrap").path }

    /// `--bootstrap-file <file>`, for the client commands.
    var clusterArguments: [String] { ["--bootstrap-file", bootstrapFile] }

    /// Pipes `lines` through `rakorbot chat --as <user>`.
    func chat(_ lines: [String], as user: String = "u-heriansyah", extra: [String] = []) async throws -> CommandResult {
        try await rakorbot(["chat", "--as", user, "--timeout", "60s"] + clusterArguments + extra,
                           input: lines.joined(separator: "\n") + "\n")
    }
}

enum BotHarness {
    static let logger: Logger = {
        var logger = Logger(label: "end-to-end")
        logger.logLevel = .warning
        return logger
    }()

    static func temporaryFolder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("rakorbot-e2e-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Starts a bot, runs `body`, and always stops the bot with SIGTERM,
    /// expecting a graceful exit (status 0) — also when `body` throws.
    static func withBot(_ name: String, _ body: (RunningBot) async throws -> Void) async throws {
        let folder = try temporaryFolder(name)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = try ChildProcess(try RakorbotBinary.require(), [
            "serve", "--data", folder.appendingPathComponent("data").path,
            "--now", "2024-11-20T09:00:00+08:00",
            // Tests run side by side: the default metrics port would collide.
            "--http-port", "0",
            "--bootstrap-file", folder.appendingPathComponent("bootstrap").path,
        ])
        var failure: (any Error)?
        do {
            let line = await process.line(startingWith: "kafka bootstrap: ", timeout: .seconds(120))
            let bootstrap = try #require(line, "serve printed no bootstrap line\n\(process.stdout)\n\(process.stderr)")
            let written = try String(contentsOf: folder.appendingPathComponent("bootstrap"), encoding: .utf8)
            #expect(written == bootstrap, "--bootstrap-file holds the printed list")
            try await body(RunningBot(process: process, folder: folder, bootstrapServers: bootstrap))
        } catch {
            failure = error
        }
        let status = await process.terminate()
        #expect(status == 0, "serve exits 0 on SIGTERM (graceful shutdown)\n\(process.stderr.suffix(3000))")
        if let failure { throw failure }
    }
}

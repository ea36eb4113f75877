import Foundation
import RakorCore
import Synchronization
import Testing

/// The `rakorbot` binary itself: `serve` as a child process answers on its
/// HTTP port, logs JSON lines, and stops gracefully on SIGTERM; `config
/// check` lists every problem and exits 1.
@Suite("rakorbot process: serve, SIGTERM, config check")
struct OpsServeProcessTests {
    /// `rakorbot` next to the test bundle (SwiftPM builds all products with the tests).
    static func binary() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rakorbot"),
            Bundle.main.bundleURL.appendingPathComponent("rakorbot"),
            OpsTestSupport.file(".build/debug/rakorbot"),
        ]
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                            "the rakorbot binary was not built next to the tests")
    }

    /// Collects a pipe's output on a thread of its own (blocking reads to
    /// the end), not through `readabilityHandler`, whose dispatch sources
    /// crashed the test process when cancelled from their own handler.
    final class Output: Sendable {
        private let data = Mutex(Data())
        init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            Thread { [self] in
                while case let chunk = handle.availableData, !chunk.isEmpty { append(chunk) }
            }.start()
        }
        private func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }
        var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
    }

    /// A free TCP port on loopback (bound and released).
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        #expect(bound == 0)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test("serve answers /healthz and /readyz, logs JSON lines, and exits 0 on SIGTERM after draining")
    func serveAndTerminate() async throws {
        let port = try Self.freePort()
        let data = try OpsTestSupport.temporaryFolder()
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--data", data.path, "--http-port", String(port), "--log-format", "json",
                             "--topic-prefix", OpsTestSupport.unique("proc") + ".", "--partitions", "1"]
        process.environment = ["RAKOR_NOW": "2024-11-20", "PATH": "/usr/bin:/bin"]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let out = Output(stdout), err = Output(stderr)
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let listening = await OpsTestSupport.eventually(timeout: .seconds(90)) {
            out.text.contains("metrics: http://127.0.0.1:\(port)/metrics")
        }
        #expect(listening, "stdout: \(out.text)\nstderr: \(err.text)")
        #expect(out.text.hasPrefix("kafka bootstrap: 127.0.0.1:"))
        let client = OpsHTTPClient(base: "http://127.0.0.1:\(port)")
        #expect(try await client.get("/healthz").status == 200)
        let ready = try await OpsTestSupport.eventually { try await client.get("/readyz").status == 200 }
        #expect(ready)

        kill(process.processIdentifier, SIGTERM)
        let exited = await OpsTestSupport.eventually(timeout: .seconds(60)) { !process.isRunning }
        #expect(exited)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        try? await Task.sleep(for: .milliseconds(200))

        // Every line on standard error is a JSON object with a level and a message.
        let lines = err.text.split(separator: "\n")
        #expect(lines.count >= 5)
        var messages: [String] = []
        for line in lines {
            guard case .object(let object)? = try? JSONParser().parse(Array(line.utf8)) else {
                Issue.record("not a JSON log line: \(line)")
                continue
            }
            #expect(object["level"]?.stringValue != nil)
            messages.append(object["message"]?.stringValue ?? "")
        }
        #expect(messages.contains { $0.contains("NO BRIDGE KEY CONFIGURED") })
        #expect(messages.contains("rakorbot serving"))
        #expect(messages.last == "rakorbot stopped")
    }

    @Test("config check exits 1 and lists every problem; a good configuration prints masked settings")
    func configCheck() throws {
        let folder = try OpsTestSupport.temporaryFolder()
        let key = try OpsTestSupport.write("very-secret-bridge-key-123456", to: "bridge", in: folder)
        func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
            let process = Process()
            process.executableURL = try Self.binary()
            process.arguments = ["config", "check"] + arguments
            process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { first, _ in first }
            let stdout = Pipe(), stderr = Pipe()
            process.standardOutput = stdout
            process.standardError = stderr
            try process.run()
            let out = stdout.fileHandleForReading.readDataToEndOfFile()
            let err = stderr.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
        }

        let bad = try run(["--http-port", "70000", "--log-level", "loud", "--kafka-property", "sasl.password=oops"])
        #expect(bad.status == 1)
        #expect(bad.err.contains("the configuration is invalid (3 problems)"))
        #expect(bad.err.contains("http.port") && bad.err.contains("log.level") && bad.err.contains("sasl.password"))
        #expect(!bad.err.contains("oops"))

        let good = try run(["--bridge-key-file", "bridge-2024=\(key)", "--data", folder.appendingPathComponent("d").path],
                           environment: ["RAKOR_KAFKA_BROKERS": "kafka-1:9092", "RAKOR_KAFKA_PROP_SASL_PASSWORD": "pw-in-env-42"])
        #expect(good.status == 0, "\(good.err)")
        #expect(good.out.contains("kafka.brokers"))
        #expect(good.out.contains("# env RAKOR_KAFKA_BROKERS"))
        #expect(good.out.contains("security.bridge_keys.bridge-2024"))
        #expect(good.out.contains("# flag --bridge-key-file"))
        #expect(good.out.hasSuffix("# configuration OK\n"))
        #expect(!good.out.contains("very-secret-bridge-key"))
        #expect(!good.out.contains("pw-in-env-42"))
    }
}

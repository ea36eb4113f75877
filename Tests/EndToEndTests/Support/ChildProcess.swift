import Foundation
import Synchronization
import Testing

/// The built `rakorbot` executable, found next to the test bundle
/// (`swift build --build-tests` builds both into `.build/<config>/`).
enum RakorbotBinary {
    static let url: URL? = {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["RAKORBOT_BINARY"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        // The package root from this file: Tests/EndToEndTests/Support/ → ../../../.build/debug
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug"))
        for candidate in candidates {
            let binary = candidate.hasDirectoryPath || !candidate.lastPathComponent.hasPrefix("rakorbot")
                ? candidate.appendingPathComponent("rakorbot") : candidate
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        return nil
    }()

    static func require() throws -> URL {
        try #require(url, "the rakorbot executable was not found next to the tests: run `swift build --build-tests` first")
    }
}

/// What a finished command printed and its exit status.
struct CommandResult: Sendable, CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String

    var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// Environment for children: no RAKOR_* from the developer's shell leaks in.
enum ChildEnvironment {
    static func make(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("RAKOR_") }
        environment["RAKOR_LOG_LEVEL"] = "warning"
        environment.merge(extra) { _, new in new }
        return environment
    }
}

/// Runs a program to completion with `input` on its standard input; kills
/// it (and fails) if it runs longer than `timeout`.
func runProgram(_ executable: URL, _ arguments: [String], input: String = "", timeout: Duration = .seconds(120),
                environment: [String: String] = ChildEnvironment.make()) async throws -> CommandResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    let exited = ExitLatch()
    process.terminationHandler = { exited.open(ExitLatch.status(of: $0)) }
    try ProcessLaunch.run(process)
    // Pipes are drained on GCD threads (blocking reads), never on the cooperative pool.
    async let out = PipeDrain.readAll(stdout.fileHandleForReading)
    async let err = PipeDrain.readAll(stderr.fileHandleForReading)
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try? stdin.fileHandleForWriting.close()
    guard let status = await exited.wait(timeout: timeout) else {
        kill(process.processIdentifier, SIGKILL)
        _ = await exited.wait(timeout: .seconds(10))
        let (o, e) = await (out, err)
        Issue.record("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) ran longer than \(timeout): killed\n\(o)\n\(e)")
        throw CancellationError()
    }
    let (o, e) = await (out, err)
    return CommandResult(status: status, stdout: o, stderr: e)
}

func rakorbot(_ arguments: [String], input: String = "", timeout: Duration = .seconds(120)) async throws -> CommandResult {
    try await runProgram(try RakorbotBinary.require(), arguments, input: input, timeout: timeout)
}

enum PipeDrain {
    static func readAll(_ handle: FileHandle) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = handle.readDataToEndOfFile()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }
}

/// Resolves once with a process's exit status.
final class ExitLatch: Sendable {
    private struct State {
        var status: Int32?
        var waiters: [UUID: CheckedContinuation<Int32?, Never>] = [:]
    }

    private let state = Mutex(State())

    /// The exit code, or 128 + the signal for a process a signal killed (as shells report it).
    static func status(of process: Process) -> Int32 {
        process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    func open(_ status: Int32) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int32?, Never>] in
            state.status = status
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    var status: Int32? { state.withLock { $0.status } }

    /// The exit status, or nil if the process is still running after `timeout`.
    func wait(timeout: Duration) async -> Int32? {
        let id = UUID()
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: nil)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Int32?? in
                if let status = state.status { return .some(status) }
                state.waiters[id] = continuation
                return .none
            }
            if case .some(let status) = done { continuation.resume(returning: status) }
        }
    }
}

/// A long-running child (`rakorbot serve`) whose output is collected as it comes.
final class ChildProcess: Sendable {
    let process: SendableProcess
    private let output = TextBuffer()
    private let errors = TextBuffer()
    private let exited = ExitLatch()

    struct SendableProcess: @unchecked Sendable {
        let value: Process
    }

    init(_ executable: URL, _ arguments: [String], environment: [String: String] = ChildEnvironment.make()) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        self.process = SendableProcess(value: process)
        process.terminationHandler = { [exited] in exited.open(ExitLatch.status(of: $0)) }
        try ProcessLaunch.run(process)
        // Each pipe is read to its end on a thread of its own. Not with
        // `readabilityHandler`: its dispatch sources, cancelled from inside
        // their own handler while children come and go, crashed the test
        // process in libdispatch's event loop under the crash test's load.
        output.follow(stdout.fileHandleForReading)
        errors.follow(stderr.fileHandleForReading)
    }

    /// A test that stops half-way (a failed `#require`) must not leave its
    /// children running on a shared machine.
    deinit {
        if isRunning { kill(process.value.processIdentifier, SIGKILL) }
    }

    var stdout: String { output.text }
    var stderr: String { errors.text }
    var isRunning: Bool { exited.status == nil }

    /// The first stdout line starting with `prefix` (without it), waiting up to `timeout`.
    func line(startingWith prefix: String, timeout: Duration) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) {
                return String(line.dropFirst(prefix.count))
            }
            guard isRunning else { return nil }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// SIGKILL — a crash: no handler runs, nothing is flushed — then the exit
    /// status (nil if the process is somehow still there after `timeout`).
    func crash(timeout: Duration = .seconds(30)) async -> Int32? {
        if isRunning { kill(process.value.processIdentifier, SIGKILL) }
        return await exited.wait(timeout: timeout)
    }

    /// SIGTERM, then the exit status (SIGKILL after `timeout`: status nil).
    func terminate(timeout: Duration = .seconds(60)) async -> Int32? {
        if isRunning { kill(process.value.processIdentifier, SIGTERM) }
        if let status = await exited.wait(timeout: timeout) { return status }
        kill(process.value.processIdentifier, SIGKILL)
        _ = await exited.wait(timeout: .seconds(10))
        return nil
    }
}

/// Launches children one at a time. Foundation's `Process.run()` on Linux
/// crashed (in a `memcpy` inside `run()`) when suites running in parallel
/// launched children at the same moment; serialising the launch costs
/// nothing the tests notice.
enum ProcessLaunch {
    private static let lock = Mutex(())

    static func run(_ process: Process) throws {
        try lock.withLock { _ in try process.run() }
    }
}

/// Output collected from a child's pipe as it comes.
final class TextBuffer: Sendable {
    private let bytes = Mutex(Data())

    func append(_ data: Data) { bytes.withLock { $0.append(data) } }

    /// Reads `handle` to its end on a dedicated thread (blocking reads,
    /// never on the cooperative pool), appending what arrives.
    func follow(_ handle: FileHandle) {
        let thread = Thread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { return }
                append(data)
            }
        }
        thread.start()
    }

    var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }
}

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
    let child = try Spawned.start(executable, arguments, environment: environment, input: true)
    let exited = ExitLatch()
    let out = TextBuffer(), err = TextBuffer()
    let outDone = ExitLatch(), errDone = ExitLatch()
    child.onExit { exited.open($0) }
    Spawned.drain(child.stdout, { out.append($0) }, done: { outDone.open(0) })
    Spawned.drain(child.stderr, { err.append($0) }, done: { errDone.open(0) })
    if let stdin = child.stdin {
        let bytes = Array(input.utf8)
        Thread { Spawned.feed(stdin, bytes) }.start()
    }
    guard let status = await exited.wait(timeout: timeout) else {
        kill(child.pid, SIGKILL)
        _ = await exited.wait(timeout: .seconds(10))
        Issue.record("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) ran longer than \(timeout): killed\n\(out.text)\n\(err.text)")
        throw CancellationError()
    }
    // Everything the child wrote is read once both pipes reach their end.
    _ = await outDone.wait(timeout: .seconds(30))
    _ = await errDone.wait(timeout: .seconds(30))
    return CommandResult(status: status, stdout: out.text, stderr: err.text)
}

func rakorbot(_ arguments: [String], input: String = "", timeout: Duration = .seconds(120)) async throws -> CommandResult {
    try await runProgram(try RakorbotBinary.require(), arguments, input: input, timeout: timeout)
}

/// Resolves once with a process's exit status.
final class ExitLatch: Sendable {
    private struct State {
        var status: Int32?
        var waiters: [UUID: CheckedContinuation<Int32?, Never>] = [:]
    }

    private let state = Mutex(State())

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
    let pid: pid_t
    private let output = TextBuffer()
    private let errors = TextBuffer()
    private let exited = ExitLatch()

    init(_ executable: URL, _ arguments: [String], environment: [String: String] = ChildEnvironment.make()) throws {
        let child = try Spawned.start(executable, arguments, environment: environment, input: false)
        pid = child.pid
        child.onExit { [exited] in exited.open($0) }
        Spawned.drain(child.stdout) { [output] in output.append($0) }
        Spawned.drain(child.stderr) { [errors] in errors.append($0) }
    }

    /// A test that stops half-way (a failed `#require`) must not leave its
    /// children running on a shared machine.
    deinit {
        if isRunning { kill(pid, SIGKILL) }
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
        if isRunning { kill(pid, SIGKILL) }
        return await exited.wait(timeout: timeout)
    }

    /// SIGTERM, then the exit status (SIGKILL after `timeout`: status nil).
    func terminate(timeout: Duration = .seconds(60)) async -> Int32? {
        if isRunning { kill(pid, SIGTERM) }
        if let status = await exited.wait(timeout: timeout) { return status }
        kill(pid, SIGKILL)
        _ = await exited.wait(timeout: .seconds(10))
        return nil
    }
}

/// Output collected from a child's pipe as it comes.
final class TextBuffer: Sendable {
    private let bytes = Mutex(Data())

    func append(_ data: Data) { bytes.withLock { $0.append(data) } }

    var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts a child with `posix_spawn`, its standard streams on pipes.
///
/// Not Foundation's `Process`: on Linux its `run()` lists the parent's open
/// descriptors to close them in the child, and crashed (a `memcpy` past its
/// buffer) when other suites' Kafka clients opened sockets meanwhile — this
/// test process holds well over a thousand descriptors. Here the pipes are
/// close-on-exec and the child closes everything above stderr itself
/// (`addclosefrom_np`), so nothing needs listing.
struct Spawned: Sendable {
    let pid: pid_t
    /// Write end of the child's stdin (nil: stdin is /dev/null).
    let stdin: Int32?
    let stdout: Int32
    let stderr: Int32

    struct Failure: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
    }

    static func start(_ executable: URL, _ arguments: [String], environment: [String: String],
                      input: Bool) throws -> Spawned {
        var output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1], inputPipe: [Int32] = [-1, -1]
        try closeOnExecPipe(&output)
        try closeOnExecPipe(&errors)
        if input { try closeOnExecPipe(&inputPipe) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input {
            posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // A child that exits before reading its input must not kill the test
        // process with SIGPIPE; the child itself gets the default back.
        _ = ignoreBrokenPipes
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        // The child's ends, in the parent: closed whatever happened.
        for fd in [output[1], errors[1], inputPipe[0]] where fd >= 0 { close(fd) }
        guard spawned == 0 else {
            for fd in [output[0], errors[0], inputPipe[1]] where fd >= 0 { close(fd) }
            throw Failure(call: "posix_spawn \(executable.path)", code: spawned)
        }
        return Spawned(pid: pid, stdin: input ? inputPipe[1] : nil, stdout: output[0], stderr: errors[0])
    }

    /// `pipe2(O_CLOEXEC)` is not visible from Swift's Glibc module: a pipe,
    /// then the flag (the child closes every descriptor above 2 anyway).
    private static func closeOnExecPipe(_ fds: inout [Int32]) throws {
        guard pipe(&fds) == 0 else { throw Failure(call: "pipe", code: errno) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+; Debian 12
    /// has 2.36), looked up at run time because Swift's Glibc module does not
    /// declare it. The child then inherits no other test's descriptors (a
    /// pipe end held by a long-lived child would keep another test's read
    /// from ever seeing its end).
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Calls `exited` with the exit status (128 + signal for a killed child,
    /// as shells report it) from a thread that waits for it.
    func onExit(_ exited: @escaping @Sendable (Int32) -> Void) {
        let pid = self.pid
        Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            let signal = status & 0x7f
            exited(signal == 0 ? (status >> 8) & 0xff : 128 + signal)
        }.start()
    }

    /// Reads `fd` to its end on a thread of its own, handing over each chunk,
    /// then closes it and calls `done`.
    static func drain(_ fd: Int32, _ chunk: @escaping @Sendable (Data) -> Void,
                      done: @escaping @Sendable () -> Void = {}) {
        Thread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 { chunk(Data(buffer[0..<count])); continue }
                if count < 0 && errno == EINTR { continue }
                break
            }
            close(fd)
            done()
        }.start()
    }

    /// Writes all of `bytes` to `fd`, then closes it (the child sees EOF).
    static func feed(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written > 0 { offset += written } else if errno != EINTR { break }
        }
        close(fd)
    }
}

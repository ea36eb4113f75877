import Foundation
import Synchronization

/// An error a client command reports to its user as is (ArgumentParser
/// prints `Error: <description>` and exits with code 1).
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Serialised, unbuffered writes to standard output: the chat console prints
/// from its reply listener and from its input loop at the same time.
final class ConsoleOutput: Sendable {
    private let lock = Mutex(())
    /// The prompt to restore after an unsolicited line, when one is showing.
    private let prompt: String?
    private let promptShowing = Mutex(false)

    init(prompt: String?) {
        self.prompt = prompt
    }

    func line(_ text: String) {
        lock.withLock { _ in
            let showing = promptShowing.withLock { $0 }
            if showing, let prompt {
                // Clear the prompt line, print, then show the prompt again.
                write("\r\u{1B}[2K" + text + "\n" + prompt)
            } else {
                write(text + "\n")
            }
        }
    }

    /// Shows the prompt (terminal only) and marks it as showing until `inputReceived`.
    func showPrompt() {
        guard let prompt else { return }
        lock.withLock { _ in
            write(prompt)
            promptShowing.withLock { $0 = true }
        }
    }

    func inputReceived() {
        promptShowing.withLock { $0 = false }
    }

    func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Lines of standard input, one at a time on request, read on a dedicated
/// thread so the blocking `readLine` never holds a Swift concurrency thread.
/// Reading on request (not ahead) keeps the prompt after the previous reply.
final class LineReader: Sendable {
    private let requests = DispatchSemaphore(value: 0)
    private let slot = Mutex<CheckedContinuation<String?, Never>?>(nil)
    private let ended = Mutex(false)

    /// The thread lives as long as the process (one reader per process).
    init() {
        Thread.detachNewThread { [self] in
            while true {
                requests.wait()
                let line = readLine(strippingNewline: true)
                slot.withLock { $0.take() }?.resume(returning: line)
                if line == nil { return }
            }
        }
    }

    /// The next line without its line break (a trailing CR is dropped too), or nil at end of input.
    func next() async -> String? {
        if ended.withLock({ $0 }) { return nil }
        let line = await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            slot.withLock { $0 = continuation }
            requests.signal()
        }
        guard var line else {
            ended.withLock { $0 = true }
            return nil
        }
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }
}

import Synchronization

/// A one-slot wake-up: `wait(timeout:)` returns when the timeout passes, when
/// `signal()` is called (also if it was called before the wait began: the
/// signal is kept until a wait consumes it) or when the waiting task is
/// cancelled. One waiter at a time (the scheduler's loop).
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: (id: UInt64, continuation: CheckedContinuation<Bool, Never>)?
        var nextID: UInt64 = 0
        /// A wait whose timeout or cancellation came before it registered.
        var endedEarly: UInt64?
    }

    private let state = Mutex(State())

    func signal() {
        let continuation = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        continuation?.resume(returning: true)
    }

    /// True if woken by `signal()`, false on timeout or cancellation.
    @discardableResult
    func wait(timeout: Duration) async -> Bool {
        let id = state.withLock { state -> UInt64 in
            defer { state.nextID &+= 1 }
            return state.nextID
        }
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            self.end(id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate = state.withLock { state -> Bool? in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    if Task.isCancelled || state.endedEarly == id { return false }
                    state.waiter = (id, continuation)
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            self.end(id)
        }
    }

    /// Ends wait `id` unwoken if it is still waiting (timeout, cancellation).
    private func end(_ id: UInt64) {
        let continuation = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard let waiter = state.waiter, waiter.id == id else {
                if state.waiter == nil { state.endedEarly = id }
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        continuation?.resume(returning: false)
    }
}

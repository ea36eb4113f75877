import Dispatch
import Synchronization

/// Where senders wait while librdkafka's queue is full.
///
/// The event thread bumps `generation` after every batch of delivery reports
/// it has destroyed (that is when librdkafka frees queue space) and wakes all
/// waiters. A sender records the generation *before* its enqueue attempt and
/// only sleeps if it is unchanged, so a wake-up between a `_QUEUE_FULL` and the
/// wait cannot be lost.
final class BackpressureGate: Sendable {
    private enum Waiter {
        case task(UnsafeContinuation<Bool, Never>)
        case thread(DispatchSemaphore)
    }

    private struct State {
        var generation: UInt64 = 0
        var isClosed = false
        var waiters: [Waiter] = []
    }

    private let state = Mutex(State())

    var generation: UInt64 { state.withLock { $0.generation } }

    /// Suspends until space may have been freed since `generation`.
    /// Returns `false` when the gate is closed (producer shutting down).
    func wait(since generation: UInt64) async -> Bool {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Bool, Never>) in
            let immediate = state.withLock { state -> Bool? in
                if state.isClosed { return false }
                if state.generation != generation { return true }
                state.waiters.append(.task(continuation))
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    /// Blocking variant of `wait(since:)` for callers on their own threads.
    func waitBlocking(since generation: UInt64) -> Bool {
        let semaphore = DispatchSemaphore(value: 0)
        let immediate = state.withLock { state -> Bool? in
            if state.isClosed { return false }
            if state.generation != generation { return true }
            state.waiters.append(.thread(semaphore))
            return nil
        }
        if let immediate { return immediate }
        semaphore.wait()
        return state.withLock { !$0.isClosed }
    }

    /// Space was freed: wake everyone (each retries its enqueue).
    func signal() {
        let waiters = state.withLock { state -> [Waiter] in
            state.generation &+= 1
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        Self.wake(waiters, result: true)
    }

    /// No more waiting: wake everyone with `false`.
    func close() {
        let waiters = state.withLock { state -> [Waiter] in
            state.isClosed = true
            state.generation &+= 1
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        Self.wake(waiters, result: false)
    }

    private static func wake(_ waiters: [Waiter], result: Bool) {
        for waiter in waiters {
            switch waiter {
            case .task(let continuation): continuation.resume(returning: result)
            case .thread(let semaphore): semaphore.signal()
            }
        }
    }
}

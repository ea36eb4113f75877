#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A dedicated OS thread for blocking librdkafka calls (polling, flushing,
/// metadata), so Swift's cooperative pool is never blocked.
///
/// `join()` blocks; `joinAsync()` first awaits the thread's end without
/// blocking, then reaps it (instantaneous at that point).
final class NativeThread: Sendable {
    private let thread: Mutex<pthread_t?>
    private let finished = AsyncLatch()

    private final class Start {
        let name: String
        let body: @Sendable () -> Void
        let finished: AsyncLatch
        init(name: String, body: @escaping @Sendable () -> Void, finished: AsyncLatch) {
            self.name = name
            self.body = body
            self.finished = finished
        }
    }

    /// Starts `body` on a new thread; `name` identifies it in errors.
    init(name: String, body: @escaping @Sendable () -> Void) throws(KafkaError) {
        let start = Start(name: name, body: body, finished: finished)
        let context = Unmanaged.passRetained(start).toOpaque()
        var id = pthread_t()
        let rc = pthread_create(&id, nil, { raw in
            guard let raw else { return nil }
            let start = Unmanaged<Start>.fromOpaque(raw).takeRetainedValue()
            start.body()
            start.finished.open()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<Start>.fromOpaque(context).release()
            throw KafkaError(code: .fail, message: "pthread_create failed (\(rc)) for thread \(name)")
        }
        thread = Mutex(id)
    }

    /// Waits for the thread to end. Idempotent.
    func join() {
        let id = thread.withLock { value -> pthread_t? in
            defer { value = nil }
            return value
        }
        if let id { pthread_join(id, nil) }
    }

    /// Awaits the thread's end without blocking the cooperative pool, then reaps it.
    func joinAsync() async {
        await finished.wait()
        join()
    }

    var isFinished: Bool { finished.isOpen }

    /// Runs `body` on a short-lived thread and returns its result, for the rare
    /// blocking librdkafka calls made from async code (metadata, destroy).
    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async throws(KafkaError) -> T {
        let result = Mutex<T?>(nil)
        let thread = try NativeThread(name: name) {
            let value = body()
            result.withLock { $0 = value }
        }
        await thread.joinAsync()
        guard let value = result.withLock({ $0.take() }) else {
            throw KafkaError(code: .fail, message: "thread \(name) produced no result")
        }
        return value
    }
}

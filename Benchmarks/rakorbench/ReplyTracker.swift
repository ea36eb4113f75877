import Histogram
import Kafka
import RakorCore
import Synchronization

/// What one phase saw, for the report.
struct PhaseResult: Sendable {
    var sent = 0
    var received = 0
    var duplicates = 0
    var errors = 0
    var errorSamples: [String] = []
    var firstSend: UInt64 = 0
    var lastReply: UInt64 = 0
    /// Microseconds from send to reply consumed; nil when the phase did not measure latency.
    var latency: Histogram<UInt64>?

    var missing: Int { max(0, sent - received) }

    var seconds: Double { lastReply > firstSend ? Double(lastReply - firstSend) / 1e9 : 0 }

    var throughput: Double { seconds > 0 ? Double(received) / seconds : 0 }

    func latencyMilliseconds(_ percentile: Double) -> Double? {
        guard let latency, latency.totalCount > 0 else { return nil }
        return Double(latency.valueAtPercentile(percentile)) / 1000
    }
}

/// Counts replies of the phase in progress, keeps its latency histogram,
/// and lets the sender wait for progress (the send window) without polling.
///
/// Replies come in batches on the reply reader's task; waiters are
/// re-checked after every batch and on a 100 ms tick (for their deadlines).
final class ReplyTracker: Sendable {
    struct Progress: Sendable {
        var sent: Int
        var received: Int
        var completions: Int
        var outstanding: Int { sent - received }
    }

    private struct Waiter {
        let condition: @Sendable (Progress) -> Bool
        let deadline: UInt64
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var tag = ""
        var result = PhaseResult()
        var seen: [UInt64] = []
        /// Task ids (`T-n`) created by replied `/tugas baru` commands, not yet completed.
        var completions: [String] = []
        /// Replies of other phases (late ones of an earlier phase, or redeliveries).
        var stale = 0
        var waiters: [Waiter] = []

        var progress: Progress {
            Progress(sent: result.sent, received: result.received, completions: completions.count)
        }
    }

    private let state = Mutex(State())

    /// Starts a phase: replies with another tag no longer count.
    func begin(tag: String, measureLatency: Bool) {
        state.withLock { state in
            state.tag = tag
            state.result = PhaseResult()
            state.result.firstSend = Monotonic.nanoseconds()
            state.seen = []
            state.completions = []
            if measureLatency {
                // 1 µs to 120 s at 3 significant digits.
                state.result.latency = Histogram<UInt64>(highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: .three)
            }
        }
    }

    func end() -> PhaseResult {
        state.withLock { state in
            state.tag = ""
            return state.result
        }
    }

    var staleReplies: Int { state.withLock { $0.stale } }

    var progress: Progress { state.withLock { $0.progress } }

    func noteSent(_ count: Int) {
        let wake = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.result.sent += count
            return Self.ready(&state)
        }
        for continuation in wake { continuation.resume(returning: true) }
    }

    /// Up to `limit` task ids waiting to be completed, oldest first.
    func takeCompletions(_ limit: Int) -> [String] {
        state.withLock { state in
            let taken = Array(state.completions.prefix(limit))
            state.completions.removeFirst(taken.count)
            return taken
        }
    }

    /// One consumed batch of the replies topic.
    func handle(_ records: [ConsumerRecord]) {
        let now = Monotonic.nanoseconds()
        let wake = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            for record in records { Self.count(record, now: now, state: &state) }
            return Self.ready(&state)
        }
        for continuation in wake { continuation.resume(returning: true) }
    }

    private static func count(_ record: ConsumerRecord, now: UInt64, state: inout State) {
        guard let value = record.value else { return }
        let idBytes: ArraySlice<UInt8>
        if let header = record.headers.first(where: { $0.name == Passthrough.idHeader }), let bytes = header.value {
            idBytes = bytes
        } else if let found = ReplyScan.inReplyTo(value) {
            idBytes = found
        } else {
            return  // a notice or reminder: nobody's reply
        }
        guard let id = CommandID.parse(idBytes), id.tag == state.tag else {
            state.stale += 1
            return
        }
        let word = id.seq / 64, bit = UInt64(1) << UInt64(id.seq % 64)
        if word >= state.seen.count { state.seen.append(contentsOf: repeatElement(0, count: word - state.seen.count + 1)) }
        if state.seen[word] & bit != 0 {
            state.result.duplicates += 1
            return
        }
        state.seen[word] |= bit
        state.result.received += 1
        state.result.lastReply = now
        if now > id.sentNanoseconds {
            _ = state.result.latency?.record((now - id.sentNanoseconds) / 1000)
        }
        let ok = id.kind == .passthrough || ReplyScan.isOK(value, after: idBytes.endIndex)
        if !ok {
            state.result.errors += 1
            if state.result.errorSamples.count < 3 {
                let message = (try? OutboundMessage.decode(Array(value)))
                state.result.errorSamples.append(message.map { "\($0.error?.code.rawValue ?? "?"): \($0.text)" } ?? "undecodable reply")
            }
        } else if id.kind == .newTask, let task = (try? OutboundMessage.decode(Array(value)))?.data?["id"]?.stringValue {
            state.completions.append(task)
        }
    }

    /// Suspends until `condition` holds (true) or `timeout` passes (false).
    func wait(timeout: Duration, until condition: @escaping @Sendable (Progress) -> Bool) async -> Bool {
        let deadline = Monotonic.nanoseconds() + UInt64(timeout.components.seconds) * 1_000_000_000
            + UInt64(timeout.components.attoseconds / 1_000_000_000)
        return await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool? in
                if condition(state.progress) { return true }
                state.waiters.append(Waiter(condition: condition, deadline: deadline, continuation: continuation))
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Re-checks deadlines (called every 100 ms by the generator's ticker).
    func tick() {
        let now = Monotonic.nanoseconds()
        let (ready, expired) = state.withLock { state in
            let ready = Self.ready(&state)
            var expired: [CheckedContinuation<Bool, Never>] = []
            state.waiters.removeAll { waiter in
                guard waiter.deadline <= now else { return false }
                expired.append(waiter.continuation)
                return true
            }
            return (ready, expired)
        }
        for continuation in ready { continuation.resume(returning: true) }
        for continuation in expired { continuation.resume(returning: false) }
    }

    /// Removes and returns the waiters whose condition now holds.
    private static func ready(_ state: inout State) -> [CheckedContinuation<Bool, Never>] {
        guard !state.waiters.isEmpty else { return [] }
        let progress = state.progress
        var ready: [CheckedContinuation<Bool, Never>] = []
        state.waiters.removeAll { waiter in
            guard waiter.condition(progress) else { return false }
            ready.append(waiter.continuation)
            return true
        }
        return ready
    }
}

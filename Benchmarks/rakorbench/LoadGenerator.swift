import Kafka
import Logging
import Synchronization

/// Produces a workload's records into the embedded cluster and consumes the
/// replies, through the project's own Kafka layer (so the generator costs
/// what any client of this layer costs).
///
/// The sender never gets more than `window` commands ahead of the replies:
/// the mock cluster keeps only ~5 MiB / 100k records per partition, and a
/// reader that falls further behind than that would lose records to
/// truncation. If it happens anyway it shows up as offset resets and as
/// missing replies in the report.
final class LoadGenerator: Sendable {
    let commandsTopic: String
    let eventsTopic: String
    let tracker = ReplyTracker()
    private let producer: KafkaProducer
    private let replies: KafkaConsumer
    private let failedDeliveries = Counter()
    private let eventsSent = Counter()
    private let resets = Counter()
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let logger: Logger

    init(bootstrap: String, commandsTopic: String, eventsTopic: String, repliesTopic: String, group: String,
         fetchWait: Int, logger: Logger) throws {
        self.commandsTopic = commandsTopic
        self.eventsTopic = eventsTopic
        self.logger = logger
        let failed = failedDeliveries
        // linger 1 ms: a generator that holds commands back 5 ms (the
        // default) would add its own delay to every latency sample.
        producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: bootstrap, properties: ["linger.ms": "1"]),
            logger: logger,
            onDelivery: { reports in
                let bad = reports.reduce(0) { $0 + ($1.error == nil ? 0 : 1) }
                if bad > 0 { failed.add(bad) }
            })
        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: bootstrap, groupID: group, topics: [repliesTopic],
            properties: ["session.timeout.ms": "6000", "heartbeat.interval.ms": "1000", "auto.offset.reset": "earliest",
                         "fetch.wait.max.ms": "\(fetchWait)"])
        configuration.maxBatchSize = 8192
        replies = try KafkaConsumer(configuration: configuration, logger: logger)
        let replies = self.replies, tracker = self.tracker, resets = self.resets
        let reader = Task {
            for await batch in replies.batches {
                tracker.handle(batch.records)
                let truncated = batch.errors.filter(\.isOffsetReset).count
                if truncated > 0 { resets.add(truncated) }
            }
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                tracker.tick()
            }
        }
        tasks.withLock { $0 = [reader, ticker] }
    }

    var failedDeliveryCount: Int { failedDeliveries.value }
    var eventCount: Int { eventsSent.value }
    /// Offset resets seen by the reply reader (replies truncated before they were read).
    var replyOffsetResets: Int { resets.value }

    /// As fast as the window allows: `count` commands, then until all are
    /// answered (or nothing moved for `stall`).
    func throughput(tag: String, mix: CommandMix, count: Int, window: Int, chunk: Int = 512,
                    stall: Duration = .seconds(30)) async -> PhaseResult {
        tracker.begin(tag: tag, measureLatency: false)
        var newTasksLeft: Int? = (count + 1) / 2
        var seq = 0
        let room = max(1, window - chunk)
        sending: while seq < count {
            guard await tracker.wait(timeout: stall, until: { $0.outstanding <= room }) else { break }
            var records: [ProducerRecord] = []
            var commands = 0
            while commands < chunk, seq < count {
                guard let outs = mix.next(seq: seq, tag: tag, tracker: tracker, newTasksLeft: &newTasksLeft) else { break }
                for out in outs { commands += append(out, to: &records) }
                seq += 1
            }
            if records.isEmpty {
                // W2 with every new task sent: the rest are completions,
                // which need the replies naming the tasks.
                guard await tracker.wait(timeout: stall, until: { $0.completions > 0 || $0.outstanding <= 0 }) else { break }
                let progress = tracker.progress
                if progress.completions == 0 && progress.outstanding <= 0 { break sending }
                continue
            }
            guard await send(records, commands: commands) else { break }
        }
        _ = await tracker.wait(timeout: stall, until: { $0.outstanding <= 0 })
        return tracker.end()
    }

    /// At a fixed offered rate (`rate` commands per second, for `seconds`),
    /// measuring each command's latency from send to its reply consumed.
    func paced(tag: String, mix: CommandMix, rate: Int, seconds: Double,
               stall: Duration = .seconds(30)) async -> PhaseResult {
        tracker.begin(tag: tag, measureLatency: true)
        let total = Int(Double(rate) * seconds)
        let start = Monotonic.nanoseconds()
        var unlimited: Int? = nil
        var seq = 0
        while seq < total {
            let due = min(total, Int(Monotonic.seconds(since: start) * Double(rate)))
            var records: [ProducerRecord] = []
            var commands = 0
            while seq < due {
                guard let outs = mix.next(seq: seq, tag: tag, tracker: tracker, newTasksLeft: &unlimited) else { break }
                for out in outs { commands += append(out, to: &records) }
                seq += 1
            }
            if !records.isEmpty {
                guard await send(records, commands: commands) else { break }
            }
            // The load generator paces itself by the clock; this is the offered rate, not a poll.
            try? await Task.sleep(for: .milliseconds(1))
        }
        _ = await tracker.wait(timeout: stall, until: { $0.outstanding <= 0 })
        return tracker.end()
    }

    private func append(_ out: Outgoing, to records: inout [ProducerRecord]) -> Int {
        let headers = out.headerID.map { [KafkaHeader(name: Passthrough.idHeader, string: $0)] } ?? []
        records.append(ProducerRecord(topic: out.topic == .commands ? commandsTopic : eventsTopic,
                                      key: out.key, value: out.value, headers: headers))
        if !out.expectsReply { eventsSent.add(1) }
        return out.expectsReply ? 1 : 0
    }

    private func send(_ records: [ProducerRecord], commands: Int) async -> Bool {
        do {
            try await producer.send(records)
            tracker.noteSent(commands)
            return true
        } catch {
            logger.error("load generator: producing failed: \(error)")
            return false
        }
    }

    func close() async {
        await replies.close()
        for task in tasks.withLock({ $0 }) {
            task.cancel()
            await task.value
        }
        await producer.shutdown(timeout: .seconds(5))
    }
}

/// A counter shared between the generator and its callbacks.
final class Counter: Sendable {
    private let atomic = Atomic<Int>(0)

    func add(_ value: Int) { atomic.add(value, ordering: .relaxed) }

    var value: Int { atomic.load(ordering: .relaxed) }
}

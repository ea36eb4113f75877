import ArgumentParser
import Foundation
import Kafka
import Logging
import RakorBot
import RakorCore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Work with the tamper-evident audit stream (rakor.audit).",
        subcommands: [AuditVerify.self]
    )
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Read rakor.audit from a cluster and check every hash chain.",
        discussion: """
            Reads <prefix>rakor.audit from its start to the end it has when the command starts \
            (every partition, no consumer group, nothing committed) and checks each chain \
            (chain id = record key, else the event's source) with nothing but the records: \
            every event hashes to its `hash` (SHA-256 of its RFC 8785 form without `hash`), \
            `prevhash` is the previous event's hash (64 zeros for the first), and `sequence` \
            rises by exactly 1 from 1. An exact repeat of a verified event (a redelivery after a \
            crash) is counted, not a problem.

            Prints each chain (first and last sequence, events, last hash), the totals and \
            every problem with its position (`partition 0 offset 17`).

            Exit codes: 0 every chain verifies; 2 problems were found (tampering, gaps, \
            broken links, malformed events); 1 the topic could not be read in full.

            Examples:
              rakorbot audit verify --bootstrap-file /tmp/rakor-bootstrap
              rakorbot audit verify --brokers kafka-1:9092 --topic-prefix prod. --json
            """
    )

    @OptionGroup(title: "Kafka")
    var kafka: KafkaClientOptions

    @Flag(help: "Print the summary as one JSON line.")
    var json = false

    @Flag(help: "Accept chains whose first event is not sequence 1 (retention removed their start).")
    var allowTruncatedStart = false

    @Option(help: "Report at most this many problems (the rest are counted).")
    var maxProblems: Int = 100

    @Option(help: ArgumentHelp(
        "Give up when no record arrives for this long while some are still expected: 30s, 2m.",
        valueName: "duration"))
    var timeout: String = "30s"

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        _ = try DurationParser.parse(timeout, flag: "--timeout")
        guard maxProblems >= 1 else { throw ValidationError("--max-problems must be at least 1") }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "rakorbot.audit")
        let bound = try DurationParser.parse(timeout, flag: "--timeout")
        let bootstrap = try kafka.bootstrapServers()
        let topic = kafka.topics().audit
        let reader: TopicReader
        do {
            reader = try await TopicReader.open(bootstrapServers: bootstrap, topic: topic, from: .beginning,
                                                until: .atOpeningEnd, properties: try kafka.properties(),
                                                timeout: bound, logger: logger)
        } catch {
            throw CLIError(ChatConsole.explain(error, bootstrapServers: bootstrap, topic: topic))
        }
        let started = ContinuousClock.now
        var run = AuditRun(options: AuditVerifier.Options(requireGenesis: !allowTruncatedStart, maxProblems: maxProblems))
        let completed = await run.read(reader, idleTimeout: bound)
        await reader.close()
        let report = AuditReport(topic: topic, partitions: reader.partitions, summary: run.verifier.summary,
                                 readErrors: run.readErrors + (completed ? [] : [
                                    "no record for \(timeout) with \(run.recordsRead) of \(reader.expectedCount) read: stopped",
                                 ]), elapsed: ContinuousClock.now - started)
        Console.line(json ? report.json() : report.text())
        if !report.readErrors.isEmpty { throw ExitCode.failure }
        if !report.summary.isValid { throw ExitCode(2) }
    }
}

/// Feeds a topic snapshot to an `AuditVerifier`, in offset order per partition.
struct AuditRun {
    var verifier: AuditVerifier
    var readErrors: [String] = []
    var recordsRead = 0

    init(options: AuditVerifier.Options) {
        verifier = AuditVerifier(options: options)
    }

    /// Reads until the reader's snapshot ends (true), or nothing arrives for
    /// `idleTimeout` (false).
    mutating func read(_ reader: TopicReader, idleTimeout: Duration) async -> Bool {
        while true {
            switch await Self.next(reader, within: idleTimeout) {
            case .end:
                return true
            case .idle:
                return false
            case .batch(let batch):
                for record in batch.records {
                    recordsRead += 1
                    let chain = record.key.flatMap { String(validating: $0, as: UTF8.self) }.flatMap { $0.isEmpty ? nil : $0 }
                    verifier.verify(record.value.map(Array.init) ?? [], chain: chain,
                                    position: "partition \(record.partition) offset \(record.offset)")
                }
                for error in batch.errors where error.isOffsetReset {
                    readErrors.append("partition \(error.partition): records from offset \(error.offset) were removed while reading (\(error.error.message))")
                }
            }
        }
    }

    enum Next {
        case batch(ConsumerBatch)
        case end
        case idle
    }

    static func next(_ reader: TopicReader, within timeout: Duration) async -> Next {
        await withTaskGroup(of: Next.self) { group in
            group.addTask {
                var iterator = reader.batches.makeAsyncIterator()
                return await iterator.next().map(Next.batch) ?? .end
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .idle
            }
            let first = await group.next() ?? .end
            group.cancelAll()
            return first
        }
    }
}

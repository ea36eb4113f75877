import Foundation
import Kafka
import Logging

// rakorbench: the W0–W3 workloads of `make bench` against one embedded
// cluster in this process; a table on stdout, then one JSON line.

let options: BenchOptions
do {
    options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    guard let message = error.message else {
        print(BenchOptions.usage)  // --help: asked for, so on stdout
        exit(0)
    }
    FileHandle.standardError.write(Data("rakorbench: \(message)\n\(BenchOptions.usage)\n".utf8))
    exit(2)
}

let verbose = options.verbose
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = verbose ? .warning : .critical
    return handler
}

func runBench(_ options: BenchOptions) async throws -> Report {
    try CommandMix.selfCheck()
    let logger = Logger(label: "rakorbench")
    let runTag = "rb\(UInt32.random(in: 0...UInt32.max))"
    let workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("rakorbench-\(runTag)")
    try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: workDirectory) }

    let cluster = try EmbeddedKafka(brokers: 3, logger: logger)
    defer { cluster.shutdown() }
    let workloads = Workloads(cluster: cluster, options: options, logger: logger, runTag: runTag,
                              workDirectory: workDirectory)
    var report = Report(results: [], machine: .current(), quick: options.quick)
    report.peakResettable = ProcessMemory.resetPeak()
    report.fetchWaitMilliseconds = options.fetchWaitMilliseconds
    report.seedDueFrom = options.seedDueFrom.iso
    let counts = options.counts
    let selected = options.workloads

    if selected.contains("W0") {
        report.results.append(try await workloads.passthrough())
    }
    let small = ["W1", "W2", "W3"].filter(selected.contains)
    let large = ["W1-1M", "W2-1M"].filter(selected.contains)
    guard !small.isEmpty || !large.isEmpty else { return report }

    let generator = try workloads.botGenerator()
    do {
        if !small.isEmpty {
            let (directory, seconds) = try await workloads.seededStore("small", tasks: counts.smallStore)
            report.seeding["small_\(counts.smallStore)"] = seconds
            for name in small {
                report.results.append(try await run(name, tasks: counts.smallStore, directory: directory))
            }
        }
        if !large.isEmpty {
            let (directory, seconds) = try await workloads.seededStore("large", tasks: counts.largeStore)
            report.seeding["large_\(counts.largeStore)"] = seconds
            for name in large {
                report.results.append(try await run(name, tasks: counts.largeStore, directory: directory))
            }
        }
    } catch {
        await generator.close()
        throw error
    }
    report.staleReplies = generator.tracker.staleReplies
    report.replyOffsetResets = generator.replyOffsetResets
    await generator.close()
    return report

    func run(_ name: String, tasks: Int, directory: URL) async throws -> WorkloadResult {
        switch name.prefix(2) {
        case "W1":
            return try await workloads.bot(name, description: "/tenggat <keyword> through the whole pipeline",
                                           shape: .reads, count: counts.reads, tasks: tasks,
                                           dataDirectory: directory, generator: generator)
        case "W2":
            return try await workloads.bot(name, description: "/tugas baru then /tugas selesai, durable per batch",
                                           shape: .writes, count: counts.writes, tasks: tasks,
                                           dataDirectory: directory, generator: generator)
        default:
            return try await workloads.bot(name, description: "70 % reads, 30 % writes, 1 integrator event per 50 commands",
                                           shape: .mixed(eventEvery: 50), count: counts.mixed, tasks: tasks,
                                           dataDirectory: directory, generator: generator)
        }
    }
}

do {
    let report = try await runBench(options)
    if !options.jsonOnly {
        print(report.table())
        print("")
    }
    print(report.json())
} catch {
    FileHandle.standardError.write(Data("rakorbench: failed: \(error)\n".utf8))
    exit(1)
}

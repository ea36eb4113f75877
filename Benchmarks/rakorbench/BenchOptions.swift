import RakorCore

/// Command-line options of `rakorbench` (few enough to read by hand).
struct BenchOptions {
    static let allWorkloads = ["W0", "W1", "W2", "W3", "W1-1M", "W2-1M"]

    var quick = false
    var jsonOnly = false
    var workloads = Set(allWorkloads)
    /// The "large store" task count (1,000,000; fewer with `--quick`).
    var largeStore: Int?
    var verbose = false
    /// fetch.wait.max.ms of every consumer in the run (see `--fetch-wait-ms`).
    var fetchWaitMilliseconds = 2
    /// Commands the generator may be ahead of the bot's replies.
    var window = 6_000
    /// First due date of the seeded tasks (they spread over 400 days).
    var seedDueFrom = TaskSeeder.defaultFirstDue

    static let usage = """
        usage: rakorbench [--quick] [--json-only] [--workloads W0,W1,W2,W3,W1-1M,W2-1M] [--large-store N] [--fetch-wait-ms N] [--window N] [--seed-due-from YYYY-MM-DD] [--verbose]

          --quick        small counts (a smoke test of every workload, ~1 minute)
          --json-only    print only the JSON line (no table)
          --workloads    which workloads to run (default: all)
          --large-store  tasks in the large store (default 1000000; 20000 with --quick)
          --fetch-wait-ms  fetch.wait.max.ms of every consumer (default 2). librdkafka's mock
                         broker answers an empty fetch only after this wait, even when records
                         arrive meanwhile (a real broker answers at once), so the project's
                         default of 100 ms would add up to 100 ms per consumer hop
          --window       commands the generator may be ahead of the bot's replies (default 6000;
                         more risks the mock broker's per-partition retention, which the
                         report would show as missing replies and offset resets)
          --seed-due-from  first due date of the seeded tasks (default 2025-06-01, beyond the
                         reminder lookahead of the workloads' today, 2024-11-20; 2024-11-21 puts
                         ~2,500 of a million tasks due each day of the lookahead)
          --verbose      log the bot's warnings to stderr
        """

    static func parse(_ arguments: [String]) throws(UsageError) -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick": options.quick = true
            case "--json-only": options.jsonOnly = true
            case "--verbose": options.verbose = true
            case "--workloads":
                guard let list = rest.popFirst() else { throw UsageError("--workloads needs a list") }
                let names = list.split(separator: ",").map { $0.uppercased() }
                for name in names where !allWorkloads.contains(name) {
                    throw UsageError("unknown workload \(name) (known: \(allWorkloads.joined(separator: ",")))")
                }
                options.workloads = Set(names)
            case "--large-store":
                guard let text = rest.popFirst(), let count = Int(text), count > 0 else {
                    throw UsageError("--large-store needs a positive number")
                }
                options.largeStore = count
            case "--fetch-wait-ms":
                guard let text = rest.popFirst(), let value = Int(text), value >= 0 else {
                    throw UsageError("--fetch-wait-ms needs a number of milliseconds")
                }
                options.fetchWaitMilliseconds = value
            case "--window":
                guard let text = rest.popFirst(), let value = Int(text), value > 0 else {
                    throw UsageError("--window needs a positive number")
                }
                options.window = value
            case "--seed-due-from":
                guard let text = rest.popFirst(), let date = LocalDate(iso: text) else {
                    throw UsageError("--seed-due-from needs a date YYYY-MM-DD")
                }
                options.seedDueFrom = date
            case "--help", "-h":
                throw UsageError(nil)
            default:
                throw UsageError("unknown option \(argument)")
            }
        }
        return options
    }

    /// How much each workload sends.
    struct Counts {
        var passthrough: Int
        var reads: Int
        var writes: Int
        var mixed: Int
        var smallStore: Int
        var largeStore: Int
        var pacedRate: Int
        var pacedSeconds: Double
        var warmup: Int
    }

    var counts: Counts {
        quick
            ? Counts(passthrough: 20_000, reads: 5_000, writes: 2_000, mixed: 5_000, smallStore: 1_000,
                     largeStore: largeStore ?? 20_000, pacedRate: 2_000, pacedSeconds: 2, warmup: 100)
            : Counts(passthrough: 1_000_000, reads: 300_000, writes: 100_000, mixed: 200_000, smallStore: 1_000,
                     largeStore: largeStore ?? 1_000_000, pacedRate: 2_000, pacedSeconds: 10, warmup: 500)
    }
}

struct UsageError: Error {
    var message: String?
    init(_ message: String?) { self.message = message }
}

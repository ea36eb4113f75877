import Foundation

/// The machine the figures were measured on.
struct MachineInfo {
    var cores: Int
    var cpu: String
    var memoryBytes: UInt64

    static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        return MachineInfo(cores: ProcessInfo.processInfo.activeProcessorCount, cpu: model,
                           memoryBytes: ProcessInfo.processInfo.physicalMemory)
    }
}

/// The table and the JSON line.
struct Report {
    var results: [WorkloadResult]
    var machine: MachineInfo
    var quick: Bool
    var seeding: [String: Double] = [:]
    var staleReplies = 0
    var replyOffsetResets = 0
    var peakResettable = true
    var fetchWaitMilliseconds = 0
    var seedDueFrom = ""

    func result(_ name: String) -> WorkloadResult? { results.first { $0.name == name } }

    func ratio(_ top: String, _ bottom: String) -> Double? {
        guard let a = result(top)?.throughput.throughput, let b = result(bottom)?.throughput.throughput, b > 0 else { return nil }
        return a / b
    }

    var ratios: [(String, Double?)] {
        [("w1_over_w0", ratio("W1", "W0")), ("w2_over_w0", ratio("W2", "W0")),
         ("w1_large_over_small", ratio("W1-1M", "W1")), ("w2_large_over_small", ratio("W2-1M", "W2"))]
    }

    func table() -> String {
        var lines: [String] = []
        let header = ["workload", "tasks", "records", "seconds", "records/s", "p50 ms", "p99 ms", "p99.9 ms",
                      "peak RSS MB", "ready s", "missing", "errors"]
        var rows: [[String]] = [header]
        for result in results {
            let tp = result.throughput
            rows.append([
                result.name, result.tasks.map(String.init) ?? "-", "\(tp.received)", format(tp.seconds),
                "\(Int(tp.throughput.rounded()))",
                result.latency.latencyMilliseconds(50).map(format) ?? "-",
                result.latency.latencyMilliseconds(99).map(format) ?? "-",
                result.latency.latencyMilliseconds(99.9).map(format) ?? "-",
                result.peakRSSMegabytes.map(format) ?? "-", result.readySeconds.map(format) ?? "-",
                "\(result.missing)", "\(result.errors)",
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for (index, row) in rows.enumerated() {
            lines.append(row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                            : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  "))
            if index == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        lines.append("")
        for result in results { lines.append("\(result.name): \(result.description)") }
        lines.append("latency: at \(results.first?.offeredRate ?? 0) commands/s offered (consumers' fetch.wait.max.ms \(fetchWaitMilliseconds)); "
                     + "throughput: as fast as the send window allows")
        for (name, value) in ratios { if let value { lines.append("\(name): \(format(value))") } }
        for (name, seconds) in seeding.sorted(by: { $0.key < $1.key }) { lines.append("seeding \(name): \(format(seconds)) s") }
        if !peakResettable { lines.append("note: /proc/self/clear_refs not writable; peaks are process-wide") }
        if replyOffsetResets > 0 { lines.append("WARNING: \(replyOffsetResets) reply offset resets: replies were truncated before read") }
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        var workloads: [String] = []
        for result in results {
            var fields: [(String, String)] = [
                ("name", quoted(result.name)), ("tasks", result.tasks.map(String.init) ?? "null"),
                ("records", "\(result.throughput.received)"), ("sent", "\(result.throughput.sent)"),
                ("seconds", number(result.throughput.seconds)),
                ("records_per_s", number(result.throughput.throughput)),
                ("offered_rate", "\(result.offeredRate)"),
                ("latency_samples", "\(result.latency.latency?.totalCount ?? 0)"),
                ("p50_ms", number(result.latency.latencyMilliseconds(50))),
                ("p99_ms", number(result.latency.latencyMilliseconds(99))),
                ("p999_ms", number(result.latency.latencyMilliseconds(99.9))),
                ("max_ms", number(result.latency.latency.map { Double($0.max) / 1000 })),
                ("peak_rss_mb", number(result.peakRSSMegabytes)),
                ("start_s", number(result.startSeconds)), ("ready_s", number(result.readySeconds)),
                ("missing", "\(result.missing)"), ("errors", "\(result.errors)"),
                ("duplicates", "\(result.duplicates)"), ("events", "\(result.events)"),
                ("bot_offset_resets", result.botOffsetResets.map(String.init) ?? "null"),
                ("batches", result.batches.map { "\($0.count)" } ?? "null"),
                ("batch_ms", number(result.batches?.meanMilliseconds)),
            ]
            if result.tasks == nil {
                fields.removeAll { ["events", "bot_offset_resets", "batches", "batch_ms"].contains($0.0) }
            }
            workloads.append("{" + fields.map { "\(quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}")
        }
        var top: [(String, String)] = [
            ("bench", quoted("rakorbench")), ("quick", quick ? "true" : "false"),
            ("fetch_wait_ms", "\(fetchWaitMilliseconds)"), ("seed_due_from", quoted(seedDueFrom)),
            ("machine", "{\"cores\":\(machine.cores),\"cpu\":\(quoted(machine.cpu)),\"memory_mb\":\(machine.memoryBytes / 1_048_576)}"),
            ("workloads", "[" + workloads.joined(separator: ",") + "]"),
        ]
        top.append(("ratios", "{" + ratios.map { "\(quoted($0.0)):\(number($0.1))" }.joined(separator: ",") + "}"))
        top.append(("seeding_s", "{" + seeding.sorted { $0.key < $1.key }.map { "\(quoted($0.key)):\(number($0.value))" }.joined(separator: ",") + "}"))
        top.append(("ready_large_store_s", number(result("W1-1M")?.readySeconds)))
        top.append(("stale_replies", "\(staleReplies)"))
        top.append(("reply_offset_resets", "\(replyOffsetResets)"))
        return "{" + top.map { "\(quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    private func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return String(format: "%.3f", value)
    }

    private func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

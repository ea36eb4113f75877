import Kafka
import RakorCore

/// What `rakorbot audit verify` prints, as text or one JSON line.
struct AuditReport {
    let topic: String
    let partitions: [TopicReader.PartitionRange]
    let summary: AuditSummary
    /// Reasons the topic was not read in full.
    let readErrors: [String]
    let elapsed: Duration

    var verdict: String {
        if !readErrors.isEmpty { return "incomplete" }
        return summary.isValid ? "verified" : "failed"
    }

    func text() -> String {
        var lines: [String] = []
        let partitionList = partitions.map { "\($0.partition): \($0.low)–\($0.high)" }.joined(separator: ", ")
        lines.append("\(topic): \(summary.records) records from \(partitions.count) partition\(partitions.count == 1 ? "" : "s") (offsets \(partitionList)) in \(seconds)s")
        for partition in partitions where partition.low > 0 {
            lines.append("  note: partition \(partition.partition) starts at offset \(partition.low): older records were removed by retention")
        }
        if summary.chains.isEmpty {
            lines.append("no audit events")
        }
        for chain in summary.chains {
            lines.append("chain \(chain.chainID): sequence \(chain.firstSequence)–\(chain.lastSequence), \(chain.events) events, last hash \(chain.lastHash)")
        }
        lines.append("total: \(summary.events) events in \(summary.chains.count) chain\(summary.chains.count == 1 ? "" : "s"), \(summary.duplicates) exact duplicate\(summary.duplicates == 1 ? "" : "s") (redeliveries) tolerated")
        for error in readErrors { lines.append("READ ERROR: \(error)") }
        if !summary.problems.isEmpty {
            let total = summary.problems.count + summary.problemsOmitted
            lines.append("PROBLEMS: \(total)")
            lines += summary.problems.map { "  \($0)" }
            if summary.problemsOmitted > 0 { lines.append("  … and \(summary.problemsOmitted) more") }
        }
        switch verdict {
        case "verified": lines.append("OK: every chain verifies (hash, prevhash, sequence)")
        case "failed": lines.append("FAILED: the audit stream does not verify")
        default: lines.append("INCOMPLETE: the topic could not be read in full")
        }
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("topic"); writer.string(topic)
        writer.key("verdict"); writer.string(verdict)
        writer.key("valid"); writer.bool(summary.isValid && readErrors.isEmpty)
        writer.key("records"); writer.int(Int64(summary.records))
        writer.key("events"); writer.int(Int64(summary.events))
        writer.key("duplicates"); writer.int(Int64(summary.duplicates))
        writer.key("chains")
        writer.beginArray()
        for chain in summary.chains {
            writer.beginObject()
            writer.key("chain"); writer.string(chain.chainID)
            writer.key("first_sequence"); writer.int(Int64(clamping: chain.firstSequence))
            writer.key("last_sequence"); writer.int(Int64(clamping: chain.lastSequence))
            writer.key("events"); writer.int(Int64(chain.events))
            writer.key("last_hash"); writer.string(chain.lastHash)
            writer.endObject()
        }
        writer.endArray()
        writer.key("problems")
        writer.beginArray()
        for problem in summary.problems {
            writer.beginObject()
            writer.key("index"); writer.int(Int64(problem.index))
            writer.key("position")
            if let position = problem.position { writer.string(position) } else { writer.null() }
            writer.key("chain")
            if let chain = problem.chain { writer.string(chain) } else { writer.null() }
            writer.key("sequence")
            if let sequence = problem.sequence { writer.int(Int64(clamping: sequence)) } else { writer.null() }
            writer.key("message"); writer.string(problem.description)
            writer.endObject()
        }
        writer.endArray()
        writer.key("problems_omitted"); writer.int(Int64(summary.problemsOmitted))
        writer.key("read_errors")
        writer.beginArray()
        for error in readErrors { writer.string(error) }
        writer.endArray()
        writer.key("partitions")
        writer.beginArray()
        for partition in partitions {
            writer.beginObject()
            writer.key("partition"); writer.int(Int64(partition.partition))
            writer.key("low"); writer.int(partition.low)
            writer.key("high"); writer.int(partition.high)
            writer.endObject()
        }
        writer.endArray()
        writer.key("seconds"); writer.double(secondsValue)
        writer.endObject()
        return String(decoding: writer.finish(), as: UTF8.self)
    }

    /// Elapsed seconds, to the millisecond.
    private var secondsValue: Double {
        let (whole, fraction) = elapsed.components
        return (Double(whole) * 1000 + Double(fraction) / 1e15).rounded() / 1000
    }

    private var seconds: String {
        String(secondsValue)
    }
}

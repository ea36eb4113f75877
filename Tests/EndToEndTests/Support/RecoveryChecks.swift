import Foundation
import Kafka
import RakorCore
import RakorStore
import Synchronization

/// The distinct ids (of answered or audited commands) seen so far, updated
/// incrementally from a follower's records: decoding every record on every
/// poll would load the machine the bot runs on.
final class SeenIDs: Sendable {
    private struct State {
        var seen = 0
        var ids = Set<String>()
    }

    private let state = Mutex(State())
    private let extract: @Sendable (ConsumerRecord) -> String?

    init(_ extract: @escaping @Sendable (ConsumerRecord) -> String?) {
        self.extract = extract
    }

    func contains(_ id: String) -> Bool { state.withLock { $0.ids.contains(id) } }

    func count(_ records: [ConsumerRecord]) -> Int {
        state.withLock { state in
            guard records.count > state.seen else { return state.ids.count }
            for record in records[state.seen...] {
                if let id = extract(record) { state.ids.insert(id) }
            }
            state.seen = records.count
            return state.ids.count
        }
    }
}

/// Every command answered, consistently: a reply re-sent after a crash is the
/// same bytes as the first.
struct ReplyCheck {
    var lost: [String] = []
    var failed: [String] = []
    var inconsistent: [String] = []
    var answered = 0
    var recordCount = 0
    /// Reply `data` by command id (the first record of each).
    var data: [String: JSONValue] = [:]

    init(workload: CrashWorkload, records: [ConsumerRecord]) {
        var byID: [String: [[UInt8]]] = [:]
        for record in records {
            guard let value = record.value, let message = try? OutboundMessage.decode(Array(value)),
                  let id = message.inReplyTo else { continue }
            byID[id, default: []].append(Array(value))
            if data[id] == nil, let payload = message.data { data[id] = payload }
        }
        // Only the workload's: a test's warm-up command is not one of them.
        recordCount = workload.commands.reduce(0) { $0 + (byID[$1.id]?.count ?? 0) }
        for command in workload.commands {
            guard let copies = byID[command.id], let first = copies.first else {
                lost.append(command.id)
                continue
            }
            answered += 1
            if copies.contains(where: { $0 != first }) { inconsistent.append(command.id) }
            if let message = try? OutboundMessage.decode(first), !message.ok {
                failed.append("\(command.id): \(message.error?.code.rawValue ?? "?") \(message.text)")
            }
        }
    }
}

/// The audit stream verified as a supervisor would, and counted per command:
/// exactly one accepted/rejected event each, exactly one state change per
/// mutating command (republished duplicates after a crash are the same event).
struct AuditCheck {
    var summary: AuditSummary
    var decisionProblems: [String] = []
    var effectProblems: [String] = []
    var missingEffects: [String] = []
    var appliedTwice: [String] = []

    init(workload: CrashWorkload, records: [ConsumerRecord]) {
        var verifier = AuditVerifier()
        var events: [String: JSONObject] = [:]
        let ordered = records.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
        for record in ordered {
            let bytes = Array(record.value ?? [])
            _ = verifier.verify(bytes, chain: record.key.map { String(decoding: $0, as: UTF8.self) },
                                position: "\(record.partition)@\(record.offset)")
            if let event = try? JSONParser().parse(bytes).objectValue, let hash = event["hash"]?.stringValue {
                events[hash] = event
            }
        }
        summary = verifier.summary
        var decisions: [String: Int] = [:]
        var effects: [String: [String: Int]] = [:]
        for event in events.values {
            guard let id = event["correlationid"]?.stringValue, let type = event["type"]?.stringValue else { continue }
            if type == "rakor.command.accepted" || type == "rakor.command.rejected" {
                decisions[id, default: 0] += 1
            } else {
                effects[id, default: [:]][type, default: 0] += 1
            }
        }
        for command in workload.commands {
            let decided = decisions[command.id, default: 0]
            if decided != 1 { decisionProblems.append("\(command.id): \(decided)") }
            let expected = command.kind.effectEvent
            let seen = effects[command.id, default: [:]]
            let count = expected.map { seen[$0, default: 0] } ?? 0
            if expected != nil, count == 0 { missingEffects.append(command.id) }
            if count > 1 { appliedTwice.append(command.id) }
            if seen.keys.contains(where: { $0 != expected }) || (expected != nil && count != 1) {
                effectProblems.append("\(command.id) (\(command.kind)): \(seen)")
            }
        }
    }
}

/// The effects as the store holds them once the last bot stopped: one task,
/// agreement or budget item per mutating command, one ledger row per command.
struct StoreCheck {
    var problems: [String] = []
    var missing: [String] = []
    var appliedTwice: [String] = []
    var tasks = 0
    var agreements = 0
    var budgetItems = 0
    var ledgerRows = 0

    init(workload: CrashWorkload, replies: ReplyCheck, databasePath: String) async throws {
        let store = try RakorStore(path: databasePath)
        defer { try? store.close() }
        let provinces = Set(workload.commands.filter { $0.kind == .anggaran }
            .compactMap { replies.data[$0.id]?.objectValue?["provinsi"]?.stringValue })
        let keys = workload.commands.map { "cmd:\($0.id)" }
        let facts = try await store.read { session in
            var titles: [String: Int] = [:]
            for task in try Self.everyItem({ try session.tugas.list(TugasFilter(), page: $0) }) {
                titles[task.judul, default: 0] += 1
            }
            var texts: [String: Int] = [:]
            for agreement in try Self.everyItem({ try session.kesepakatan.list(KesepakatanFilter(), page: $0) }) {
                texts[agreement.isi, default: 0] += 1
            }
            var codes: [String: Int] = [:]
            for province in provinces {
                for item in try session.anggaran.items(provinsi: province) { codes[item.kode, default: 0] += 1 }
            }
            let ledger = try session.ledger.lookup(keys: keys)
            return (titles, texts, codes, ledger.count)
        }
        let (titles, texts, codes, ledgerCount) = facts
        tasks = titles.values.reduce(0, +)
        agreements = texts.values.reduce(0, +)
        budgetItems = codes.values.reduce(0, +)
        ledgerRows = ledgerCount
        for command in workload.commands {
            let count: Int
            switch command.kind {
            case .lookup: continue
            case .tugas: count = titles[command.mark, default: 0]
            case .kesepakatan: count = texts[command.mark, default: 0]
            case .anggaran: count = codes[command.mark, default: 0]
            }
            if count == 0 { missing.append(command.id) }
            if count > 1 { appliedTwice.append(command.id) }
            if count != 1 { problems.append("\(command.id) (\(command.kind)): \(count) in the store") }
        }
        let expected = (workload.count(.tugas), workload.count(.kesepakatan), workload.count(.anggaran))
        if (tasks, agreements, budgetItems) != expected {
            problems.append("store holds \(tasks) tasks, \(agreements) agreements, \(budgetItems) items; expected \(expected)")
        }
    }
}

extension StoreCheck {
    /// Every item of a paged list, page by page at the largest page size.
    static func everyItem<Item>(_ page: (PageRequest) throws -> Page<Item>) throws -> [Item] {
        var items: [Item] = []
        while true {
            let next = try page(PageRequest(limit: PageRequest.maxLimit, offset: items.count))
            items += next.items
            if !next.hasNext || next.items.isEmpty { return items }
        }
    }
}

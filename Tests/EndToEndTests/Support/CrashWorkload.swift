import Foundation
import Kafka
import RakorCore

/// The mixed command stream of the crash test: lookups and the three kinds of
/// mutating commands, each with a unique id and a unique title/code so that
/// its effect can be found (and counted) in the store afterwards.
struct CrashWorkload: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case lookup, tugas, kesepakatan, anggaran

        /// The state-change audit event a mutating command must cause exactly once.
        var effectEvent: String? {
            switch self {
            case .lookup: nil
            case .tugas: "rakor.task.assigned"
            case .kesepakatan: "rakor.agreement.recorded"
            case .anggaran: "rakor.budget.item_created"
            }
        }
    }

    struct Command: Sendable {
        let id: String
        let kind: Kind
        let envelope: CommandEnvelope
        /// Task title, agreement text or budget code: how the effect is found in the store.
        let mark: String
    }

    let commands: [Command]

    /// `count` commands over `chats` chats (so every partition gets some).
    init(count: Int, chats: Int = 30) {
        commands = (0..<count).map { index in
            let id = "crash-\(index)"
            let chat = "wa:crash-\(index % chats)"
            let kind: Kind
            let text: String
            let mark: String
            switch index % 5 {
            case 0, 1:
                kind = .lookup
                mark = ""
                text = index % 2 == 0 ? "/tenggat 2024-11-27" : "/tenggat pemungutan suara pilkada 2024"
            case 2:
                kind = .tugas
                mark = "crash \(index)"
                text = "/tugas baru @kesbangpol-banjar \"\(mark)\" tenggat 2024-12-31"
            case 3:
                kind = .kesepakatan
                mark = "crash \(index)"
                text = "/kesepakatan baru \"\(mark)\" tenggat 2024-12-31"
            default:
                kind = .anggaran
                mark = "C\(index)"
                text = "/anggaran item baru \(mark) \"crash \(index)\""
            }
            let envelope = CommandEnvelope(id: id, chat: chat, sender: "u-heriansyah", text: text)
            return Command(id: id, kind: kind, envelope: envelope, mark: mark)
        }
    }

    func records(_ range: Range<Int>, topic: String = "rakor.commands") -> [ProducerRecord] {
        commands[range].map {
            ProducerRecord(topic: topic, key: Array($0.envelope.chat.utf8), value: $0.envelope.encode())
        }
    }

    func count(_ kind: Kind) -> Int { commands.filter { $0.kind == kind }.count }
}

/// A small seeded generator (SplitMix64), so a failing run's kill moments
/// can be replayed from the seed it prints.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

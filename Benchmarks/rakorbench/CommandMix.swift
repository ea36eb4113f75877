import Foundation
import RakorCore

/// One record for the generator to produce.
struct Outgoing {
    enum Topic { case commands, events }
    var topic: Topic
    var key: [UInt8]
    var value: [UInt8]
    /// Commands get a reply (counted); integrator events do not.
    var expectsReply: Bool
    /// W0 only: the id, copied by the passthrough into its reply's headers.
    var headerID: String?
}

/// What a workload sends: the mix of commands, their text, and for W3 the
/// integrator events interleaved with them.
struct CommandMix: Sendable {
    enum Shape: Sendable {
        /// W0: envelopes of `/tenggat` reads, answered by the passthrough without any logic.
        case passthrough
        /// W0 and W1: `/tenggat <keyword>` only.
        case reads
        /// W2: `/tugas baru`, and `/tugas selesai` for each task once its reply names it.
        case writes
        /// W3: 70 % reads, 30 % writes, one integrator event per `eventEvery` commands.
        case mixed(eventEvery: Int)
    }

    var shape: Shape
    /// Tasks `T-1…T-n` the store was seeded with: W3's events complete them.
    var seededTasks: Int

    static let sender = "u-heriansyah"
    /// Searches that find stages of the shipped calendars.
    static let keywords = ["pemungutan suara", "kampanye", "masa tenang", "pendaftaran", "penetapan"]
    static let assignee = "kesbangpol-banjar"
    static let integratorSource = "naskah.kalselprov.go.id"

    /// The next record(s) for command slot `seq`, or nil when a W2/W3 write
    /// slot has nothing to do yet (no completion ready and `newTasksLeft` is 0).
    func next(seq: Int, tag: String, tracker: ReplyTracker, newTasksLeft: inout Int?) -> [Outgoing]? {
        let stamp = Monotonic.nanoseconds()
        switch shape {
        case .passthrough:
            let id = CommandID(tag: tag, kind: .passthrough, seq: seq, sentNanoseconds: stamp)
            var out = command(id, text: "/tenggat \(Self.keywords[seq % Self.keywords.count])", chat: seq)
            out.headerID = id.text
            return [out]
        case .reads:
            return [read(seq: seq, tag: tag, stamp: stamp)]
        case .writes:
            return write(seq: seq, tag: tag, stamp: stamp, tracker: tracker, newTasksLeft: &newTasksLeft).map { [$0] }
        case .mixed(let eventEvery):
            var out: [Outgoing] = []
            if seq % eventEvery == eventEvery - 1 { out.append(event(number: seq / eventEvery, seq: seq, tag: tag)) }
            if seq % 10 < 7 {
                out.append(read(seq: seq, tag: tag, stamp: stamp))
            } else if let write = write(seq: seq, tag: tag, stamp: stamp, tracker: tracker, newTasksLeft: &newTasksLeft) {
                out.append(write)
            } else {
                out.append(read(seq: seq, tag: tag, stamp: stamp))
            }
            return out
        }
    }

    private func read(seq: Int, tag: String, stamp: UInt64) -> Outgoing {
        command(CommandID(tag: tag, kind: .read, seq: seq, sentNanoseconds: stamp),
                text: "/tenggat \(Self.keywords[seq % Self.keywords.count])", chat: seq)
    }

    private func write(seq: Int, tag: String, stamp: UInt64, tracker: ReplyTracker,
                       newTasksLeft: inout Int?) -> Outgoing? {
        if let task = tracker.takeCompletions(1).first {
            return command(CommandID(tag: tag, kind: .doneTask, seq: seq, sentNanoseconds: stamp),
                           text: "/tugas selesai \(task) laporan \(seq) terkirim", chat: seq)
        }
        if let left = newTasksLeft {
            guard left > 0 else { return nil }
            newTasksLeft = left - 1
        }
        return command(CommandID(tag: tag, kind: .newTask, seq: seq, sentNanoseconds: stamp),
                       text: #"/tugas baru @\#(Self.assignee) \"Laporan rakorbench \#(seq)\" tenggat 2024-12-31"#, chat: seq)
    }

    /// The envelope as JSON bytes, written directly: the ids and texts are
    /// ASCII without characters JSON would escape (the quotes in a
    /// `/tugas baru` title are escaped above), and building each envelope
    /// through a JSON writer would cost the generator more than the bot.
    private func command(_ id: CommandID, text: String, chat: Int) -> Outgoing {
        let chatID = "wa:bench-\(chat % 64)"
        let json = #"{"id":"\#(id.text)","chat":"\#(chatID)","sender":"\#(Self.sender)","text":"\#(text)"}"#
        return Outgoing(topic: .commands, key: Array(chatID.utf8), value: Array(json.utf8), expectsReply: true,
                        headerID: nil)
    }

    /// A `rakor.task.completed` from the document system, for a seeded task
    /// (cycling; a task completed twice is refused with `conflict`, which is
    /// still a fully processed event).
    private func event(number: Int, seq: Int, tag: String) -> Outgoing {
        let task = "T-\(seededTasks > 0 ? number % seededTasks + 1 : 1)"
        let event = CloudEvent(id: "\(tag)-e\(seq)", source: Self.integratorSource, type: "rakor.task.completed",
                               subject: "task/\(task)", time: Date(), dataContentType: "application/json",
                               data: .json(["task": .string(task), "document": .string("ND-\(seq)/KESBANGPOL/2024")]))
        return Outgoing(topic: .events, key: Array("task/\(task)".utf8), value: event.encode(), expectsReply: false,
                        headerID: nil)
    }

    /// Checks once that the hand-written envelopes decode as the bot will decode them.
    static func selfCheck() throws {
        let mix = CommandMix(shape: .writes, seededTasks: 1)
        var left: Int? = 1
        let tracker = ReplyTracker()
        for outgoing in [mix.read(seq: 1, tag: "check", stamp: 1)]
            + (mix.write(seq: 2, tag: "check", stamp: 2, tracker: tracker, newTasksLeft: &left).map { [$0] } ?? []) {
            _ = try CommandEnvelope.decode(outgoing.value)
        }
    }
}

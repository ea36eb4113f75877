import Foundation
import Kafka
import Logging
import RakorBot
import RakorCore
import Synchronization

struct ChatSettings: Sendable {
    var sender: String
    var chat: String
    var lang: Lang?
    var timeout: Duration
    /// Print raw message JSON instead of text.
    var json: Bool
    /// Standard input is a terminal: prompt, and a missing reply is not fatal.
    var interactive: Bool
}

/// The console bridge: sends typed lines as command envelopes and prints
/// what the bot says back to this chat.
final class ChatConsole: Sendable {
    enum Outcome: Sendable, Equatable {
        case finished
        case failed(String)
    }

    let settings: ChatSettings
    let topics: TopicNames
    private let reader: TopicReader
    private let publisher: RecordPublisher
    private let signer: MessageSigner?
    private let board = ReplyBoard()
    private let output: ConsoleOutput
    private let listener: Mutex<Task<Void, Never>?> = Mutex(nil)

    private init(settings: ChatSettings, topics: TopicNames, reader: TopicReader, publisher: RecordPublisher,
                 signer: MessageSigner?) {
        self.settings = settings
        self.topics = topics
        self.reader = reader
        self.publisher = publisher
        self.signer = signer
        self.output = ConsoleOutput(prompt: settings.interactive ? "> " : nil)
    }

    /// Starts reading replies (from the current end of the topic: the
    /// positions are fixed before this returns, so no reply to a command
    /// sent afterwards can be missed), then opens the producer.
    static func connect(settings: ChatSettings, bootstrapServers: String, topics: TopicNames,
                        properties: [String: String], signer: MessageSigner?, logger: Logger) async throws -> ChatConsole {
        let reader: TopicReader
        do {
            reader = try await TopicReader.open(
                bootstrapServers: bootstrapServers, topic: topics.replies, from: .end, until: .never,
                properties: properties, timeout: settings.timeout, logger: logger)
        } catch {
            throw CLIError(Self.explain(error, bootstrapServers: bootstrapServers, topic: topics.replies))
        }
        let publisher: RecordPublisher
        do {
            publisher = try RecordPublisher(bootstrapServers: bootstrapServers, properties: properties,
                                            timeout: settings.timeout, logger: logger)
        } catch {
            await reader.close()
            throw CLIError("cannot create a Kafka producer: \(error)")
        }
        let console = ChatConsole(settings: settings, topics: topics, reader: reader, publisher: publisher, signer: signer)
        console.startListening()
        return console
    }

    static func explain(_ error: any Error, bootstrapServers: String, topic: String) -> String {
        if let error = error as? KafkaError {
            if error.code == .unknownTopicOrPartition {
                return "topic \(topic) does not exist at \(bootstrapServers): is the bot running there, with the same --topic-prefix?"
            }
            return "cannot read \(topic) from Kafka at \(bootstrapServers): \(error.message)"
        }
        return "cannot read \(topic) from Kafka at \(bootstrapServers): \(error)"
    }

    private func startListening() {
        let task = Task { [reader, board, output, settings] in
            for await batch in reader.batches {
                for record in batch.records {
                    guard let value = record.value,
                          let message = try? OutboundMessage.decode(Array(value)),
                          message.chat == settings.chat else { continue }
                    let raw = String(decoding: value, as: UTF8.self)
                    switch board.deliver(message, raw: raw) {
                    case .awaited, .ignored:
                        break
                    case .unsolicited:
                        output.line(settings.json ? raw : Self.render(message))
                    case .late(let command):
                        output.line(settings.json ? raw : "[late reply to \(Self.clip(command))] " + Self.render(message))
                    }
                }
                for error in batch.errors {
                    output.error("warning: reading \(error.topic ?? "replies"): \(error.error.message)")
                }
            }
        }
        listener.withLock { $0 = task }
    }

    /// Sends each line and prints its reply, until end of input; stops at
    /// the first failure unless interactive.
    func run(lines: LineReader) async -> Outcome {
        if settings.interactive {
            output.line("rakorbot chat · \(settings.sender) in \(settings.chat) · /bantuan or /help lists the commands · Ctrl-D quits")
        }
        while true {
            output.showPrompt()
            guard let line = await lines.next() else {
                output.inputReceived()
                if settings.interactive { output.line("") }
                return .finished
            }
            output.inputReceived()
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            switch await send(line) {
            case .answered:
                continue
            case .failed(let message):
                if settings.interactive {
                    output.error(message + "; a late reply is shown when it comes")
                    continue
                }
                return .failed(message)
            }
        }
    }

    enum Exchange: Sendable {
        case answered
        case failed(String)
    }

    /// One command: envelope → rakor.commands (keyed by chat) → the reply.
    func send(_ text: String) async -> Exchange {
        let id = UUID().uuidString.lowercased()
        let envelope = CommandEnvelope(id: id, chat: settings.chat, sender: settings.sender, text: text,
                                       sentAt: Date(), lang: settings.lang)
        let value = envelope.encode()
        let headers: [KafkaHeader]
        do {
            headers = try signer?.headers(for: value) ?? []
        } catch {
            return .failed("cannot sign the command: \(error)")
        }
        board.expect(id, command: text)
        do {
            try await publisher.publish(ProducerRecord(topic: topics.commands, key: Array(settings.chat.utf8),
                                                       value: value, headers: headers))
        } catch {
            board.forget(id)
            return .failed("could not send \(Self.clip(text)) to \(topics.commands): \(error)")
        }
        guard let (message, raw) = await board.wait(for: id, timeout: settings.timeout) else {
            let seconds = Double(settings.timeout.components.seconds)
                + Double(settings.timeout.components.attoseconds) / 1e18
            return .failed("""
                no reply to \(Self.clip(text)) within \(seconds.formatted())s \
                (is the bot running and reading \(topics.commands)?)
                """)
        }
        output.line(settings.json ? raw : Self.render(message))
        return .answered
    }

    func close() async {
        await reader.close()
        let task = listener.withLock { $0.take() }
        await task?.value
        await publisher.close()
    }

    // MARK: Rendering

    /// A reply's text; a failure as `error (<code>): <message>`; a message
    /// nobody asked for with its kind in brackets.
    static func render(_ message: OutboundMessage) -> String {
        var text = message.text
        if let error = message.error {
            text = "error (\(error.code.rawValue)): \(error.message)"
        } else if !message.ok {
            text = "error: \(message.text)"
        }
        if message.kind != .reply { text = "[\(message.kind.rawValue)] " + text }
        return text
    }

    static func clip(_ text: String) -> String {
        let quoted = text.count > 60 ? String(text.prefix(57)) + "…" : text
        return "\"\(quoted)\""
    }
}

/// Matches replies to the commands this console sent (`in_reply_to` == id).
final class ReplyBoard: Sendable {
    enum Disposition: Sendable, Equatable {
        /// A reply the console is (or will be) waiting for.
        case awaited
        /// A notice, reminder or escalation for the chat.
        case unsolicited
        /// A reply to an earlier command whose wait timed out (its text).
        case late(String)
        /// A reply to a command this console did not send.
        case ignored
    }

    private struct State {
        /// Sent and not yet answered: id → the command text.
        var open: [String: String] = [:]
        var waiting: [String: CheckedContinuation<(OutboundMessage, String)?, Never>] = [:]
        /// Replies that came before `wait` was called.
        var early: [String: (OutboundMessage, String)] = [:]
        /// Timed out: id → the command text.
        var expired: [String: String] = [:]
    }

    private let state = Mutex(State())

    /// Call before sending, so a reply that comes at once is kept.
    func expect(_ id: String, command: String) {
        state.withLock { $0.open[id] = command }
    }

    func forget(_ id: String) {
        state.withLock { state in
            state.open[id] = nil
            state.early[id] = nil
        }
    }

    func deliver(_ message: OutboundMessage, raw: String) -> Disposition {
        guard message.kind == .reply else { return .unsolicited }
        guard let id = message.inReplyTo else { return .ignored }
        let (waiter, disposition) = state.withLock { state -> (CheckedContinuation<(OutboundMessage, String)?, Never>?, Disposition) in
            if let waiter = state.waiting.removeValue(forKey: id) {
                state.open[id] = nil
                return (waiter, .awaited)
            }
            if state.open[id] != nil {
                state.early[id] = (message, raw)
                return (nil, .awaited)
            }
            if let command = state.expired.removeValue(forKey: id) { return (nil, .late(command)) }
            return (nil, .ignored)
        }
        waiter?.resume(returning: (message, raw))
        return disposition
    }

    /// The reply to `id` (message and raw JSON), or nil after `timeout`.
    func wait(for id: String, timeout: Duration) async -> (OutboundMessage, String)? {
        let timer = Mutex<Task<Void, Never>?>(nil)
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<(OutboundMessage, String)?, Never>) in
            let early = state.withLock { state -> (OutboundMessage, String)?? in
                if let reply = state.early.removeValue(forKey: id) {
                    state.open[id] = nil
                    return .some(reply)
                }
                guard state.open[id] != nil else { return .some(nil) }
                state.waiting[id] = continuation
                return .none
            }
            if case .some(let reply) = early {
                continuation.resume(returning: reply)
                return
            }
            timer.withLock {
                $0 = Task { [self] in
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled else { return }
                    expire(id)
                }
            }
        }
        timer.withLock { $0?.cancel() }
        return result
    }

    private func expire(_ id: String) {
        let waiter = state.withLock { state -> CheckedContinuation<(OutboundMessage, String)?, Never>? in
            guard let waiter = state.waiting.removeValue(forKey: id) else { return nil }
            if let command = state.open.removeValue(forKey: id) { state.expired[id] = command }
            return waiter
        }
        waiter?.resume(returning: nil)
    }
}

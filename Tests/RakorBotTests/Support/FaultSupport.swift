import Foundation
import Kafka
import Logging
import RakorCore
import Synchronization

extension BotFixture {
    /// How many reply records each command id has, in one pass over what
    /// the reader holds (`replies(to:)` per id decodes everything per call).
    func replyCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for record in reader.records where record.topic == topics.replies {
            if let id = Self.message(record)?.inReplyTo { counts[id, default: 0] += 1 }
        }
        return counts
    }

    /// Waits (bounded) until every id in `ids` has a reply.
    func waitForReplies(to ids: [String], timeout: Duration) async -> Bool {
        await OpsTestSupport.eventually(timeout: timeout) {
            let counts = replyCounts()
            return ids.allSatisfy { counts[$0] != nil }
        }
    }

    /// A command record for the commands topic, not yet sent.
    func record(_ id: String, text: String, sender: String = "u-heriansyah", chat: String = "wa:test-chat") -> ProducerRecord {
        let envelope = CommandEnvelope(id: id, chat: chat, sender: sender, text: text)
        return ProducerRecord(topic: topics.commands, key: Array(chat.utf8), value: envelope.encode())
    }
}

/// Keeps every log entry, for tests that check what was logged and at which level.
final class LogCapture: Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    private let stored = Mutex<[Entry]>([])

    var entries: [Entry] { stored.withLock { $0 } }

    func handler() -> some LogHandler { Handler(capture: self) }

    fileprivate func append(_ entry: Entry) { stored.withLock { $0.append(entry) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            if let extra = event.metadata { merged.merge(extra) { _, new in new } }
            capture.append(Entry(level: event.level, message: event.message.description,
                                 metadata: merged.mapValues { "\($0)" }))
        }
    }
}

import ArgumentParser
import Foundation
import Kafka
import Logging
import RakorBot
import RakorCore

struct CalendarImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate a calendar file and publish it to a running bot (rakor.calendar.published).",
        discussion: """
            The file is validated first exactly like `calendar validate`; an invalid file is \
            not published (exit code 1). A valid one is published on <prefix>rakor.events as a \
            CloudEvents 1.0 event in structured JSON mode: type rakor.calendar.published, \
            source --source, subject and record key the calendar id, data the calendar \
            document as a JSON object. The command returns once the cluster has acknowledged \
            the record and prints the event id.

            The bot accepts it only from a registered integrator: --source must be an \
            integrator's source in the bot's directory (the demo directory's KPU integrator is \
            kpu.go.id/jadwal) allowed to post rakor.calendar.published, and when the bot has \
            --integrator-key-file keys, the event must be signed with one of that integrator's \
            keys (--sign-key-file). With --wait the command watches the audit stream for the \
            bot's verdict (rakor.command.accepted or rejected, correlated by event id) and \
            exits 1 if the bot refused it or said nothing within --timeout.

            A calendar with the id of an existing one replaces it (e.g. a corrected schedule).

            Examples:
              rakorbot calendar import pemilu2029.yaml --dry-run   # print the event only
              rakorbot calendar import pemilu2029.yaml \\
                --bootstrap-file /tmp/rakor-bootstrap --wait
              rakorbot calendar import pemilu2029.yaml --brokers kafka-1:9092 \\
                --topic-prefix prod. --sign-key-file kpu-ri-2024=/run/secrets/kpu-ri-2024
            """
    )

    @Argument(help: "The calendar file (YAML or JSON), or - for standard input.")
    var file: String

    @OptionGroup(title: "Kafka")
    var kafka: KafkaClientOptions

    @Option(help: "The event source: the integrator's source in the bot's directory.")
    var source: String = "kpu.go.id/jadwal"

    @Option(help: ArgumentHelp(
        "Sign the event with this integrator key, keyid=/path/to/secret-file.", valueName: "keyid=path"))
    var signKeyFile: String?

    @Option(help: ArgumentHelp("The event id (default: a fresh UUID). The bot applies an id once.", valueName: "event id"))
    var id: String?

    @Flag(help: "Wait for the bot's verdict on the audit stream.")
    var wait = false

    @Option(help: ArgumentHelp("Bound for delivery and for --wait: 10s, 30s, 1m.", valueName: "duration"))
    var timeout: String = "10s"

    @Flag(help: "Validate and print the event JSON without publishing it.")
    var dryRun = false

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        _ = try DurationParser.parse(timeout, flag: "--timeout")
        if let id, id.isEmpty { throw ValidationError("--id must not be empty") }
        if source.isEmpty || source.contains(where: \.isWhitespace) {
            throw ValidationError("--source must be a URI-reference without spaces, e.g. kpu.go.id/jadwal")
        }
    }

    func run() async throws {
        let text = try CalendarFile.read(file)
        let calendar: ElectionCalendar
        do {
            calendar = try CalendarDocument.parse(text: text)
        } catch {
            Console.line(CalendarReport.rejected(error, file: file))
            Console.line("nothing published")
            throw ExitCode.failure
        }
        let event = try CalendarEvent.make(calendar, id: id ?? UUID().uuidString.lowercased(), source: source, time: Date())
        let value = event.encode()
        guard value.count <= CalendarEvent.maxValueBytes else {
            throw CLIError("the event is \(value.count) bytes; the bot accepts at most \(CalendarEvent.maxValueBytes)")
        }
        Console.line(CalendarReport.accepted(calendar, file: file, shipped: try? ShippedData.calendars()))
        if dryRun {
            Console.line(String(decoding: value, as: UTF8.self))
            return
        }

        let logger = logging.makeLogger(label: "rakorbot.calendar")
        let bound = try DurationParser.parse(timeout, flag: "--timeout")
        let bootstrap = try kafka.bootstrapServers()
        let topics = kafka.topics()
        let properties = try kafka.properties()
        var headers = [KafkaHeader(name: "content-type", string: "application/cloudevents+json")]
        if let signer = try MessageSigner.load(signKeyFile, flag: "--sign-key-file") {
            headers += try signer.headers(for: value)
        }

        // Watch the audit stream from its current end before publishing, so
        // the verdict cannot slip past.
        var watcher: TopicReader?
        if wait {
            do {
                watcher = try await TopicReader.open(bootstrapServers: bootstrap, topic: topics.audit, from: .end,
                                                     until: .never, properties: properties, timeout: bound, logger: logger)
            } catch {
                throw CLIError(ChatConsole.explain(error, bootstrapServers: bootstrap, topic: topics.audit))
            }
        }
        let publisher: RecordPublisher
        do {
            publisher = try RecordPublisher(bootstrapServers: bootstrap, properties: properties, timeout: bound, logger: logger)
        } catch {
            await watcher?.close()
            throw CLIError("cannot create a Kafka producer: \(error)")
        }
        let report: DeliveryReport
        do {
            report = try await publisher.publish(ProducerRecord(topic: topics.events, key: Array(calendar.id.utf8),
                                                                value: value, headers: headers))
        } catch {
            await publisher.close()
            await watcher?.close()
            throw CLIError("could not publish to \(topics.events) at \(bootstrap): \(error)")
        }
        await publisher.close()
        Console.line("published: event \(event.id) (rakor.calendar.published, source \(source)) to \(report.topic) partition \(report.partition) offset \(report.offset)")

        guard let watcher else { return }
        // A refusal before the event is read (unknown source, bad signature)
        // is correlated by the record's position instead of its id.
        let position = "raw:\(TopicNames.events):\(report.partition):\(report.offset)"
        let verdict = await AuditVerdict.await(correlations: [event.id, position], on: watcher, timeout: bound)
        await watcher.close()
        switch verdict {
        case .accepted(let summary):
            Console.line("accepted by the bot: \(summary)")
        case .rejected(let code, let message):
            Console.line("REJECTED by the bot: \(code): \(message)")
            throw ExitCode.failure
        case nil:
            Console.line("""
                no verdict from the bot within \(timeout) on \(topics.audit): is it running with the same \
                --topic-prefix? (an event id it has already applied is ignored without a verdict)
                """)
            throw ExitCode.failure
        }
    }
}

/// The `rakor.calendar.published` event for a calendar.
enum CalendarEvent {
    static let type = "rakor.calendar.published"
    /// The bot's limit for an event record (`JSONLimits.default`).
    static let maxValueBytes = JSONLimits.default.maxBytes

    static func make(_ calendar: ElectionCalendar, id: String, source: String, time: Date) throws -> CloudEvent {
        let data: JSONValue
        do {
            data = try JSONParser().parse(CalendarDocument.json(calendar))
        } catch {
            throw CLIError("the calendar could not be turned into JSON: \(error)")
        }
        return CloudEvent(id: id, source: source, type: type, subject: calendar.id, time: time,
                          dataContentType: "application/json", data: .json(data))
    }
}

/// The bot's verdict on an integrator event, read from the audit stream:
/// the `rakor.command.accepted` / `rakor.command.rejected` event whose
/// `correlationid` is the event id, or for a record refused before it was
/// decoded, `raw:<logical topic>:<partition>:<offset>`.
enum AuditVerdict: Sendable, Equatable {
    case accepted(String)
    case rejected(code: String, message: String)

    static func await(correlations: Set<String>, on reader: TopicReader, timeout: Duration) async -> AuditVerdict? {
        await withTaskGroup(of: AuditVerdict?.self) { group in
            group.addTask {
                for await batch in reader.batches {
                    for record in batch.records {
                        if let value = record.value, let verdict = match(Array(value), correlations: correlations) { return verdict }
                    }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    static func match(_ value: [UInt8], correlations: Set<String>) -> AuditVerdict? {
        guard case .object(let event)? = try? JSONParser().parse(value),
              let correlation = event["correlationid"]?.stringValue, correlations.contains(correlation),
              let type = event["type"]?.stringValue else { return nil }
        let data = event["data"]?.objectValue
        switch type {
        case "rakor.command.accepted":
            let result = data?["result"]?.objectValue
            var parts: [String] = []
            if let calendar = result?["calendar"]?.stringValue { parts.append("calendar \(calendar)") }
            if let stages = result?["stages"]?.intValue { parts.append("\(stages) stages") }
            if let replaced = result?["replaced"], case .bool(let flag) = replaced {
                parts.append(flag ? "replaced the calendar it had under that id" : "new calendar")
            }
            return .accepted(parts.isEmpty ? "ok" : parts.joined(separator: ", "))
        case "rakor.command.rejected":
            return .rejected(code: data?["code"]?.stringValue ?? "unknown",
                             message: data?["message"]?.stringValue ?? "(no message)")
        default:
            return nil
        }
    }
}

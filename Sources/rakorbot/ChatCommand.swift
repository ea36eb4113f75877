import ArgumentParser
import Foundation
import Kafka
import RakorBot
import RakorCore

struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk to a running bot from the terminal: a console chat bridge.",
        discussion: """
            Each line you type becomes a command envelope on <prefix>rakor.commands (a fresh \
            UUID as id, the chat id as key, --as as sender, the line as text, sent_at now, and \
            --lang when given) and the bot's reply from <prefix>rakor.replies is printed. Failed \
            commands print `error (<code>): <message>`. Notices, reminders and escalations for \
            the chat that arrive meanwhile are printed too, as `[notice] …`.

            On a terminal it shows a `> ` prompt; Ctrl-D ends the session. With standard input \
            from a pipe or file it sends each line in order, waits for each reply, and exits \
            at the end of input: exit code 0 when every line was answered (error replies \
            included), 1 when a reply did not come within --timeout or Kafka failed. Empty \
            lines are skipped.

            Replies are read from the end of the replies topic (no consumer group is joined, \
            nothing is committed), so only answers to this session's commands are shown.

            Examples:
              rakorbot serve --bootstrap-file /tmp/rakor-bootstrap &
              rakorbot chat --as u-heriansyah --bootstrap-file /tmp/rakor-bootstrap
              > /tenggat pemungutan suara pilkada 2024
              > /jadwal pilkada2024

              printf '/help\\n/tugas saya\\n' | \\
                rakorbot chat --as u-heriansyah --brokers 127.0.0.1:39092
              rakorbot chat --as u-heriansyah --lang en --json \\
                --bootstrap-file /tmp/rakor-bootstrap < commands.txt > replies.jsonl
              rakorbot chat --as u-heriansyah --chat wa:group-kesbangpol-kalsel \\
                --sign-key-file bridge-1=/run/secrets/bridge-1 --brokers kafka-1:9092
            """
    )

    @Option(name: .customLong("as"), help: ArgumentHelp(
        "The sender: a user id from the bot's directory, e.g. u-heriansyah.", valueName: "user"))
    var sender: String

    @Option(help: ArgumentHelp("The chat id (default: console:<user>).", valueName: "id"))
    var chat: String?

    @Option(help: ArgumentHelp(
        "Reply language, id or en (default: the sender's language in the directory).", valueName: "id|en"))
    var lang: String?

    @OptionGroup(title: "Kafka")
    var kafka: KafkaClientOptions

    @Option(help: ArgumentHelp(
        "Sign every command with this bridge key (the bot's --bridge-key-file), keyid=/path/to/secret-file.",
        valueName: "keyid=path"))
    var signKeyFile: String?

    @Option(help: ArgumentHelp("How long to wait for each reply: 10s, 500ms, 1m.", valueName: "duration"))
    var timeout: String = "10s"

    @Flag(help: "Print each message as received (one JSON object per line) instead of its text.")
    var json = false

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard !sender.isEmpty else { throw ValidationError("--as must name a user") }
        if let lang, Lang(code: lang) == nil { throw ValidationError("--lang must be id or en, got \(lang)") }
        if let chat, chat.isEmpty { throw ValidationError("--chat must not be empty") }
        _ = try DurationParser.parse(timeout, flag: "--timeout")
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "rakorbot.chat")
        let settings = ChatSettings(
            sender: sender, chat: chat ?? "console:\(sender)", lang: lang.flatMap { Lang(code: $0) },
            timeout: try DurationParser.parse(timeout, flag: "--timeout"), json: json,
            interactive: isatty(STDIN_FILENO) == 1)
        let console = try await ChatConsole.connect(
            settings: settings, bootstrapServers: try kafka.bootstrapServers(), topics: kafka.topics(),
            properties: try kafka.properties(), signer: try MessageSigner.load(signKeyFile, flag: "--sign-key-file"),
            logger: logger)
        let outcome = await console.run(lines: LineReader())
        await console.close()
        if case .failed(let message) = outcome {
            FileHandle.standardError.write(Data("rakorbot chat: \(message)\n".utf8))
            throw ExitCode.failure
        }
    }
}

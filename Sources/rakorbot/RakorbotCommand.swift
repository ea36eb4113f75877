import ArgumentParser

@main
struct RakorbotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rakorbot",
        abstract: "Chat-command bot for election coordination meetings (rakor) over Kafka.",
        discussion: """
            Officials type commands in a chat app; a bridge puts them on Kafka \
            (rakor.commands); rakorbot answers on rakor.replies, in Indonesian or English, \
            in the sender's time zone, and writes a hash-chained audit trail to rakor.audit.

            Quick start: `rakorbot serve` starts an embedded Kafka cluster and a SQLite store \
            in ./data and prints the bootstrap list; `rakorbot chat --as u-heriansyah` talks to it.
            """,
        subcommands: [ServeCommand.self, KafkaCommand.self, ChatCommand.self, CalendarCommand.self, AuditCommand.self,
                      ConfigCommand.self, TopicsCommand.self]
    )
}

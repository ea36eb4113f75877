import ArgumentParser
import RakorBot

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check rakorbot's configuration.",
        subcommands: [ConfigCheckCommand.self]
    )
}

struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and print the effective settings, secrets masked.",
        discussion: """
            Reads the configuration exactly as `serve` would (flags > environment > file > defaults), \
            reads every secret file, parses the directory and calendar files, checks the data folder \
            and lets librdkafka check every Kafka property. Prints each setting with where it came from. \
            Exit status 1 with every problem listed when something is wrong. Nothing connects to Kafka.
            """
    )

    @OptionGroup var options: ServeOptions

    func run() async throws {
        let serve = try options.load(deepCheck: true)
        Console.line(serve.render())
        Console.line("# configuration OK")
    }
}

import ArgumentParser
import Foundation
import Kafka
import RakorBot
import RakorCore

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "List, show, validate and import election stage calendars (tahapan).",
        discussion: """
            Calendars are data files (YAML or JSON), not code: the shipped ones are pemilu2024, \
            pilkada2024 and pilkada2020. A new election's schedule is checked with `validate` \
            and handed to a running bot with `import`, which publishes it as a \
            rakor.calendar.published event; `/jadwal <id>` and `/tenggat` answer from it at once.

            Examples:
              rakorbot calendar list
              rakorbot calendar show pilkada2024
              rakorbot calendar show "Pilkada 2024" --format yaml > pilkada2024.yaml
              rakorbot calendar validate pemilu2029.yaml
              rakorbot calendar import pemilu2029.yaml \\
                --bootstrap-file /tmp/rakor-bootstrap --wait
            """,
        subcommands: [CalendarList.self, CalendarShow.self, CalendarValidate.self, CalendarImport.self]
    )
}

enum CalendarFormat: String, ExpressibleByArgument, CaseIterable {
    case text, yaml, json
}

struct CalendarList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the shipped calendars: id, name, number of stages, first and last date.",
        discussion: """
            Example:
              rakorbot calendar list
              rakorbot calendar list --format json
            """
    )

    @Option(help: "text (a table) or json (one array).")
    var format: ListFormat = .text

    enum ListFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func run() throws {
        let catalog = try ShippedData.calendars()
        switch format {
        case .text: Console.line(CalendarReport.table(catalog.calendars))
        case .json: Console.line(CalendarReport.listJSON(catalog.calendars))
        }
    }
}

struct CalendarShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one shipped calendar: every stage with its dates and source.",
        discussion: """
            The id is matched loosely: `pilkada2024`, `Pilkada 2024` and `PILKADA-2024` are the \
            same calendar. `--format yaml` prints the calendar file itself (a starting point \
            for a new election's file); `--format json` the same document as JSON.

            Examples:
              rakorbot calendar show pilkada2024
              rakorbot calendar show pemilu2024 --lang en
              rakorbot calendar show pilkada2020 --format yaml
            """
    )

    @Argument(help: "The calendar id or name, e.g. pilkada2024.")
    var id: String

    @Option(help: "text, yaml or json.")
    var format: CalendarFormat = .text

    @Option(help: ArgumentHelp("Language of dates and stage names in text output.", valueName: "id|en"))
    var lang: String = "id"

    func validate() throws {
        if Lang(code: lang) == nil { throw ValidationError("--lang must be id or en, got \(lang)") }
    }

    func run() throws {
        let catalog = try ShippedData.calendars()
        guard let calendar = catalog.calendar(named: id) else {
            throw CLIError("no calendar named \"\(id)\"; the shipped calendars are \(catalog.ids.joined(separator: ", "))")
        }
        switch format {
        case .text: Console.line(CalendarReport.detail(calendar, lang: Lang(code: lang) ?? .id))
        case .yaml: Console.line(CalendarDocument.yaml(calendar))
        case .json: Console.line(CalendarDocument.json(calendar, pretty: true))
        }
    }
}

struct CalendarValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a calendar file; print every problem with its path and line.",
        discussion: """
            Exit code 0 when the file is a valid calendar (and a summary of what was read: \
            id, name, stages, date range), 1 when it is not (every problem is listed, \
            e.g. `stages[3].end: not a YYYY-MM-DD date (line 42)`, so a file is fixed in one \
            round). `-` reads standard input.

            Examples:
              rakorbot calendar validate pemilu2029.yaml
              rakorbot calendar show pilkada2024 --format yaml | rakorbot calendar validate -
            """
    )

    @Argument(help: "The calendar file (YAML or JSON), or - for standard input.")
    var file: String

    func run() throws {
        let text = try CalendarFile.read(file)
        do {
            let calendar = try CalendarDocument.parse(text: text)
            Console.line(CalendarReport.accepted(calendar, file: file, shipped: try? ShippedData.calendars()))
        } catch {
            Console.line(CalendarReport.rejected(error, file: file))
            throw ExitCode.failure
        }
    }
}

/// Reads a calendar file (or standard input for `-`) as UTF-8 text.
enum CalendarFile {
    static func read(_ path: String) throws -> String {
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError("\(path): no such file")
            }
            guard !isDirectory.boolValue else { throw CLIError("\(path) is a directory, not a calendar file") }
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else { throw CLIError("\(path): cannot read the file") }
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
            throw CLIError("\(path): not UTF-8 text")
        }
        return text
    }
}

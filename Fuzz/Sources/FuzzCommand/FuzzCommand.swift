import FuzzDriver
import RakorCommands
import RakorCore

/// libFuzzer entry point: one input is the `text` of a command (UTF-8; the
/// envelope decoder refuses anything else, so invalid bytes are skipped).
///
/// Runs what every command line goes through before its handler: the
/// tokenizer, the registry's resolution (names, English aliases, spelling
/// suggestions), then the argument readers a handler would call, in an order
/// chosen by the input. Checks, beyond "does not crash": tokens are in order
/// and inside the text, a word or mention is exactly its slice of the text,
/// and a value the readers accept prints back to something they accept again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommand(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }

    let tokens = Tokenizer.tokenize(text)
    var previousEnd = text.startIndex
    for token in tokens {
        require(previousEnd <= token.start && token.start < token.end && token.end <= text.endIndex,
                "token out of order or outside the text")
        previousEnd = token.end
        switch token.kind {
        case .word: require(token.text == String(text[token.start..<token.end]), "word is not its slice")
        case .mention: require("@" + token.text == String(text[token.start..<token.end]), "mention is not its slice")
        case .quoted: break
        }
    }

    let registry = CommandRegistry.standard
    switch registry.resolve(tokens) {
    case .matched(let spec, let consumed, _):
        require(consumed >= 1 && consumed <= tokens.count, "consumed \(consumed) of \(tokens.count) tokens")
        var arguments = CommandArguments(text: text, tokens: tokens[consumed...], usage: spec.usage)
        readArguments(&arguments, order: bytes.first ?? 0)
    case .incomplete(_, let options, _):
        require(!options.isEmpty, "a family without commands")
    case .unknown(_, let suggestion):
        if let suggestion {
            require(registry.commandWords.contains(String(suggestion.dropFirst())), "suggested \(suggestion), not a command")
        }
    case .notACommand:
        break
    }

    // The free-standing parsers handlers use on single words.
    for token in tokens.prefix(64) {
        if let date = CommandArguments.parseDate(token.text) {
            require(LocalDate(iso: date.iso) == date, "date \(token.text) does not print back")
        }
        if let amount = Rupiah(parsing: token.text) {
            require(Rupiah(parsing: String(amount.amount)) == amount, "amount \(token.text) does not print back")
        }
        if let item = ItemID(parsing: token.text) {
            require(ItemID(parsing: item.description) == item, "item \(token.text) does not print back")
        }
    }
    return 0
}

/// Drains the arguments with the readers, each failure a typed refusal.
private func readArguments(_ arguments: inout CommandArguments, order seed: UInt8) {
    var step = Int(seed)
    var guardSteps = 0
    while !arguments.isEmpty, guardSteps < 256 {
        guardSteps += 1
        let before = arguments.count
        do throws(CommandFailure) {
            switch step % 7 {
            case 0: _ = try arguments.quoted(Localized(id: "judul", en: "title"))
            case 1: _ = try arguments.mention(Localized(id: "organisasi", en: "organisation"))
            case 2: _ = try arguments.itemID(.tugas, Localized(id: "tugas", en: "task"))
            case 3: _ = try arguments.date(Localized(id: "tanggal", en: "date"))
            case 4: _ = arguments.take(keyword: ["tenggat", "deadline", "rakor", "pihak"])
            case 5: _ = try arguments.restOfLine()
            default: try arguments.expectEnd()
            }
        } catch {
            require(!error.message.en.isEmpty, "refusal without a message")
            _ = arguments.next()
        }
        if arguments.count == before { _ = arguments.next() }
        step = step &* 31 &+ 7
    }
}

private func require(_ condition: Bool, _ what: @autoclosure () -> String) {
    if !condition { fail(what()) }
}

/// A broken invariant is a finding: abort so libFuzzer saves the input.
private func fail(_ what: String) -> Never {
    fatalError("FuzzCommand: \(what)")
}

/// The process entry point (SwiftPM links `main` to `FuzzCommand_main`): libFuzzer's driver.
@_cdecl("FuzzCommand_main")
public func fuzzCommandMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    rakor_fuzz_run(argc, argv) { data, size in fuzzCommand(data, size) }
}

import RakorCore
import RakorStore

/// Lists in a chat window are cut into pages of ten: a phone screen shows
/// about that many two-line entries, and a reply stays far below the
/// contract's size limits however many tasks a province accumulates.
/// `halaman 2` / `page 2` asks for the next one; every list says
/// "Halaman 1/3" and how to read on.
public enum Paging {
    public static let pageSize = 10
    /// Far beyond any real list; keeps the offset arithmetic trivially safe.
    public static let maxPage = 100_000
    public static let keywords: Set<String> = ["halaman", "hal", "hal.", "page", "pg"]

    /// Consumes `halaman N` / `page N` if it comes next; nil when it does not.
    public static func take(_ arguments: inout CommandArguments) throws(CommandFailure) -> Int? {
        guard arguments.take(keyword: keywords) else { return nil }
        guard let token = arguments.peek() else {
            throw arguments.failure(Localized(id: "Nomor halaman belum diisi (contoh: halaman 2).",
                                              en: "The page number is missing (e.g. page 2)."))
        }
        guard token.kind == .word, let number = Int(token.text), number >= 1, number <= maxPage else {
            throw arguments.failure(Localized(id: "'\(token.text)' bukan nomor halaman (contoh: halaman 2).",
                                              en: "'\(token.text)' is not a page number (e.g. page 2)."))
        }
        _ = arguments.next()
        return number
    }

    /// The store request for page `number` (1-based).
    public static func request(_ number: Int) -> PageRequest {
        PageRequest.page(number, size: pageSize)
    }

    /// Refuses a page past the end (`bad_arguments`), so "halaman 9" of a
    /// three-page list says so instead of answering with an empty list.
    public static func requireExists<Item>(_ page: Page<Item>) throws(CommandFailure) {
        guard page.number > page.pageCount else { return }
        throw CommandFailure(.badArguments,
                             id: "Halaman \(page.number) tidak ada; hanya ada \(page.pageCount) halaman.",
                             en: "There is no page \(page.number); there \(page.pageCount == 1 ? "is only 1 page" : "are only \(page.pageCount) pages").")
    }

    /// `Halaman 1/3 (25 tugas)` / `Page 1/3 (25 tasks)`.
    public static func header<Item>(_ page: Page<Item>, noun: Localized, lang: Lang) -> String {
        let position = "\(page.number)/\(page.pageCount)"
        return lang == .id ? "Halaman \(position) (\(page.total) \(noun.id))"
                           : "Page \(position) (\(page.total) \(noun.en))"
    }

    /// How to read the next page, or nil on the last one. `command` is the
    /// command as it must be retyped (with its filters) in each language.
    public static func nextHint<Item>(_ page: Page<Item>, command: Localized, lang: Lang) -> String? {
        guard page.hasNext else { return nil }
        return lang == .id ? "Berikutnya: \(command.id) halaman \(page.number + 1)"
                           : "Next: \(command.en) page \(page.number + 1)"
    }

    /// The paging part of a reply's `data`.
    public static func data<Item>(_ page: Page<Item>) -> JSONValue {
        ["page": JSONValue(page.number), "pages": JSONValue(page.pageCount), "total": JSONValue(page.total),
         "page_size": JSONValue(page.request.limit)]
    }
}

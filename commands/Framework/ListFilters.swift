import RakorCore

/// The filter words the `daftar`/`list` commands share: one `@org`, any
/// number of statuses, a meeting (`R-3` or `rakor R-3`) and `halaman N`, in
/// any order. `/tugas daftar` and `/kesepakatan daftar` read them the same
/// way, so an official who learnt one can type the other.
public struct ListFilters<Status: Equatable & Sendable>: Sendable {
    public var mention: String?
    public var statuses: [Status] = []
    public var rakor: ItemID?
    public var page = 1

    /// Reads filter words until the arguments end. `status` recognises a
    /// status word; `notUnderstood` phrases the refusal of anything else
    /// (it gets the offending word).
    public static func parse(_ arguments: inout CommandArguments, mentionRole: Localized,
                             status: (String) -> Status?,
                             notUnderstood: (String) -> Localized) throws(CommandFailure) -> ListFilters {
        var filters = ListFilters()
        while let token = arguments.peek() {
            if let page = try Paging.take(&arguments) {
                filters.page = page
            } else if token.kind == .mention {
                guard filters.mention == nil else {
                    throw arguments.failure(Localized(id: "Sebut satu organisasi saja.", en: "Name one organisation only."))
                }
                filters.mention = try arguments.mention(mentionRole)
            } else if token.kind == .word, let value = status(token.text) {
                _ = arguments.next()
                if !filters.statuses.contains(value) { filters.statuses.append(value) }
            } else if let id = try arguments.meeting() {
                filters.rakor = id
            } else {
                throw arguments.failure(notUnderstood(token.text))
            }
        }
        return filters
    }
}

extension CommandArguments {
    /// Words that introduce a meeting number.
    public static let meetingKeywords: Set<String> = ["rakor", "meeting"]
    /// Words that introduce a due date.
    public static let dueKeywords: Set<String> = ["tenggat", "batas", "due", "deadline"]

    /// `R-3` or `rakor R-3` / `meeting R-3` if it comes next; nil otherwise.
    public mutating func meeting() throws(CommandFailure) -> ItemID? {
        let what = Localized(id: "nomor rakor", en: "meeting number")
        if take(keyword: Self.meetingKeywords) { return try itemID(.rakor, what) }
        guard let token = peek(), token.kind == .word,
              ItemID(parsing: token.text, expected: .rakor) != nil else { return nil }
        return try itemID(.rakor, what)
    }
}

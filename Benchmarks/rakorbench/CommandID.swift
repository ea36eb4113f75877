/// The ids the load generator gives its commands: `<tag>.<kind><seq>.<sent ns>`.
///
/// The send time rides in the id (the bot copies the id into the reply's
/// `in_reply_to`), so latency needs no shared table; the tag names the phase,
/// so a late reply of an earlier phase is recognised and not counted twice;
/// `seq` finds duplicates and `kind` says whether the reply carries a new task.
struct CommandID: Equatable {
    enum Kind: UInt8 {
        case read = 0x72      // "r"
        case newTask = 0x6E   // "n"
        case doneTask = 0x64  // "d"
        case passthrough = 0x70  // "p"
    }

    var tag: String
    var kind: Kind
    var seq: Int
    var sentNanoseconds: UInt64

    var text: String { "\(tag).\(Character(Unicode.Scalar(kind.rawValue)))\(seq).\(sentNanoseconds)" }

    /// Parses an id as it comes back (bytes); nil for anything else.
    static func parse(_ bytes: some Collection<UInt8>) -> CommandID? {
        let parts = bytes.split(separator: 0x2E, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let first = parts[1].first, let kind = Kind(rawValue: first),
              let seq = Self.integer(parts[1].dropFirst()), let sent = Self.integer(parts[2]) else { return nil }
        return CommandID(tag: String(decoding: parts[0], as: UTF8.self), kind: kind, seq: Int(seq),
                         sentNanoseconds: sent)
    }

    private static func integer(_ digits: some Collection<UInt8>) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 19 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + UInt64(byte - 0x30)
        }
        return value
    }
}

/// Finds fields in an outbound message without parsing all of it: the reply
/// consumer must keep up with the bot, and a full JSON parse per reply would
/// make the generator the bottleneck. The bot writes `id`, `kind`,
/// `in_reply_to`, `chat`, `ok` first, before any free text, in that order.
enum ReplyScan {
    private static let inReplyTo = Array(#""in_reply_to":""#.utf8)
    private static let okTrue = Array(#""ok":true"#.utf8)

    /// The `in_reply_to` string, or nil (null, or not a reply).
    static func inReplyTo(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard let start = find(inReplyTo, in: value) else { return nil }
        let from = start + inReplyTo.count
        guard let end = value[from...].firstIndex(of: 0x22) else { return nil }
        return value[from..<end]
    }

    /// Whether `"ok":true` appears before the free text.
    static func isOK(_ value: ArraySlice<UInt8>, after index: Int) -> Bool {
        let window = value[index..<min(value.endIndex, index + 256)]
        return find(okTrue, in: window) != nil
    }

    static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

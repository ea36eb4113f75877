/// A small ordered document tree and its YAML and JSON renderings.
///
/// Written by hand rather than through an emitter so the output is stable and
/// readable: keys keep the documented order, dates and slugs stay bare in
/// YAML, and every free text is a double-quoted string whose escapes are valid
/// in both YAML and JSON (so no text can turn into a number, a boolean or a
/// comment when read back).
enum CalendarDocumentValue {
    /// Free text: always quoted.
    case text(String)
    /// A slug or date: bare in YAML, quoted in JSON.
    case bare(String)
    case number(Int)
    case list([CalendarDocumentValue])
    case map([(String, CalendarDocumentValue)])
}

enum CalendarDocumentWriter {
    static func yaml(_ value: CalendarDocumentValue) -> String {
        var lines: [String] = []
        if case .map(let pairs) = value {
            appendMap(pairs, indent: 0, into: &lines)
        } else {
            lines.append(scalar(value) ?? "")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ value: CalendarDocumentValue, pretty: Bool) -> String {
        var out = ""
        appendJSON(value, indent: 0, pretty: pretty, into: &out)
        return pretty ? out + "\n" : out
    }

    // MARK: YAML

    private static func appendMap(_ pairs: [(String, CalendarDocumentValue)], indent: Int, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        for (key, value) in pairs {
            if let text = scalar(value) {
                lines.append("\(pad)\(key): \(text)")
                continue
            }
            switch value {
            case .list(let items) where items.isEmpty:
                lines.append("\(pad)\(key): []")
            case .map(let inner) where inner.isEmpty:
                lines.append("\(pad)\(key): {}")
            case .list(let items) where items.allSatisfy({ scalar($0) != nil }) && flowList(items).count <= 60:
                // Short lists of words (keywords) read best on one line.
                lines.append("\(pad)\(key): \(flowList(items))")
            case .list(let items):
                lines.append("\(pad)\(key):")
                appendList(items, indent: indent + 2, into: &lines)
            case .map(let inner):
                lines.append("\(pad)\(key):")
                appendMap(inner, indent: indent + 2, into: &lines)
            default:
                break
            }
        }
    }

    private static func appendList(_ items: [CalendarDocumentValue], indent: Int, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        for (index, item) in items.enumerated() {
            if let text = scalar(item) {
                lines.append("\(pad)- \(text)")
            } else if case .map(let pairs) = item, !pairs.isEmpty {
                // A blank line between mappings keeps long stage lists readable.
                if index > 0 { lines.append("") }
                var inner: [String] = []
                appendMap(pairs, indent: indent + 2, into: &inner)
                inner[0] = pad + "- " + inner[0].dropFirst(indent + 2)
                lines.append(contentsOf: inner)
            } else if case .list(let nested) = item {
                lines.append("\(pad)- \(flowList(nested))")
            } else {
                lines.append("\(pad)- {}")
            }
        }
    }

    private static func flowList(_ items: [CalendarDocumentValue]) -> String {
        "[" + items.map { scalar($0) ?? "null" }.joined(separator: ", ") + "]"
    }

    private static func scalar(_ value: CalendarDocumentValue) -> String? {
        switch value {
        case .text(let text): quoted(text)
        case .bare(let text): text
        case .number(let number): String(number)
        case .list, .map: nil
        }
    }

    // MARK: JSON

    private static func appendJSON(_ value: CalendarDocumentValue, indent: Int, pretty: Bool, into out: inout String) {
        let newline = pretty ? "\n" : ""
        let inner = pretty ? String(repeating: " ", count: indent + 2) : ""
        let outer = pretty ? String(repeating: " ", count: indent) : ""
        switch value {
        case .text(let text), .bare(let text):
            out += quoted(text)
        case .number(let number):
            out += String(number)
        case .list(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[" + newline
            for (index, item) in items.enumerated() {
                out += inner
                appendJSON(item, indent: indent + 2, pretty: pretty, into: &out)
                out += (index < items.count - 1 ? "," : "") + newline
            }
            out += outer + "]"
        case .map(let pairs):
            guard !pairs.isEmpty else { out += "{}"; return }
            out += "{" + newline
            for (index, (key, item)) in pairs.enumerated() {
                out += inner + quoted(key) + (pretty ? ": " : ":")
                appendJSON(item, indent: indent + 2, pretty: pretty, into: &out)
                out += (index < pairs.count - 1 ? "," : "") + newline
            }
            out += outer + "}"
        }
    }

    // MARK: Strings

    /// A double-quoted string valid in both YAML and JSON: `"`, `\` and every
    /// character YAML does not allow raw (C0/C1 controls, DEL, BOM, line and
    /// paragraph separators) are escaped as `\uXXXX` or the short forms.
    static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

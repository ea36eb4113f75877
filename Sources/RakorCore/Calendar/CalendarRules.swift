import Foundation

/// The identifier and source rules of calendar documents.
enum CalendarRules {
    static let maxSlugLength = 64

    /// Lowercase ASCII letters and digits in groups joined by single dashes:
    /// `pilkada2024`, `pemungutan-suara`. Slugs go into commands and URLs, so
    /// nothing that needs quoting or case folding is allowed.
    static func isSlug(_ text: String) -> Bool {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= maxSlugLength,
              bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
        var previousDash = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                previousDash = false
            case UInt8(ascii: "-"):
                if previousDash { return false }
                previousDash = true
            default:
                return false
            }
        }
        return true
    }

    /// Why `text` is not acceptable as a source, or nil when it is. A source
    /// is an http(s) URL or, where no URL exists, a citation such as
    /// `PKPU 5/2020`; anything that looks like a URL must be a usable one.
    static func sourceProblem(_ text: String) -> String? {
        let lower = text.lowercased()
        let looksLikeURL = lower.contains("://") || lower.hasPrefix("http:") || lower.hasPrefix("https:")
            || lower.hasPrefix("www.")
        guard looksLikeURL else { return nil }
        guard !text.contains(where: \.isWhitespace),
              let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else {
            return "not a valid http(s) URL (use a full URL, or a citation such as `PKPU 2/2024`)"
        }
        return nil
    }
}

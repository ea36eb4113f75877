/// Length and character rules shared by the wire formats.
///
/// "Characters" in the contract's limits (`id` 1–128, `text` 1–4096, …) are
/// **Unicode scalars** (code points), not Swift `Character`s (grapheme
/// clusters):
/// - the count is the same in every language a bridge may be written in
///   (Python `len(s)`, JavaScript `[...s].length`, Go `utf8.RuneCountInString`)
///   and does not change when Unicode's grapheme rules change between Swift
///   releases, so an envelope accepted today is accepted tomorrow;
/// - it bounds memory: 4096 scalars are at most 16 KiB of UTF-8, whereas one
///   grapheme cluster can hold a megabyte of combining marks;
/// - it is counted in one pass over UTF-8 bytes with no Unicode tables.
/// An emoji with a skin tone or a flag counts as 2 scalars; Indonesian text is
/// overwhelmingly ASCII, where both measures agree.
public enum TextRules {
    /// Number of Unicode scalars.
    public static func scalarCount(_ text: String) -> Int {
        ByteScan.withUTF8(text) { utf8 in
            var count = 0
            for byte in utf8 where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }

    /// The first control character (Unicode category Cc: U+0000–U+001F,
    /// U+007F, U+0080–U+009F), skipping tab, line feed and carriage return
    /// when `allowingLineBreaks`.
    public static func firstControl(in text: String, allowingLineBreaks: Bool) -> Unicode.Scalar? {
        ByteScan.withUTF8(text) { utf8 in
            let count = utf8.count
            var index = 0
            while index < count {
                // Skip 8 bytes at a time that cannot start a control character.
                if index &+ 8 <= count {
                    let mask = ByteScan.controlMask(ByteScan.load(utf8, at: index))
                    if mask == 0 {
                        index &+= 8
                        continue
                    }
                    index &+= ByteScan.plainPrefix(mask)
                }
                let byte = utf8[index]
                if byte < 0x20 || byte == 0x7F {
                    if !(allowingLineBreaks && (byte == 0x09 || byte == 0x0A || byte == 0x0D)) {
                        return Unicode.Scalar(byte)
                    }
                } else if byte == 0xC2, index + 1 < count, utf8[index + 1] <= 0x9F {
                    // C1 controls are U+0080–U+009F: UTF-8 C2 80 … C2 9F.
                    return Unicode.Scalar(UInt32(utf8[index + 1]))
                }
                index += 1
            }
            return nil
        }
    }

    /// `U+0007` style, for messages.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

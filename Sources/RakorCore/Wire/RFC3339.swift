import Foundation

/// RFC 3339 timestamps (`2024-11-20T09:15:00+08:00`, `2024-11-20T01:15:00.123Z`)
/// without Foundation's formatters: those are slow, locale-sensitive and
/// lenient, and this is on the hot path of every envelope and audit event.
public enum RFC3339 {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    ///
    /// Strict: the offset is required, `T`/`Z` may be lower case (RFC 3339
    /// §5.6 note), any number of fraction digits is accepted (nanosecond
    /// precision is kept, the rest ignored). A leap second (`:60`) is refused:
    /// `Date` cannot represent it and no chat bridge sends one.
    public static func parse(_ text: some StringProtocol) -> Date? {
        var text = String(text)
        return text.withUTF8 { parse(utf8: $0) }
    }

    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count >= 20, bytes.count <= 64 else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start..<start + length {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == UInt8(ascii: "-"),
              let month = number(5, 2), bytes[7] == UInt8(ascii: "-"),
              let day = number(8, 2), bytes[10] | 0x20 == UInt8(ascii: "t"),
              let hour = number(11, 2), bytes[13] == UInt8(ascii: ":"),
              let minute = number(14, 2), bytes[16] == UInt8(ascii: ":"),
              let second = number(17, 2),
              let date = LocalDate(year: year, month: month, day: day),
              hour < 24, minute < 60, second < 60 else { return nil }

        var index = 19
        var nanoseconds = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                if digits < 9 {
                    nanoseconds = nanoseconds * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    digits += 1
                }
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanoseconds *= 10 }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        if bytes[index] | 0x20 == UInt8(ascii: "z") {
            index += 1
        } else {
            let sign = bytes[index]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), index + 6 == bytes.count,
                  let offsetHours = number(index + 1, 2), bytes[index + 3] == UInt8(ascii: ":"),
                  let offsetMinutes = number(index + 4, 2), offsetHours < 24, offsetMinutes < 60 else { return nil }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        }
        guard index == bytes.count else { return nil }
        let seconds = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1_000_000_000)
    }

    /// UTC with exactly three fraction digits, e.g. `2024-11-20T01:15:00.123Z`
    /// (the audit event's `time`). The instant is rounded to the nearest
    /// millisecond.
    public static func formatMilliseconds(_ date: Date) -> String {
        var bytes = ByteOutput(capacity: 32)
        appendMilliseconds(date, to: &bytes)
        return String(decoding: bytes.finish(), as: UTF8.self)
    }

    static func appendMilliseconds(_ date: Date, to bytes: inout ByteOutput) {
        append(milliseconds: milliseconds(date), fraction: true, to: &bytes)
    }

    /// Milliseconds since 1970, clamped to years 0001–9999 so formatting can
    /// never trap on an absurd instant.
    static func milliseconds(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite else { return 0 }
        return Int64(min(max(value, -62_135_596_800_000), 253_402_300_799_999))
    }

    /// UTC, with `.mmm` only when the instant has a sub-second part
    /// (`2024-11-20T01:15:00Z`, `2024-11-20T01:15:00.500Z`).
    public static func format(_ date: Date) -> String {
        let total = RFC3339.milliseconds(date)
        var bytes = ByteOutput(capacity: 32)
        append(milliseconds: total, fraction: total % 1000 != 0, to: &bytes)
        return String(decoding: bytes.finish(), as: UTF8.self)
    }

    static func append(milliseconds total: Int64, fraction: Bool, to bytes: inout ByteOutput) {
        // Floor division so instants before 1970 format correctly too.
        let millisecondsPerDay: Int64 = 86_400_000
        var days = total / millisecondsPerDay
        var rest = total % millisecondsPerDay
        if rest < 0 {
            rest += millisecondsPerDay
            days -= 1
        }
        let date = LocalDate(daysSinceEpoch: Int(days))
        let secondsOfDay = Int(rest / 1000)
        @inline(__always) func two(_ value: Int) {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10),
                         UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10))
        }
        // Years are clamped to 1–9999 by the callers.
        two(date.year / 100)
        two(date.year % 100)
        bytes.append(UInt8(ascii: "-"))
        two(date.month)
        bytes.append(UInt8(ascii: "-"))
        two(date.day)
        bytes.append(UInt8(ascii: "T"))
        two(secondsOfDay / 3600)
        bytes.append(UInt8(ascii: ":"))
        two(secondsOfDay / 60 % 60)
        bytes.append(UInt8(ascii: ":"))
        two(secondsOfDay % 60)
        if fraction {
            let millis = Int(rest % 1000)
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: millis / 100))
            two(millis % 100)
        }
        bytes.append(UInt8(ascii: "Z"))
    }
}

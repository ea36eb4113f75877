import Foundation

/// Peak resident memory of this process, from Linux's /proc.
///
/// Writing "5" to /proc/self/clear_refs resets VmHWM to the current RSS, so
/// each workload reports its own peak rather than the largest so far.
enum ProcessMemory {
    /// Resets the high-water mark; false where the kernel does not allow it
    /// (then each peak is the process-wide peak so far, and the report says so).
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }

    /// VmHWM (peak RSS) in bytes, or nil when /proc is not there.
    static func peakBytes() -> UInt64? { statusField("VmHWM:") }

    private static func statusField(_ name: String) -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let digits = line.dropFirst(name.count).split(whereSeparator: \.isWhitespace).first.flatMap { UInt64($0) }
            return digits.map { $0 * 1024 }  // the field is in kB
        }
        return nil
    }
}

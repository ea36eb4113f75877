import Foundation
import Testing
@testable import RakorCore

@Suite struct RFC3339Tests {
    @Test func parsesOffsetsAndFractions() throws {
        // 2024-11-20T09:15:00+08:00 is 01:15:00Z: 1732065300.
        #expect(RFC3339.parse("2024-11-20T09:15:00+08:00")?.timeIntervalSince1970 == 1_732_065_300)
        #expect(RFC3339.parse("2024-11-20T01:15:00Z")?.timeIntervalSince1970 == 1_732_065_300)
        #expect(RFC3339.parse("2024-11-20t01:15:00z")?.timeIntervalSince1970 == 1_732_065_300)
        #expect(RFC3339.parse("2024-11-19T20:15:00-05:00")?.timeIntervalSince1970 == 1_732_065_300)
        #expect(RFC3339.parse("2024-11-20T07:45:00+06:30")?.timeIntervalSince1970 == 1_732_065_300)
        let fractional = try #require(RFC3339.parse("2024-11-20T01:15:00.123Z"))
        #expect(abs(fractional.timeIntervalSince1970 - 1_732_065_300.123) < 1e-6)
        let nanos = try #require(RFC3339.parse("2024-11-20T01:15:00.123456789123+00:00"))
        #expect(abs(nanos.timeIntervalSince1970 - 1_732_065_300.123456789) < 1e-6)
        #expect(RFC3339.parse("1970-01-01T00:00:00Z")?.timeIntervalSince1970 == 0)
        #expect(RFC3339.parse("1969-12-31T23:59:59Z")?.timeIntervalSince1970 == -1)
        #expect(RFC3339.parse("2024-02-29T12:00:00Z") != nil)
    }

    @Test(arguments: [
        "", "2024-11-20", "2024-11-20T09:15:00", "2024-11-20 09:15:00Z", "2024-11-20T09:15Z",
        "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-11-31T00:00:00Z", "2024-11-20T24:00:00Z",
        "2024-11-20T23:60:00Z", "2024-11-20T23:59:60Z", "2024-11-20T09:15:00+0800", "2024-11-20T09:15:00+08",
        "2024-11-20T09:15:00+24:00", "2024-11-20T09:15:00.Z", "2024-11-20T09:15:00ZZ", "+2024-11-20T09:15:00Z",
        "2024-11-20T09:15:00+08:00 ", "０２０２４-11-20T09:15:00Z", "2024-1a-20T09:15:00Z", "0000-01-01T00:00:00Z",
        "2024-11-20T09:15:00." + String(repeating: "1", count: 60) + "Z",
    ])
    func rejects(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func formatsUTCWithMilliseconds() {
        let instant = Date(timeIntervalSince1970: 1_732_065_300.123)
        #expect(RFC3339.formatMilliseconds(instant) == "2024-11-20T01:15:00.123Z")
        #expect(RFC3339.formatMilliseconds(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.formatMilliseconds(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
        #expect(RFC3339.formatMilliseconds(Date(timeIntervalSince1970: 1_732_065_299.9996)) == "2024-11-20T01:15:00.000Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_732_065_300)) == "2024-11-20T01:15:00Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_732_065_300.5)) == "2024-11-20T01:15:00.500Z")
        // Absurd instants clamp instead of trapping.
        #expect(RFC3339.formatMilliseconds(.distantFuture).hasPrefix("4001-"))
        #expect(RFC3339.formatMilliseconds(Date(timeIntervalSince1970: 1e300)) == "9999-12-31T23:59:59.999Z")
        #expect(RFC3339.formatMilliseconds(Date(timeIntervalSince1970: -1e300)) == "0001-01-01T00:00:00.000Z")
        #expect(RFC3339.formatMilliseconds(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00.000Z")
    }

    @Test func formatParseRoundTrip() {
        for seconds in stride(from: -86_400.0 * 400, to: 86_400.0 * 365 * 60, by: 86_400.0 * 37.3) {
            let instant = Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000)
            let text = RFC3339.formatMilliseconds(instant)
            let parsed = RFC3339.parse(text)
            #expect(parsed.map { abs($0.timeIntervalSince1970 - instant.timeIntervalSince1970) < 1e-6 } == true, "\(text)")
        }
    }
}

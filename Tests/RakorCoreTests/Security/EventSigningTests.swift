import RakorCore
import Testing

@Suite("EventSigning")
struct EventSigningTests {
    let body = Array(#"{"calendar":"pilkada2020"}"#.utf8)

    @Test func structuredModeSignsTheValueAlone() {
        let headers: [(name: String, value: [UInt8]?)] = [("content-type", Array("application/cloudevents+json".utf8)),
                                                          ("ce_specversion", Array("1.0".utf8))]
        #expect(EventSigning.signedBytes(value: body, headers: headers) == body)
        #expect(EventSigning.signedBytes(value: body, headers: []) == body)
        #expect(EventSigning.signedBytes(value: nil, headers: []) == [])
    }

    @Test func binaryModeSignsTheAttributeHeadersSortedThenTheValue() {
        let headers: [(name: String, value: [UInt8]?)] = [
            ("CE_Type", Array("rakor.stage.rescheduled".utf8)), ("ce_specversion", Array("1.0".utf8)),
            ("rakor-key-id", Array("k1".utf8)), ("content-type", Array("application/json".utf8)),
            ("ce_id", Array("e-1".utf8)),
        ]
        let expected = "ce_id=e-1\nce_specversion=1.0\nce_type=rakor.stage.rescheduled\ncontent-type=application/json\n\n"
        #expect(EventSigning.signedBytes(value: body, headers: headers) == Array(expected.utf8) + body)
        // Changing an attribute changes what is signed; other headers do not count.
        var replay = headers
        replay[4] = ("ce_id", Array("e-2".utf8))
        #expect(EventSigning.signedBytes(value: body, headers: replay) != EventSigning.signedBytes(value: body, headers: headers))
        #expect(EventSigning.signedBytes(value: body, headers: headers + [("traceparent", Array("x".utf8))])
                == EventSigning.signedBytes(value: body, headers: headers))
    }

    @Test func modeFollowsTheDecoder() {
        #expect(CloudEvent.isBinaryMode(headers: [("ce_specversion", Array("1.0".utf8))]))
        #expect(!CloudEvent.isBinaryMode(headers: [("ce_specversion", Array("1.0".utf8)),
                                                   ("Content-Type", Array("application/cloudevents+json; charset=utf-8".utf8))]))
        #expect(!CloudEvent.isBinaryMode(headers: [("ce_specversion", nil)]))
        #expect(!CloudEvent.isBinaryMode(headers: []))
    }
}

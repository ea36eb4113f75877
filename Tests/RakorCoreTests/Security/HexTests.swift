import Testing
@testable import RakorCore

@Suite struct HexTests {
    @Test func encodeDecode() {
        #expect(Hex.encode([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        #expect(Hex.encode([]) == "")
        #expect(Hex.decode("000fa0ff") == [0x00, 0x0F, 0xA0, 0xFF])
        #expect(Hex.decode("000FA0FF") == [0x00, 0x0F, 0xA0, 0xFF])
        #expect(Hex.decode("") == [])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("éé") == nil)
    }

    @Test func lowercaseHexCheck() {
        #expect(Hex.isLowercaseHex(String(repeating: "a0", count: 32), count: 64))
        #expect(!Hex.isLowercaseHex(String(repeating: "A0", count: 32), count: 64))
        #expect(!Hex.isLowercaseHex(String(repeating: "a0", count: 31), count: 64))
        #expect(!Hex.isLowercaseHex(String(repeating: "g0", count: 32), count: 64))
    }
}

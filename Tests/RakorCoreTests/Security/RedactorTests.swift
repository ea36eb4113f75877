import Testing
@testable import RakorCore

@Suite struct RedactorTests {
    @Test(arguments: [
        "password", "Password", "user_password", "passwd", "secret", "clientSecret", "client_secret", "token",
        "access_token", "accessToken", "refresh-token", "api_key", "apiKey", "APIKey", "X-Api-Key", "apikey", "privateKey",
        "signature", "rakor-signature", "Authorization", "auth", "credentials", "cookie", "kata_sandi", "kataSandi",
        "rahasia", "bridge.secret", "HTTPToken", "keys",
    ])
    func sensitiveKeys(key: String) {
        #expect(Redactor.standard.isSensitive(key: key), "\(key)")
    }

    @Test(arguments: [
        "keyword", "kata_kunci", "key_id", "keyId", "rakor-key-id", "key_name", "author", "task", "tokenizer_version",
        "monkey", "passage", "secretary", "judul", "subject", "", "id",
    ])
    func ordinaryKeys(key: String) {
        #expect(!Redactor.standard.isSensitive(key: key), "\(key)")
    }

    @Test func redactsRecursivelyAndKeepsOrder() {
        let value: JSONValue = [
            "task": "T-12",
            "auth": ["user": "u-1", "password": "hunter2"],
            "bridge": ["keys": ["k1": "abc"], "key_id": "k1"],
            "list": [["token": 123], ["note": "Bearer eyJhbGciOi"], "basic dXNlcjpwYXNz", "ok"],
            "count": 3,
        ]
        let redacted = Redactor.standard.redact(value)
        #expect(redacted == [
            "task": "T-12",
            "auth": "[redacted]",
            "bridge": ["keys": "[redacted]", "key_id": "k1"],
            "list": [["token": "[redacted]"], ["note": "[redacted]"], "[redacted]", "ok"],
            "count": 3,
        ])
        #expect(redacted.objectValue?.keys == ["task", "auth", "bridge", "list", "count"])
    }

    @Test func customWordsAndMask() {
        let redactor = Redactor(sensitiveWords: ["nik"], mask: nil)
        #expect(redactor.redact(["nik": "6371000000000001", "password": "x"]) == ["nik": nil, "password": "x"])
    }

    @Test func wordSplitting() {
        #expect(Redactor.words(of: "apiKey") == ["api", "key"])
        #expect(Redactor.words(of: "X-Signature") == ["x", "signature"])
        #expect(Redactor.words(of: "HTTPToken") == ["http", "token"])
        #expect(Redactor.words(of: "key2Id") == ["key2", "id"])
        #expect(Redactor.words(of: "__a..b__") == ["a", "b"])
    }
}

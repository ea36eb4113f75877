import Foundation
import RakorCore
import Testing
@testable import RakorStore

@Suite struct OutboxRepositoryTests {
    private let headers = [OutboxHeader(name: "source_topic", text: "rakor.commands"),
                           OutboxHeader(name: "source_partition", text: "3"),
                           OutboxHeader(name: "empty", value: []),
                           OutboxHeader(name: "null", value: nil)]

    @Test func appendKeepsOrderAndEveryField() throws {
        let store = try RakorStore.inMemory()
        let appended = try store.writeSync { session throws -> [OutboxRow] in
            [
                try session.outbox.appendRow(topic: "rakor.replies", key: Array("wa:group".utf8), value: Array("r1".utf8)),
                try session.outbox.appendRow(topic: "rakor.audit", key: Array("rakorbot".utf8), value: Array("a1".utf8)),
                try session.outbox.appendRow(topic: "rakor.deadletter", key: nil, value: [0xFF, 0x00], headers: headers),
            ]
        }
        #expect(appended.map(\.seq) == [1, 2, 3])
        let pending = try store.readSync { session throws in try session.outbox.pending() }
        #expect(pending == appended)
        #expect(pending[2].headers == headers)
        #expect(pending[2].key == nil)
    }

    @Test func batchAppendAssignsConsecutiveSequenceNumbersInOrder() throws {
        let store = try RakorStore.inMemory()
        let messages = (0..<77).map { (index: Int) -> OutboxMessage in
            let topic = index % 2 == 0 ? "rakor.replies" : "rakor.audit"
            let key: [UInt8]? = index % 3 == 0 ? nil : Array("chat-\(index)".utf8)
            return OutboxMessage(topic: topic, key: key, value: Array("value \(index)".utf8),
                                 headers: index == 76 ? headers : [])
        }
        let (single, rows, after) = try store.writeSync { session throws in
            (try session.outbox.append(topic: "rakor.replies", key: nil, value: [0]),
             try session.outbox.append(messages),
             try session.outbox.append(topic: "rakor.replies", key: nil, value: [1]))
        }
        #expect(single == 1)
        #expect(rows.map(\.seq) == Array(2...78))
        #expect(after == 79)
        let back = rows.map { (row: OutboxRow) -> OutboxMessage in
            OutboxMessage(topic: row.topic, key: row.key, value: row.value, headers: row.headers)
        }
        #expect(back == messages)
        let pending = try store.readSync { session throws in try session.outbox.pending(after: 1, limit: 100) }
        #expect(Array(pending.prefix(77)) == rows)
        #expect(try store.writeSync { session throws in try session.outbox.append([OutboxMessage]()) }.isEmpty)
    }

    @Test func pendingPagesAfterASequenceNumber() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            for index in 0..<10 { try session.outbox.append(topic: "rakor.replies", key: nil, value: [UInt8(index)]) }
        }
        try store.readSync { session throws in
            #expect(try session.outbox.pending(after: 0, limit: 3).map(\.seq) == [1, 2, 3])
            #expect(try session.outbox.pending(after: 3, limit: 3).map(\.seq) == [4, 5, 6])
            #expect(try session.outbox.pending(after: 8, limit: 3).map(\.seq) == [9, 10])
            #expect(try session.outbox.pending(after: 10, limit: 3).isEmpty)
            #expect(throws: StoreError.self) { try session.outbox.pending(limit: 0) }
        }
    }

    @Test func deleteBySeqsAndUpToAndCount() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            for index in 0..<1200 { try session.outbox.append(topic: "rakor.audit", key: nil, value: [UInt8(index % 256)]) }
            #expect(try session.outbox.count() == 1200)
            // Every odd seq, more than one chunk's worth, plus unknown ones and a duplicate.
            let odd = stride(from: 1, through: 1200, by: 2).map(Int64.init)
            #expect(try session.outbox.delete(seqs: odd + [5000, 1]) == 600)
            #expect(try session.outbox.count() == 600)
            #expect(try session.outbox.pending(limit: 3).map(\.seq) == [2, 4, 6])
            #expect(try session.outbox.delete(upTo: 100) == 50)
            #expect(try session.outbox.pending(limit: 1).first?.seq == 102)
            #expect(try session.outbox.delete(seqs: []) == 0)
            #expect(try session.outbox.delete(upTo: Int64.max) == 550)
            #expect(try session.outbox.count() == 0)
        }
    }

    @Test func sequenceNumbersKeepRisingAfterTheOutboxEmpties() throws {
        let store = try RakorStore.inMemory()
        let seqs = try store.writeSync { session throws -> (Int64, Int64) in
            let first = try session.outbox.append(topic: "rakor.replies", key: nil, value: [1])
            try session.outbox.delete(upTo: first)
            return (first, try session.outbox.append(topic: "rakor.replies", key: nil, value: [2]))
        }
        #expect(seqs.0 == 1)
        #expect(seqs.1 == 2)
    }

    @Test func undeliveredRowsArePendingAfterARestart() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try RakorStore(path: dir.databasePath)
            try store.writeSync { session throws in
                for index in 1...5 {
                    try session.outbox.append(topic: "rakor.replies", key: Array("chat".utf8), value: [UInt8(index)],
                                              headers: index == 5 ? headers : [])
                }
                try session.outbox.delete(seqs: [1, 3])
            }
            try store.close()
        }
        let store = try RakorStore(path: dir.databasePath)
        let pending = try store.readSync { session throws in try session.outbox.pending() }
        #expect(pending.map(\.seq) == [2, 4, 5])
        #expect(pending.map(\.value) == [[2], [4], [5]])
        #expect(pending.last?.headers == headers)
        let next = try store.writeSync { session throws in try session.outbox.append(topic: "rakor.replies", key: nil, value: []) }
        #expect(next == 6)
        try store.close()
    }

    @Test func aDamagedHeaderBlobIsReportedNotTrappedOn() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            try session.outbox.append(topic: "rakor.replies", key: nil, value: [1])
            try session.db.execute(sql: "UPDATE outbox SET headers = x'05FF'")
            #expect(throws: StoreError.corruptValue(table: "outbox", column: "headers", value: "seq 1")) {
                try session.outbox.pending()
            }
        }
    }
}

@Suite struct HeaderCodecTests {
    @Test func roundTripsNamesNullAndEmptyValues() {
        let headers = [OutboxHeader(name: "error_code", text: "invalid_envelope"),
                       OutboxHeader(name: "", value: nil),
                       OutboxHeader(name: "bin", value: Array(0...255)),
                       OutboxHeader(name: "ünïcode", value: [])]
        let encoded = HeaderCodec.encode(headers)
        #expect(encoded != nil)
        #expect(HeaderCodec.decode(encoded) == headers)
        #expect(HeaderCodec.encode([]) == nil)
        #expect(HeaderCodec.decode(nil) == [])
    }

    @Test func longValuesUseMultiByteLengths() {
        let big = OutboxHeader(name: String(repeating: "n", count: 300), value: Array(repeating: 7, count: 70_000))
        #expect(HeaderCodec.decode(HeaderCodec.encode([big])) == [big])
    }

    @Test(arguments: [
        [UInt8](),                  // no count
        [0x01],                     // count 1, nothing after
        [0x01, 0x05, 0x61],         // name longer than the blob
        [0x01, 0x01, 0x61, 0x05],   // value longer than the blob
        [0x01, 0x01, 0x61, 0x00, 0x00], // trailing byte
        [0x01, 0x02, 0xC3, 0x28, 0x00], // name not UTF-8
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], // varint too long
    ])
    func malformedBlobsDecodeToNil(bytes: [UInt8]) {
        #expect(HeaderCodec.decode(bytes) == nil)
    }
}

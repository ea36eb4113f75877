import Foundation
import RakorCore
import Testing
@testable import RakorStore

@Suite struct LedgerRepositoryTests {
    @Test func insertAndLookupReturnOutcomeReplyAndTime() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            #expect(try session.ledger.insert(key: "cmd:a", outcome: .accepted, reply: Array("{\"ok\":true}".utf8), at: t0))
            #expect(try session.ledger.insert(key: "cmd:b", outcome: .rejected(.forbidden), reply: [], at: at(1)))
            #expect(try session.ledger.insert(key: "evt:kpu:1", outcome: .accepted, reply: nil, at: at(2)))
            // A second insert of a key writes nothing and says so.
            #expect(try session.ledger.insert(key: "cmd:a", outcome: .rejected(.internal), reply: nil, at: at(3)) == false)
        }
        try store.readSync { session throws in
            let found = try session.ledger.lookup(keys: ["cmd:a", "cmd:b", "cmd:zzz", "evt:kpu:1", "cmd:a"])
            #expect(found.count == 3)
            #expect(found["cmd:a"] == LedgerEntry(key: "cmd:a", outcome: .accepted, reply: Array("{\"ok\":true}".utf8), at: t0))
            #expect(found["cmd:b"] == LedgerEntry(key: "cmd:b", outcome: .rejected(.forbidden), reply: [], at: at(1)))
            #expect(found["evt:kpu:1"]?.reply == nil)
            #expect(found["cmd:zzz"] == nil)
            #expect(try session.ledger.lookup(keys: []).isEmpty)
            #expect(try session.ledger.find(key: "cmd:b")?.outcome == .rejected(.forbidden))
            #expect(try session.ledger.find(key: "cmd:c") == nil)
        }
    }

    @Test func everyErrorCodeRoundTrips() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            for code in ErrorCode.allCases {
                try session.ledger.insert(key: "cmd:\(code.rawValue)", outcome: .rejected(code), reply: nil, at: t0)
            }
            let found = try session.ledger.lookup(keys: ErrorCode.allCases.map { "cmd:\($0.rawValue)" })
            for code in ErrorCode.allCases {
                #expect(found["cmd:\(code.rawValue)"]?.outcome == .rejected(code))
            }
        }
    }

    @Test func lookupOfMoreKeysThanSQLiteVariablesInOneCall() throws {
        let store = try RakorStore.inMemory()
        // SQLite's default limit on bound variables is 32766 (999 before 3.32).
        let keys = (0..<40_000).map { "cmd:\($0)" }
        try store.writeSync { session throws in
            for (index, key) in keys.enumerated() where index % 3 == 0 {
                try session.ledger.insert(key: key, outcome: .accepted, reply: [UInt8(index % 256)], at: t0)
            }
        }
        let found = try store.readSync { session throws in try session.ledger.lookup(keys: keys + keys.prefix(10)) }
        #expect(found.count == (40_000 + 2) / 3)
        #expect(found["cmd:39999"]?.reply == [UInt8(39_999 % 256)])
        #expect(found["cmd:39998"] == nil)
        #expect(found.keys.allSatisfy { Int($0.dropFirst(4)).map { $0 % 3 == 0 } ?? false })
    }

    @Test func lookupOfEveryChunkSizeFindsExactlyThePresentKeys() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            for index in 0..<1200 where index.isMultiple(of: 2) {
                try session.ledger.insert(key: "k\(index)", outcome: .accepted, reply: nil, at: t0)
            }
        }
        for count in [1, 2, 7, 8, 9, 63, 64, 65, 499, 500, 501, 1000, 1200] {
            let keys = (0..<count).map { "k\($0)" }
            let found = try store.readSync { session throws in try session.ledger.lookup(keys: keys) }
            #expect(found.count == (count + 1) / 2, "lookup of \(count) keys")
        }
    }

    @Test func batchInsertWritesEveryEntryAndSkipsKnownKeys() throws {
        let store = try RakorStore.inMemory()
        // 64 + 64 + 8 + 8 + 1 + 1 + 1 + 1 rows: every statement size.
        let entries = (0..<148).map { (index: Int) -> LedgerEntry in
            let outcome: LedgerOutcome = index % 5 == 0 ? .rejected(.badArguments) : .accepted
            let reply: [UInt8]? = index % 7 == 0 ? nil : Array("reply \(index)".utf8)
            return LedgerEntry(key: "cmd:\(index)", outcome: outcome, reply: reply, at: at(Double(index)))
        }
        #expect(SQLList.rowBatches(count: 148).map(\.size) == [64, 64, 8, 8, 1, 1, 1, 1])
        try store.writeSync { session throws in
            try session.ledger.insert(key: "cmd:3", outcome: .accepted, reply: [1], at: t0)
            #expect(try session.ledger.insert(entries) == 147)
            #expect(try session.ledger.insert([LedgerEntry]()) == 0)
        }
        let found = try store.readSync { session throws in try session.ledger.lookup(keys: entries.map { $0.key }) }
        #expect(found.count == 148)
        for entry in entries where entry.key != "cmd:3" {
            #expect(found[entry.key] == entry)
        }
        #expect(found["cmd:3"]?.reply == [1])
    }

    @Test func pruneDeletesOldestEntriesInBatches() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            for index in 0..<10 {
                try session.ledger.insert(key: "cmd:\(index)", outcome: .accepted, reply: nil, at: at(Double(index) * 3600))
            }
            // Entries before hour 7: 0…6, seven of them, deleted 4 then 3.
            #expect(try session.ledger.prune(olderThan: at(7 * 3600), limit: 4) == 4)
            #expect(try session.ledger.prune(olderThan: at(7 * 3600), limit: 4) == 3)
            #expect(try session.ledger.prune(olderThan: at(7 * 3600), limit: 4) == 0)
            #expect(try session.ledger.count() == 3)
            #expect(try session.ledger.lookup(keys: (0..<10).map { "cmd:\($0)" }).keys.sorted() == ["cmd:7", "cmd:8", "cmd:9"])
            #expect(throws: StoreError.self) { try session.ledger.prune(olderThan: t0, limit: 0) }
        }
        #expect(LedgerRepository.defaultRetention == 30 * 24 * 3600)
    }
}

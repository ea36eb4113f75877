import Foundation
import RakorCore
import Testing
@testable import RakorStore

private struct Boom: Error, Equatable {}

@Suite struct TransactionTests {
    @Test func asyncWriteCommitsAndReadSeesIt() async throws {
        let dir = try TemporaryDirectory()
        let store = try RakorStore(path: dir.databasePath)
        let seq = try await store.write { session in
            try session.outbox.append(topic: "rakor.replies", key: Array("chat".utf8), value: [1, 2, 3])
        }
        #expect(seq == 1)
        let rows = try await store.read { session in try session.outbox.pending(after: 0, limit: 10) }
        #expect(rows.map(\.value) == [[1, 2, 3]])
        try store.close()
    }

    @Test func aThrowingWriteLeavesNothingAndRethrowsTheCallersError() async throws {
        let store = try RakorStore.inMemory()
        await #expect(throws: Boom()) {
            try await store.write { session in
                try session.meta.set("half", "done")
                throw Boom()
            }
        }
        #expect(try store.readSync { try $0.meta.get("half") } == nil)
    }

    @Test func savepointRollbackUndoesOnlyThatCommand() throws {
        let store = try RakorStore.inMemory()
        let outcome = try store.writeSync { session throws -> [String] in
            var results: [String] = []
            // Command 1 succeeds.
            let first = try session.savepoint { try seedTugas(session, "satu", org: "a", due: "2024-12-01") }
            results.append(first.id.description)
            // Command 2 writes, then fails: its writes vanish, the error reaches us unchanged.
            do {
                try session.savepoint {
                    _ = try seedTugas(session, "dua", org: "a", due: "2024-12-02")
                    try session.ledger.insert(key: "cmd:2", outcome: .accepted, reply: nil, at: t0)
                    throw CommandFailure(.conflict, id: "bentrok", en: "conflict")
                }
            } catch let failure as CommandFailure {
                results.append(failure.code.rawValue)
                try session.ledger.insert(key: "cmd:2", outcome: .rejected(failure.code), reply: [9], at: t0)
            }
            // Command 3 succeeds after the failure, and reuses the rolled-back number.
            let third = try session.savepoint { try seedTugas(session, "tiga", org: "a", due: "2024-12-03") }
            results.append(third.id.description)
            return results
        }
        #expect(outcome == ["T-1", "conflict", "T-2"])
        try store.readSync { session throws in
            let all = try session.tugas.list(TugasFilter(), page: PageRequest(limit: 10))
            #expect(all.items.map(\.judul) == ["satu", "tiga"])
            #expect(try session.ledger.find(key: "cmd:2")?.outcome == .rejected(.conflict))
        }
    }

    @Test func nestedSavepointsRollBackIndependently() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            try session.savepoint {
                try session.meta.set("outer", "1")
                _ = try? session.savepoint {
                    try session.meta.set("inner", "1")
                    throw Boom()
                }
            }
        }
        #expect(try store.readSync { try $0.meta.all() } == ["outer": "1"])
    }

    @Test func storeErrorsInsideASavepointComeOutAsStoreErrors() throws {
        let store = try RakorStore.inMemory()
        try store.writeSync { session throws in
            #expect(throws: StoreError.self) {
                try session.savepoint {
                    // No meeting R-7: the foreign key refuses.
                    _ = try seedTugas(session, "x", org: "a", due: "2024-12-01", rakor: ItemID(.rakor, 7))
                }
            }
            // The transaction is still usable.
            try session.meta.set("after", "ok")
        }
        #expect(try store.readSync { try $0.meta.get("after") } == "ok")
    }

    @Test func aSavepointInAReadIsHarmless() throws {
        let dir = try TemporaryDirectory()
        let store = try RakorStore(path: dir.databasePath)
        try store.writeSync { session throws in try session.meta.set("x", "1") }
        let value = try store.readSync { session throws in try session.savepoint { try session.meta.get("x") } }
        #expect(value == "1")
        try store.close()
    }

    @Test func savepointsReturnTheBodysValue() throws {
        let store = try RakorStore.inMemory()
        let value = try store.writeSync { session throws in
            try session.savepoint { try session.savepoint { 42 } + 1 }
        }
        #expect(value == 43)
    }

    @Test func writesInAReadAreRefused() throws {
        let dir = try TemporaryDirectory()
        let store = try RakorStore(path: dir.databasePath)
        #expect(throws: StoreError.self) {
            try store.readSync { session in try session.meta.set("k", "v") }
        }
        try store.close()
    }

    @Test func concurrentAsyncWritesAreSerialisedAndAllCommitted() async throws {
        let dir = try TemporaryDirectory()
        let store = try RakorStore(path: dir.databasePath)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await store.write { session in
                        try session.ledger.insert(key: "cmd:\(index)", outcome: .accepted, reply: nil, at: t0)
                        _ = try session.outbox.append(topic: "rakor.replies", key: nil, value: [UInt8(index)])
                    }
                }
            }
            try await group.waitForAll()
        }
        let (ledger, outbox) = try await store.read { session in
            (try session.ledger.count(), try session.outbox.pending(limit: 100).map(\.seq))
        }
        #expect(ledger == 20)
        #expect(outbox == Array(1...20))
        try store.close()
    }
}

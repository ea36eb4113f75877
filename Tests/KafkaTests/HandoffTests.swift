@testable import Kafka
import Synchronization
import Testing

@Suite("Hand-off and backpressure primitives")
struct HandoffTests {
    private func batch(_ partition: Int32, _ offsets: ClosedRange<Int64>) -> ConsumerBatch {
        ConsumerBatch(
            records: offsets.map {
                ConsumerRecord(topic: "t", partition: partition, offset: $0, timestamp: nil, key: nil, value: nil, headers: [])
            }, errors: [])
    }

    @Test("the hand-off holds at most its capacity and asks for a wake-up once the reader makes room")
    func boundedHandoff() async {
        let wakes = Atomic<Int>(0)
        let handoff = BatchHandoff(capacity: 2) { wakes.add(1, ordering: .relaxed) }
        #expect(handoff.offer(batch(0, 0...0)))
        #expect(handoff.offer(batch(0, 1...1)))
        #expect(!handoff.offer(batch(0, 2...2)))
        #expect(handoff.bufferedCount == 2)
        #expect(wakes.load(ordering: .relaxed) == 0)
        let first = await handoff.next()
        #expect(first?.records.map(\.offset) == [0])
        #expect(wakes.load(ordering: .relaxed) == 1)
        #expect(handoff.offer(batch(0, 2...2)))
        handoff.finish()
        #expect(await handoff.next()?.records.map(\.offset) == [1])
        #expect(await handoff.next()?.records.map(\.offset) == [2])
        #expect(await handoff.next() == nil)
    }

    @Test("a waiting reader receives the next batch directly; finish ends waiting readers")
    func waitingReader() async {
        let handoff = BatchHandoff(capacity: 1) {}
        async let received = handoff.next()
        // Give the reader time to start waiting; offer succeeds either way.
        try? await Task.sleep(for: .milliseconds(50))
        #expect(handoff.offer(batch(1, 5...6)))
        #expect(await received?.records.map(\.offset) == [5, 6])
        async let ended = handoff.next()
        try? await Task.sleep(for: .milliseconds(50))
        handoff.finish()
        #expect(await ended == nil)
    }

    @Test("revoked partitions' buffered records are dropped, others kept")
    func removeRecords() async {
        let handoff = BatchHandoff(capacity: 4) {}
        #expect(handoff.offer(ConsumerBatch(records: batch(0, 0...2).records + batch(1, 0...1).records, errors: [])))
        #expect(handoff.offer(batch(0, 3...4)))
        let dropped = handoff.removeRecords(of: [TopicPartition(topic: "t", partition: 0)])
        #expect(dropped == 5)
        #expect(handoff.bufferedCount == 1)
        #expect(await handoff.next()?.records.map(\.partition) == [1, 1])
    }

    @Test("a cancelled reader gets nil and the next batch still reaches a later reader")
    func cancellation() async {
        let handoff = BatchHandoff(capacity: 1) {}
        let task = Task { await handoff.next() }
        try? await Task.sleep(for: .milliseconds(50))
        task.cancel()
        #expect(await task.value == nil)
        #expect(handoff.offer(batch(0, 9...9)))
        #expect(await handoff.next()?.records.first?.offset == 9)
    }

    @Test("the backpressure gate never loses a wake-up and releases everyone on close")
    func backpressureGate() async {
        let gate = BackpressureGate()
        let before = gate.generation
        gate.signal()
        // Space was freed after `before` was read: no waiting at all.
        #expect(await gate.wait(since: before))
        let current = gate.generation
        async let woken = gate.wait(since: current)
        try? await Task.sleep(for: .milliseconds(50))
        gate.signal()
        #expect(await woken)
        let last = gate.generation
        async let closed = gate.wait(since: last)
        try? await Task.sleep(for: .milliseconds(50))
        gate.close()
        #expect(await closed == false)
        #expect(gate.waitBlocking(since: gate.generation) == false)
    }
}

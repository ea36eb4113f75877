import Foundation
import RakorStore

/// Where the scheduler writes: one store transaction with an `EffectWriter`
/// on the bot's one audit chain, then publication. `PipelineRunner` is the
/// running bot's (its relay publishes to Kafka); `StoreEmitter` only commits
/// to the outbox (simulations, tools, tests: a bot started later on the
/// same database publishes what it left there).
protocol ScheduledEmitter: Sendable {
    func emit(now: Date, _ body: @escaping @Sendable (inout EffectWriter) throws -> Void) async throws -> BatchTally
}

extension PipelineRunner: ScheduledEmitter {}

/// Commits scheduled messages to the store's outbox through a
/// `BatchProcessor` (same chain, same rules) without publishing them.
struct StoreEmitter: ScheduledEmitter {
    let store: RakorStore
    let processor: BatchProcessor

    func emit(now: Date, _ body: @escaping @Sendable (inout EffectWriter) throws -> Void) async throws -> BatchTally {
        let processor = self.processor
        return try await store.write { session in
            try processor.emit(session: session, now: now, body).tally
        }
    }
}

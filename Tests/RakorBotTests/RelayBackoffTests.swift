@testable import RakorBot
import Testing

@Suite("Outbox relay backoff")
struct RelayBackoffTests {
    @Test func theBackoffDoublesPerConsecutiveFailureOfARowAndIsCappedAt30Seconds() {
        #expect(OutboxRelay.backoff(attempt: 1) == 0.1)
        #expect(OutboxRelay.backoff(attempt: 2) == 0.2)
        #expect(OutboxRelay.backoff(attempt: 5) == 1.6)
        #expect(OutboxRelay.backoff(attempt: 9) == 25.6)
        #expect(OutboxRelay.backoff(attempt: 10) == 30)
        #expect(OutboxRelay.backoff(attempt: 1_000) == 30)
        #expect(OutboxRelay.backoff(attempt: 0) == 0.1)
    }
}

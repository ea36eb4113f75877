import RakorCore
import RakorStore

/// Re-applies the integrators' logged calendar changes on top of the shipped
/// calendars at start-up, in the order they were accepted.
enum CalendarReplay {
    /// Applies one change. A change that no longer applies (say a shipped
    /// file was updated to include it, so the dates are already the same) is
    /// reported, not fatal: start-up must not fail over history.
    static func apply(_ change: CalendarChange, to catalog: inout CalendarCatalog) throws(CommandFailure) {
        switch change.kind {
        case .published(let document):
            do {
                catalog.publish(try CalendarDocument.parse(text: document))
            } catch {
                throw error.failure()
            }
        case .rescheduled(let stageID, let start, let end, let reason, let source):
            guard let dates = DateSpan(start: start, end: end) else {
                throw CommandFailure(.badArguments, id: "Rentang tanggal terbalik.", en: "Start after end.")
            }
            _ = try catalog.apply(StageReschedule(calendarID: change.calendarID, stageID: stageID, dates: dates,
                                                  reason: reason ?? "-", source: source ?? "rakor.events"))
        }
    }
}

import RakorCore

/// A handler for one integrator event type: applies it through the context
/// and returns a summary for the `rakor.command.accepted` audit event.
typealias IntegrationHandler = @Sendable (inout IntegrationContext) throws -> JSONValue

/// The integrator event types rakorbot applies. A directory entry must also
/// list a type before an integrator may post it.
enum IntegrationHandlers {
    static let calendarPublished = "rakor.calendar.published"
    static let stageRescheduled = "rakor.stage.rescheduled"
    static let hibahDisbursed = "rakor.hibah.disbursed"
    static let taskCompleted = "rakor.task.completed"

    static let all: [String: IntegrationHandler] = [
        calendarPublished: CalendarPublished.apply,
        stageRescheduled: StageRescheduled.apply,
        hibahDisbursed: HibahDisbursed.apply,
        taskCompleted: TaskCompletedByIntegrator.apply,
    ]

    static func handler(for type: String) -> IntegrationHandler? { all[type] }
}

import Foundation
import RakorCore

/// What a scheduled message is about: one stage of an election calendar, or
/// one open task. It carries the values the message text needs.
public enum ScheduledItem: Sendable, Hashable {
    case stage(calendarID: String, calendarName: Localized, stage: Tahapan)
    case task(Tugas)

    /// Day H: a stage's first day (its only day for a deadline known only by
    /// its end), a task's due date.
    public var day: LocalDate {
        switch self {
        case .stage(_, _, let stage): stage.dates.first
        case .task(let tugas): tugas.tenggat
        }
    }

    /// The item and its day H, for message ids:
    /// `stage/pilkada2024/pemungutan-suara@2024-11-27`, `task/T-12@2024-11-25`.
    /// The date is part of the key, so a rescheduled stage (or a task whose
    /// due date moved) gets new ids and its reminders follow the new date,
    /// while the old date's reminders stop because nothing plans them anymore.
    public var key: String {
        switch self {
        case .stage(let calendarID, _, let stage): "stage/\(calendarID)/\(stage.id)@\(day.iso)"
        case .task(let tugas): "task/\(tugas.id)@\(day.iso)"
        }
    }

    /// The audit subject: `calendar/pilkada2024/pemungutan-suara`, `task/T-12`
    /// (the same subjects the reschedule and task events use).
    public var subject: String {
        switch self {
        case .stage(let calendarID, _, let stage): "calendar/\(calendarID)/\(stage.id)"
        case .task(let tugas): "task/\(tugas.id)"
        }
    }
}

/// One message the scheduler plans: a reminder or an escalation, to one
/// chat, at 08:00 in that chat's region on the offset's day.
public struct ScheduledMessage: Sendable, Hashable {
    /// `.reminder` or `.escalation` (the contract's `kind`).
    public var kind: OutboundMessage.Kind
    public var item: ScheduledItem
    public var offset: HOffset
    public var chat: String
    /// The chat's region: the planned instant is 08:00 there.
    public var zone: ZonaWaktu
    public var lang: Lang
    public var plannedAt: Date
    /// Sent more than the policy's tolerance after `plannedAt`.
    public var late: Bool

    public init(kind: OutboundMessage.Kind, item: ScheduledItem, offset: HOffset, chat: String, zone: ZonaWaktu,
                lang: Lang, plannedAt: Date, late: Bool) {
        self.kind = kind
        self.item = item
        self.offset = offset
        self.chat = chat
        self.zone = zone
        self.lang = lang
        self.plannedAt = plannedAt
        self.late = late
    }

    /// `rem:task/T-12@2024-11-25:H-3:wa:group-kpu-banjar`,
    /// `rem:stage/pilkada2024/pemungutan-suara@2024-11-27:H-1:wa:…`,
    /// `esc:task/T-12@2024-11-25:H+1:wa:…`: derived from (item, day H,
    /// offset, chat) only, so it is the same id however often and by whichever
    /// process it is planned. The store's `reminder_sent` table keys on it
    /// (sent exactly once), and it is the outbound message's `id`.
    public var id: String {
        Self.id(kind: kind, itemKey: item.key, offset: offset, chat: chat)
    }

    public static func id(kind: OutboundMessage.Kind, itemKey: String, offset: HOffset, chat: String) -> String {
        "\(kind == .escalation ? "esc" : "rem"):\(itemKey):\(offset):\(chat)"
    }
}

/// A recurring task whose period passed its due date uncompleted: the
/// scheduler opens the next period.
public struct ScheduledRollover: Sendable, Hashable {
    public var tugas: Tugas
    public var plannedAt: Date

    public init(tugas: Tugas, plannedAt: Date) {
        self.tugas = tugas
        self.plannedAt = plannedAt
    }
}

/// What is due at one instant.
public struct DuePlan: Sendable, Hashable {
    /// In planned order, then by id.
    public var messages: [ScheduledMessage]
    public var rollovers: [ScheduledRollover]

    public init(messages: [ScheduledMessage] = [], rollovers: [ScheduledRollover] = []) {
        self.messages = messages
        self.rollovers = rollovers
    }
}

import RakorCore
import RakorStore

/// Everything a plan depends on, read in one transaction: the
/// subscriptions, the open tasks in the plan's window, the calendars as the
/// bot serves them (shipped, published and rescheduled) and the directory.
public struct ScheduleState: Sendable {
    public var subscriptions: [Subscription]
    /// Open tasks; others are ignored (a completed or cancelled task is
    /// neither reminded nor escalated).
    public var tasks: [Tugas]
    public var catalog: CalendarCatalog
    public var directory: Directory

    public init(subscriptions: [Subscription], tasks: [Tugas], catalog: CalendarCatalog, directory: Directory) {
        self.subscriptions = subscriptions
        self.tasks = tasks
        self.catalog = catalog
        self.directory = directory
    }
}

/// Where and how each chat is addressed: its region (the zone of the
/// organisation whose group it is; else the zone recorded when it
/// subscribed; else WIB) and its language (recorded when it subscribed;
/// else Indonesian).
struct ChatBook {
    private var organisationZones: [String: ZonaWaktu] = [:]
    private var subscriberZones: [String: ZonaWaktu] = [:]
    private var langs: [String: Lang] = [:]

    init(directory: Directory, subscriptions: [Subscription]) {
        for org in directory.organisations {
            for chat in org.chats where organisationZones[chat] == nil {
                organisationZones[chat] = org.zone
            }
        }
        // The latest subscription that knew its subscriber wins.
        for subscription in subscriptions.sorted(by: { $0.since < $1.since }) {
            if let zone = subscription.zone { subscriberZones[subscription.chat] = zone }
            if let lang = subscription.lang { langs[subscription.chat] = lang }
        }
    }

    func zone(of chat: String, recorded: ZonaWaktu? = nil) -> ZonaWaktu {
        organisationZones[chat] ?? recorded ?? subscriberZones[chat] ?? .WIB
    }

    func lang(of chat: String, recorded: Lang? = nil) -> Lang {
        recorded ?? langs[chat] ?? .id
    }
}

/// The second schema step: a subscription remembers the time zone and the
/// language of whoever subscribed, so stage reminders reach a chat that is
/// not an organisation group in the directory (a private chat, a joint
/// group) at 08:00 *its* time and in *its* language.
///
/// Both columns are nullable: subscriptions made before this migration (or by
/// code that does not know the subscriber) fall back to the chat's
/// organisation in the directory, then to WIB and Indonesian.
enum SchemaV2 {
    static let sql = """
    ALTER TABLE subscription ADD COLUMN zone TEXT CHECK (zone IN ('WIB', 'WITA', 'WIT'));
    ALTER TABLE subscription ADD COLUMN lang TEXT CHECK (lang IN ('id', 'en'));
    """
}

/// How the bot's topics should be laid out on a real cluster: used by
/// `rakorbot topics create` and by the start-up check. The embedded cluster
/// takes `partitions` too (with one replica).
public struct TopicSettings: Sendable, Hashable {
    public var partitions: Int32
    public var replicationFactor: Int32

    public init(partitions: Int32 = 3, replicationFactor: Int32 = 3) {
        self.partitions = partitions
        self.replicationFactor = replicationFactor
    }
}

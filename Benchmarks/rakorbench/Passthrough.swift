import Kafka
import Logging

/// W0: the project's Kafka layer with no logic between consuming
/// `rakor.commands` and producing a fixed reply per record. It is the
/// ceiling for the bot on this machine: decode, directory, handler, SQLite
/// and audit come on top of exactly this consume → produce → store-offsets loop.
final class Passthrough: Sendable {
    /// The header carrying the command id to the reply (W0 parses nothing).
    static let idHeader = "rakorbench-id"
    /// A reply of a realistic size (about what `/tenggat` answers).
    static let reply = Array(#"{"id":"r-passthrough","kind":"reply","in_reply_to":null,"chat":"wa:bench","ok":true,"text":"Pemungutan suara Pilkada 2024: Rabu, 27 November 2024 (H-7). Sumber: PKPU 2/2024.","lang":"id"}"#.utf8)

    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    private let task: Task<Void, Never>

    init(bootstrap: String, commandsTopic: String, repliesTopic: String, group: String, fetchWait: Int, logger: Logger) throws {
        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: bootstrap, groupID: group, topics: [commandsTopic],
            properties: ["session.timeout.ms": "6000", "heartbeat.interval.ms": "1000",
                         "fetch.wait.max.ms": "\(fetchWait)"])
        configuration.maxBatchSize = 2048  // the bot's default batch
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: bootstrap),
                                         logger: logger, onDelivery: { _ in })
        let reply = Self.reply[...]
        task = Task {
            for await batch in consumer.batches {
                var records: [ProducerRecord] = []
                records.reserveCapacity(batch.records.count)
                for record in batch.records {
                    records.append(ProducerRecord(topic: repliesTopic, key: record.key, value: reply,
                                                  headers: record.headers))
                }
                do {
                    try await producer.send(records)
                    try consumer.storeOffsets(batch.nextOffsets)
                } catch {
                    logger.error("passthrough: \(error)")
                    return
                }
            }
        }
        self.consumer = consumer
        self.producer = producer
    }

    func close() async {
        await consumer.close()
        await task.value
        await producer.shutdown(timeout: .seconds(5))
    }
}

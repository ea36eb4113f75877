import CRdKafka

/// Conversions between Swift values and `rd_kafka_topic_partition_list_t`.
///
/// Every list made here must be destroyed (`destroy`): librdkafka can attach
/// partition references to list elements, and a leaked list keeps broker
/// threads alive, which makes `rd_kafka_destroy` hang.
enum PartitionList {
    typealias Pointer = UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    static func make(_ offsets: [TopicPartitionOffset]) -> Pointer {
        // Only fails if malloc does (librdkafka aborts on that anyway).
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: max(1, offsets.count)))!
        for entry in offsets {
            rd_kafka_topic_partition_list_add(list, entry.topic, entry.partition)?.pointee.offset = entry.offset
        }
        return list
    }

    static func make(_ partitions: [TopicPartition], offset: Int64 = RdKafkaConstants.offsetInvalid) -> Pointer {
        make(partitions.map { TopicPartitionOffset(topic: $0.topic, partition: $0.partition, offset: offset) })
    }

    static func destroy(_ list: Pointer?) {
        if let list { rd_kafka_topic_partition_list_destroy(list) }
    }

    struct Element {
        let topic: String
        let partition: Int32
        let offset: Int64
        let error: rd_kafka_resp_err_t

        var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
    }

    static func elements(_ list: Pointer?) -> [Element] {
        guard let list, let elems = list.pointee.elems else { return [] }
        let count = Int(list.pointee.cnt)
        var result: [Element] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let element = elems[index]
            result.append(
                Element(
                    topic: element.topic.map { String(cString: $0) } ?? "",
                    partition: element.partition, offset: element.offset, error: element.err))
        }
        return result
    }

    static func partitions(_ list: Pointer?) -> [TopicPartition] {
        elements(list).map(\.topicPartition)
    }

    /// Sets the offset of every element.
    static func setOffsets(_ list: Pointer, _ body: (Element) -> Int64) {
        guard let elems = list.pointee.elems else { return }
        for index in 0..<Int(list.pointee.cnt) {
            let current = elems[index]
            let element = Element(
                topic: current.topic.map { String(cString: $0) } ?? "",
                partition: current.partition, offset: current.offset, error: current.err)
            elems[index].offset = body(element)
        }
    }
}

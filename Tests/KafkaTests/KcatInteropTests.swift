import Foundation
import Kafka
import Testing

/// The embedded cluster must be usable by other processes (kcat, kafka-python).
/// kcat is a project dependency (Debian package `kcat`); its absence is a failure, not a skip.
@Suite("kcat interoperability")
struct KcatInteropTests {
    /// Runs kcat with `arguments`, feeding `input`; returns stdout.
    private func kcat(_ arguments: [String], input: String = "") async throws -> (status: Int32, output: String) {
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/kcat"), "kcat is missing: apt-get install kcat")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/kcat")
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        let finished = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in finished.continuation.finish() }
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        for await _ in finished.stream {}
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test("kcat produces to the embedded cluster and this consumer reads it")
    func kcatProduces() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("from-kcat")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let result = try await kcat(
            ["-b", cluster.bootstrapServers, "-P", "-t", topic, "-K", ":"], input: "k1:halo\nk2:dunia\n")
        #expect(result.status == 0)

        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: TestSupport.unique("g"), topics: [topic]),
            logger: TestSupport.logger)
        let reader = BatchReader(consumer)
        #expect(await TestSupport.eventually { reader.count >= 2 })
        await consumer.close()
        await reader.finished()
        #expect(reader.all.map { TestSupport.string($0.key) } == ["k1", "k2"])
        #expect(reader.all.map { TestSupport.string($0.value) } == ["halo", "dunia"])
    }

    @Test("this producer writes and kcat consumes from the embedded cluster")
    func kcatConsumes() async throws {
        let cluster = try EmbeddedKafka()
        defer { cluster.shutdown() }
        let topic = TestSupport.unique("to-kcat")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let reports = try await KafkaProducer.produce(3, to: topic, cluster: cluster)
        #expect(reports.allSatisfy { $0.isDelivered })
        let result = try await kcat([
            "-b", cluster.bootstrapServers, "-C", "-t", topic, "-e", "-o", "beginning", "-q", "-f", "%k=%s@%o\\n",
        ])
        #expect(result.status == 0)
        #expect(result.output == "key-0=value-0@0\nkey-1=value-1@1\nkey-2=value-2@2\n")
    }
}

import CRdKafka

/// A librdkafka error as a typed Swift value.
///
/// `code` is the raw `rd_kafka_resp_err_t`: negative values are librdkafka-local
/// errors (`RD_KAFKA_RESP_ERR__*`), positive values are Kafka protocol errors.
/// Every failure this module reports (configuration, enqueue, delivery,
/// consumption, admin, mock cluster) is a `KafkaError`.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: Code
    /// librdkafka's text (or this layer's), e.g. "Local: Queue full".
    public let message: String
    /// A fatal error leaves the client unusable: shut it down and create a new one.
    public let isFatal: Bool
    /// The operation may succeed if retried (librdkafka's or Kafka's classification).
    public let isRetriable: Bool

    public init(code: Code, message: String? = nil, isFatal: Bool = false, isRetriable: Bool? = nil) {
        self.code = code
        self.message = message ?? code.description
        self.isFatal = isFatal || code == .fatal
        self.isRetriable = isRetriable ?? code.isRetriable
    }

    /// The symbolic name, e.g. `_QUEUE_FULL` or `OFFSET_OUT_OF_RANGE`.
    public var name: String { code.name }

    public var description: String { "\(code.name) (\(code.rawValue)): \(message)" }

    /// Takes ownership of an `rd_kafka_error_t` (destroys it) and converts it.
    static func consuming(_ error: OpaquePointer) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        let code = Code(rawValue: rd_kafka_error_code(error).rawValue)
        let text = rd_kafka_error_string(error).map { String(cString: $0) }
        return KafkaError(
            code: code,
            message: text,
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            isRetriable: rd_kafka_error_is_retriable(error) != 0
        )
    }

    init(_ err: rd_kafka_resp_err_t, message: String? = nil) {
        self.init(code: Code(rawValue: err.rawValue), message: message)
    }

    // Errors this layer raises itself (no librdkafka call failed).
    static func shutDown(_ what: String) -> KafkaError {
        KafkaError(code: .destroy, message: "\(what) is shut down", isRetriable: false)
    }

    static func invalidArgument(_ message: String) -> KafkaError {
        KafkaError(code: .invalidArgument, message: message, isRetriable: false)
    }
}

extension KafkaError {
    /// A `rd_kafka_resp_err_t` value. Named constants cover the codes this
    /// project handles; any other code still round-trips through `rawValue`.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// librdkafka's symbolic name (`rd_kafka_err2name`).
        public var name: String {
            String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: rawValue)))
        }

        /// librdkafka's human-readable text (`rd_kafka_err2str`).
        public var description: String {
            String(cString: rd_kafka_err2str(rd_kafka_resp_err_t(rawValue: rawValue)))
        }

        // librdkafka-local errors.
        public static let badMessage = Code(rawValue: -199)
        public static let destroy = Code(rawValue: -197)
        public static let fail = Code(rawValue: -196)
        public static let transport = Code(rawValue: -195)
        public static let resolve = Code(rawValue: -193)
        public static let messageTimedOut = Code(rawValue: -192)
        public static let partitionEOF = Code(rawValue: -191)
        public static let unknownPartition = Code(rawValue: -190)
        public static let unknownTopic = Code(rawValue: -188)
        public static let allBrokersDown = Code(rawValue: -187)
        public static let invalidArgument = Code(rawValue: -186)
        public static let timedOut = Code(rawValue: -185)
        public static let queueFull = Code(rawValue: -184)
        public static let waitCoordinator = Code(rawValue: -180)
        public static let state = Code(rawValue: -172)
        public static let notImplemented = Code(rawValue: -170)
        public static let authentication = Code(rawValue: -169)
        public static let noOffset = Code(rawValue: -168)
        public static let timedOutQueue = Code(rawValue: -166)
        public static let unsupportedFeature = Code(rawValue: -165)
        public static let purgeQueue = Code(rawValue: -152)
        public static let purgeInflight = Code(rawValue: -151)
        public static let fatal = Code(rawValue: -150)
        public static let maxPollExceeded = Code(rawValue: -147)
        public static let assignmentLost = Code(rawValue: -142)
        public static let autoOffsetReset = Code(rawValue: -140)

        // Kafka protocol errors.
        public static let unknown = Code(rawValue: -1)
        public static let noError = Code(rawValue: 0)
        public static let offsetOutOfRange = Code(rawValue: 1)
        public static let corruptMessage = Code(rawValue: 2)
        public static let unknownTopicOrPartition = Code(rawValue: 3)
        public static let leaderNotAvailable = Code(rawValue: 5)
        public static let notLeaderForPartition = Code(rawValue: 6)
        public static let requestTimedOut = Code(rawValue: 7)
        public static let brokerNotAvailable = Code(rawValue: 8)
        public static let messageSizeTooLarge = Code(rawValue: 10)
        public static let networkException = Code(rawValue: 13)
        public static let coordinatorLoadInProgress = Code(rawValue: 14)
        public static let coordinatorNotAvailable = Code(rawValue: 15)
        public static let notCoordinator = Code(rawValue: 16)
        public static let notEnoughReplicas = Code(rawValue: 19)
        public static let notEnoughReplicasAfterAppend = Code(rawValue: 20)
        public static let illegalGeneration = Code(rawValue: 22)
        public static let unknownMemberID = Code(rawValue: 25)
        public static let rebalanceInProgress = Code(rawValue: 27)
        public static let topicAuthorizationFailed = Code(rawValue: 29)
        public static let groupAuthorizationFailed = Code(rawValue: 30)
        public static let clusterAuthorizationFailed = Code(rawValue: 31)
        public static let unsupportedVersion = Code(rawValue: 35)
        public static let topicAlreadyExists = Code(rawValue: 36)
        public static let invalidPartitions = Code(rawValue: 37)
        public static let invalidReplicationFactor = Code(rawValue: 38)
        public static let invalidConfig = Code(rawValue: 40)
        public static let notController = Code(rawValue: 41)
        public static let policyViolation = Code(rawValue: 44)
        public static let outOfOrderSequenceNumber = Code(rawValue: 45)
        public static let duplicateSequenceNumber = Code(rawValue: 46)
        public static let kafkaStorageError = Code(rawValue: 56)

        /// Kafka's retriable set plus librdkafka's transient local errors.
        /// Used when librdkafka gives only a code (no `rd_kafka_error_t`).
        public var isRetriable: Bool { Self.retriable.contains(self) }

        private static let retriable: Set<Code> = [
            .transport, .resolve, .messageTimedOut, .allBrokersDown, .timedOut, .queueFull,
            .waitCoordinator, .timedOutQueue, .corruptMessage, .unknownTopicOrPartition,
            .leaderNotAvailable, .notLeaderForPartition, .requestTimedOut, .brokerNotAvailable,
            .networkException, .coordinatorLoadInProgress, .coordinatorNotAvailable,
            .notCoordinator, .notEnoughReplicas, .notEnoughReplicasAfterAppend,
            .rebalanceInProgress, .notController, .kafkaStorageError,
        ]
    }
}

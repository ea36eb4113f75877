import Foundation

/// Verifies a `rakor.audit` stream with nothing but the records: feed the
/// values in topic order (several chains may be interleaved) and read
/// `summary`.
///
/// For each record it checks JSON validity and the required attributes,
/// recomputes `hash`, and within the record's chain checks that `sequence`
/// rises by exactly 1 and `prevhash` is the previous `hash`. An exact repeat
/// of a verified event (same chain, sequence and hash — at-least-once
/// publishing after a crash repeats the last events) counts as a duplicate,
/// not a problem. After a problem the chain continues from the offending
/// event, so one tampered or missing event is reported once, not cascaded.
public struct AuditVerifier: Sendable {
    public struct Options: Sendable, Hashable {
        /// Report a chain whose first event seen is not sequence 1. Turn off
        /// when the topic's retention has removed the start.
        public var requireGenesis: Bool
        /// How many recent events per chain are remembered to recognise
        /// redeliveries (memory stays bounded on a long stream).
        public var duplicateWindow: Int
        public var maxProblems: Int
        public var limits: JSONLimits

        public init(requireGenesis: Bool = true, duplicateWindow: Int = 4096, maxProblems: Int = 1000,
                    limits: JSONLimits = .default) {
            self.requireGenesis = requireGenesis
            self.duplicateWindow = max(1, duplicateWindow)
            self.maxProblems = maxProblems
            self.limits = limits
        }
    }

    /// What one record turned out to be.
    public struct Outcome: Sendable, Hashable {
        public var chain: String?
        public var sequence: UInt64?
        public var isDuplicate: Bool
        public var problems: [AuditProblem]

        public var isValid: Bool { problems.isEmpty }
    }

    struct ChainState: Sendable {
        var first: UInt64
        var head: AuditHead
        var events: Int
        /// Ring of recently verified (sequence, hash), slot = sequence % window.
        var recent: [(sequence: UInt64, hash: String)?]
    }

    public let options: Options
    private var chains: [String: ChainState] = [:]
    private var chainOrder: [String] = []
    private var totals = AuditSummary()

    public init(options: Options = Options()) {
        self.options = options
    }

    public var summary: AuditSummary {
        var summary = totals
        summary.chains = chainOrder.compactMap { id in
            chains[id].map {
                AuditSummary.Chain(chainID: id, firstSequence: $0.first, lastSequence: $0.head.sequence,
                                   lastHash: $0.head.hash, events: $0.events)
            }
        }
        return summary
    }

    /// Verifies the next record. `chain` is the chain id to file it under
    /// (e.g. the Kafka record key); by default the event's `source`.
    @discardableResult
    public mutating func verify(_ bytes: [UInt8], chain: String? = nil, position: String? = nil) -> Outcome {
        let index = totals.records
        totals.records += 1
        var problems: [AuditProblem] = []
        func problem(_ kind: AuditProblem.Kind, _ chain: String?, _ sequence: UInt64?) {
            problems.append(AuditProblem(kind: kind, index: index, position: position, chain: chain, sequence: sequence))
        }
        defer { record(problems) }

        let event: ParsedEvent
        switch parse(bytes) {
        case .success(let parsed):
            event = parsed
        case .failure(let reason):
            problem(.malformed(reason.text), chain, nil)
            return Outcome(chain: chain, sequence: nil, isDuplicate: false, problems: problems)
        }
        let key = chain ?? event.source
        let sequence = event.sequence

        let computed = AuditChain.computeHash(of: event.object)
        let intact = computed == event.hash
        if !intact { problem(.hashMismatch(computed: computed, claimed: event.hash), key, sequence) }

        guard let slot = chains.index(forKey: key) else {
            if sequence != 1, options.requireGenesis { problem(.missingStart(found: sequence), key, sequence) }
            if sequence == 1, event.previousHash != AuditHead.zeroHash {
                problem(.brokenLink(expected: AuditHead.zeroHash, found: event.previousHash), key, sequence)
            }
            var state = ChainState(first: sequence, head: .genesis, events: 0,
                                   recent: Array(repeating: nil, count: min(options.duplicateWindow, 64)))
            AuditVerifier.adopt(event, intact: intact, window: options.duplicateWindow, into: &state)
            totals.events += 1
            chains[key] = state
            chainOrder.append(key)
            return Outcome(chain: key, sequence: sequence, isDuplicate: false, problems: problems)
        }
        // Mutated in place through the dictionary: a copy of the state would
        // copy its duplicate ring on every event.
        let head = chains.values[slot].head

        if sequence <= head.sequence {
            let recent = chains.values[slot].recent
            let remembered = recent.isEmpty ? nil : recent[Int(sequence % UInt64(recent.count))]
            if let remembered, remembered.sequence == sequence {
                if remembered.hash == event.hash, intact {
                    totals.duplicates += 1
                    return Outcome(chain: key, sequence: sequence, isDuplicate: true, problems: problems)
                }
                problem(.conflictingDuplicate(verifiedHash: remembered.hash, found: event.hash), key, sequence)
            } else {
                problem(.outOfOrder(head: head.sequence, found: sequence), key, sequence)
            }
            return Outcome(chain: key, sequence: sequence, isDuplicate: false, problems: problems)
        }

        if sequence == head.sequence + 1 {
            if event.previousHash != head.hash {
                problem(.brokenLink(expected: head.hash, found: event.previousHash), key, sequence)
            }
        } else {
            problem(.gap(expected: head.sequence + 1, found: sequence), key, sequence)
        }
        AuditVerifier.adopt(event, intact: intact, window: options.duplicateWindow, into: &chains.values[slot])
        totals.events += 1
        return Outcome(chain: key, sequence: sequence, isDuplicate: false, problems: problems)
    }

    private static func adopt(_ event: ParsedEvent, intact: Bool, window: Int, into state: inout ChainState) {
        state.head = AuditHead(sequence: event.sequence, hash: event.hash)
        state.events += 1
        guard intact else { return }
        // Grow the ring up to the window, re-slotting what it holds.
        if state.recent.count < window, state.events > state.recent.count / 2 {
            let grown = min(window, state.recent.count * 2)
            var ring: [(sequence: UInt64, hash: String)?] = Array(repeating: nil, count: grown)
            for case let entry? in state.recent { ring[Int(entry.sequence % UInt64(grown))] = entry }
            state.recent = ring
        }
        state.recent[Int(event.sequence % UInt64(state.recent.count))] = (event.sequence, event.hash)
    }

    private mutating func record(_ problems: [AuditProblem]) {
        for problem in problems {
            if totals.problems.count < options.maxProblems {
                totals.problems.append(problem)
            } else {
                totals.problemsOmitted += 1
            }
        }
    }

    // MARK: Parsing

    struct ParsedEvent {
        var object: JSONObject
        var source: String
        var sequence: UInt64
        var previousHash: String
        var hash: String
    }

    struct Malformed: Error {
        var text: String
    }

    private func parse(_ bytes: [UInt8]) -> Result<ParsedEvent, Malformed> {
        let value: JSONValue
        do {
            value = try JSONParser(limits: options.limits).parse(bytes)
        } catch {
            return .failure(Malformed(text: "not valid JSON: \(error.description)"))
        }
        guard case .object(let object) = value else {
            return .failure(Malformed(text: "not a JSON object but \(value.typeName)"))
        }
        func string(_ name: String) -> Result<String, Malformed> {
            switch object[name] {
            case .string(let text)? where !text.isEmpty: .success(text)
            case .string?: .failure(Malformed(text: "`\(name)` is empty"))
            case nil: .failure(Malformed(text: "`\(name)` is missing"))
            case let other?: .failure(Malformed(text: "`\(name)` must be a string, not \(other.typeName)"))
            }
        }
        do {
            let version = try string("specversion").get()
            guard version == CloudEvent.specVersion else {
                return .failure(Malformed(text: "specversion is \"\(JSONError.clip(version))\", not \"1.0\""))
            }
            _ = try string("id").get()
            _ = try string("type").get()
            let source = try string("source").get()
            let time = try string("time").get()
            guard RFC3339.parse(time) != nil else { return .failure(Malformed(text: "`time` is not an RFC 3339 timestamp")) }
            let sequenceText = try string("sequence").get()
            guard let sequence = AuditVerifier.parseSequence(sequenceText) else {
                return .failure(Malformed(text: "`sequence` \"\(JSONError.clip(sequenceText))\" is not a positive decimal number"))
            }
            let previousHash = try string("prevhash").get()
            guard Hex.isLowercaseHex(previousHash, count: 64) else {
                return .failure(Malformed(text: "`prevhash` is not 64 lower-case hex digits"))
            }
            let hash = try string("hash").get()
            guard Hex.isLowercaseHex(hash, count: 64) else {
                return .failure(Malformed(text: "`hash` is not 64 lower-case hex digits"))
            }
            return .success(ParsedEvent(object: object, source: source, sequence: sequence,
                                        previousHash: previousHash, hash: hash))
        } catch {
            return .failure(error)
        }
    }

    /// "1", "42": no sign, no leading zero, within UInt64, at least 1.
    static func parseSequence(_ text: String) -> UInt64? {
        guard let first = text.utf8.first, first != UInt8(ascii: "0"),
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return UInt64(text)
    }
}

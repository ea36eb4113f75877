import Foundation

/// A JSON object that keeps its members in insertion order (so what we write
/// reads in a sensible order and a decode → encode round trip keeps the
/// layout) with keyed lookup.
///
/// Small objects (every envelope, reply and event) are searched linearly,
/// which beats hashing for a handful of short keys; past `indexThreshold`
/// members a dictionary index keeps lookups and the parser's duplicate-key
/// check O(1), so a hostile object with 10,000 members is not quadratic.
///
/// Keys are compared by their exact code points (UTF-8 bytes), not by Swift's
/// canonical equivalence: in JSON `"é"` and `"e\u0301"` are different keys,
/// and treating them as one would silently merge members.
///
/// Equality and hashing ignore member order, as JSON object semantics do
/// (RFC 8259 §4); JCS output is order-independent for the same reason.
public struct JSONObject: Sendable {
    @usableFromInline struct Member: Sendable {
        @usableFromInline var key: String
        @usableFromInline var value: JSONValue

        @usableFromInline init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    // One array of pairs: one allocation per object instead of two.
    @usableFromInline var members: [Member]
    @usableFromInline var index: [RawKey: Int]?

    @usableFromInline static let indexThreshold = 16

    public init() {
        members = []
        index = nil
    }

    public init(minimumCapacity: Int) {
        self.init()
        members.reserveCapacity(minimumCapacity)
    }

    /// Members in order; a repeated key keeps its first position and the last value.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        self.init()
        for (key, value) in members { self[key] = value }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    /// The keys in insertion order.
    public var keys: [String] { members.map(\.key) }

    /// The values in insertion order.
    public var values: [JSONValue] { members.map(\.value) }

    @inlinable
    func position(of key: String) -> Int? {
        if let index { return index[RawKey(key)] }
        for position in members.indices where JSONObject.sameKey(members[position].key, key) { return position }
        return nil
    }

    public func contains(_ key: String) -> Bool {
        position(of: key) != nil
    }

    /// The member's value; assigning nil removes the member, assigning to a
    /// new key appends it, assigning to an existing key replaces in place.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return members[position].value
        }
        set {
            if let newValue {
                if let position = position(of: key) {
                    members[position].value = newValue
                } else {
                    appendNew(key, newValue)
                }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Appends a member the caller knows is absent (the parser checks first).
    @usableFromInline
    mutating func appendNew(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
        if index != nil {
            index?[RawKey(key)] = members.count - 1
        } else if members.count > JSONObject.indexThreshold {
            buildIndex()
        }
    }

    /// Adds a member unless the key is present; false when it was (the value is then unchanged).
    @discardableResult
    public mutating func insertNew(_ key: String, _ value: JSONValue) -> Bool {
        if position(of: key) != nil { return false }
        appendNew(key, value)
        return true
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        let removed = members.remove(at: position).value
        if index != nil {
            if members.count > JSONObject.indexThreshold { buildIndex() } else { index = nil }
        }
        return removed
    }

    private mutating func buildIndex() {
        var built = [RawKey: Int](minimumCapacity: members.count * 2)
        for position in members.indices { built[RawKey(members[position].key)] = position }
        index = built
    }

    /// Code-point equality; differing lengths (most mismatches) exit early.
    @usableFromInline
    static func sameKey(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        return ByteScan.withUTF8(lhs) { left in
            ByteScan.withUTF8(rhs) { right in
                left.count == 0 || memcmp(left.baseAddress.unsafelyUnwrapped, right.baseAddress.unsafelyUnwrapped, left.count) == 0
            }
        }
    }

    /// A dictionary key with code-point (byte) equality and hashing.
    @usableFromInline
    struct RawKey: Hashable, Sendable {
        @usableFromInline let string: String

        @usableFromInline init(_ string: String) {
            self.string = string
        }

        @usableFromInline static func == (lhs: RawKey, rhs: RawKey) -> Bool {
            JSONObject.sameKey(lhs.string, rhs.string)
        }

        @usableFromInline func hash(into hasher: inout Hasher) {
            // One uniform byte view, so equal keys always hash alike.
            var copy = string
            copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }
}

extension JSONObject: RandomAccessCollection {
    public typealias Element = (key: String, value: JSONValue)
    public typealias Index = Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { members.count }

    public subscript(position: Int) -> (key: String, value: JSONValue) {
        (members[position].key, members[position].value)
    }
}

extension JSONObject: Hashable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: a commutative sum of per-member hashes.
        var sum = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            sum = sum &+ memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(sum)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(minimumCapacity: elements.count)
        for (key, value) in elements { self[key] = value }
    }
}

extension JSONObject: CustomStringConvertible {
    public var description: String { JSONValue.object(self).description }
}

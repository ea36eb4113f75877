/// Bounds the parser enforces before a hostile input can cost memory or
/// stack. Every limit is checked as the input is read, so refusing a 2 MiB
/// value or a 10,000-deep array costs almost nothing.
public struct JSONLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    public var maxBytes: Int
    /// Deepest nesting of arrays and objects (`[[1]]` has depth 2). The parser
    /// is iterative, but releasing and serializing a value recurse, so the
    /// parser never goes past `hardMaxDepth` whatever this says.
    public var maxDepth: Int
    /// Longest string (keys included), in UTF-8 bytes after unescaping.
    public var maxStringBytes: Int
    /// Most elements of one array or members of one object.
    public var maxMembers: Int
    /// Longest number literal, in bytes. Real numbers are short; a megabyte of
    /// digits would only make the float conversion slow.
    public var maxNumberLength: Int

    public init(maxBytes: Int = 1_048_576, maxDepth: Int = 64, maxStringBytes: Int = 1_048_576,
                maxMembers: Int = 10_000, maxNumberLength: Int = 256) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
        self.maxMembers = maxMembers
        self.maxNumberLength = maxNumberLength
    }

    /// The ceiling on `maxDepth`: deep enough for any real document, shallow
    /// enough that recursive release/serialization stays far from any
    /// thread's stack limit.
    public static let hardMaxDepth = 512

    /// 1 MiB, depth 64, strings up to 1 MiB, 10,000 members, 256-byte numbers.
    public static let `default` = JSONLimits()
}

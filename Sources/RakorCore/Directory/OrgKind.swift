/// What kind of body an organisation is (`kesbangpol`, `kpu`, …). An open set:
/// a deployment may add kinds (e.g. `satpolpp`) without a code change, so this
/// is a checked slug with well-known constants rather than a closed enum.
public struct OrgKind: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Any lowercase slug (`[a-z0-9]+(-[a-z0-9]+)*`, at most 64 characters).
    public init?(rawValue: String) {
        guard OrgSlug.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(known: String) {
        rawValue = known
    }

    public var description: String { rawValue }

    public static func < (lhs: OrgKind, rhs: OrgKind) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Badan Kesatuan Bangsa dan Politik.
    public static let kesbangpol = OrgKind(known: "kesbangpol")
    /// Komisi Pemilihan Umum (the election commission).
    public static let kpu = OrgKind(known: "kpu")
    /// Badan Pengawas Pemilihan Umum (the election supervisory body).
    public static let bawaslu = OrgKind(known: "bawaslu")
    /// Badan Pengelolaan Keuangan dan Aset Daerah (regional finance).
    public static let bpkad = OrgKind(known: "bpkad")
    /// Biro Pemerintahan (dan Otonomi Daerah) of a provincial secretariat.
    public static let biroPemerintahan = OrgKind(known: "biro-pemerintahan")
    /// Sekretariat Daerah.
    public static let sekda = OrgKind(known: "sekda")
    /// Dewan Perwakilan Rakyat Daerah.
    public static let dprd = OrgKind(known: "dprd")
    /// Kementerian Dalam Negeri (e.g. Ditjen Politik dan Pemerintahan Umum).
    public static let kemendagri = OrgKind(known: "kemendagri")
}

/// Lowercase slugs used for organisation, integrator and kind ids: they are
/// typed in chat (`@kpu-banjar`), so they must survive phones and URLs.
enum OrgSlug {
    static let maxLength = 64

    static func isValid(_ text: String) -> Bool {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= maxLength,
              bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
        var previousDash = false
        for byte in bytes {
            let isDash = byte == UInt8(ascii: "-")
            let ok = isDash || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            guard ok, !(isDash && previousDash) else { return false }
            previousDash = isDash
        }
        return true
    }
}

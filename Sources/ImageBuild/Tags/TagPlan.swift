/// The tags an image should get from its version and commit.
///
/// A release `1.2.3` gets `1.2.3`, and `1.2`, `1` and `latest` each only when no existing release of that line is
/// higher (so back-porting `1.1.9` after `1.2.0` keeps `latest` and `1` on `1.2.0` but moves `1.1`). A
/// pre-release gets only its exact tag. Build metadata never reaches a tag. Major version zero gets no `0` tag:
/// semver §4 says anything may change at any time in `0.y.z`, so a tag promising "the newest compatible 0" would
/// mislead. The commit gives `sha-<first 7 hex digits>` (with `-dirty` when the working tree had changes; a dirty
/// tree gets no version tags, since the image is not what the version's commit holds).
public struct TagPlan: Sendable, Hashable {
    public let version: SemanticVersion?
    /// The full commit id, lowercase.
    public let revision: String?
    public let dirty: Bool
    public let tags: [Tag]

    public init(
        version: SemanticVersion?, revision: String?, dirty: Bool = false, existingTags: [String] = []
    ) throws(TagError) {
        var revisionValue: String?
        if let revision {
            let lower = revision.lowercased()
            guard (7...64).contains(lower.utf8.count), lower.utf8.allSatisfy(TagPlan.isHex) else {
                throw .invalidCommit(revision)
            }
            revisionValue = lower
        }
        guard version != nil || revisionValue != nil else { throw .nothingToTag }
        self.version = version
        self.revision = revisionValue
        self.dirty = dirty

        var names: [String] = []
        if let version, !dirty {
            names.append(version.withoutBuild)
            if !version.isPreRelease {
                let releases = existingTags.compactMap { try? SemanticVersion($0) }.filter { !$0.isPreRelease }
                let higher = { (sameLine: (SemanticVersion) -> Bool) in
                    releases.contains { sameLine($0) && version < $0 }
                }
                if !higher({ $0.major == version.major && $0.minor == version.minor }) {
                    names.append("\(version.major).\(version.minor)")
                }
                if version.major > 0, !higher({ $0.major == version.major }) {
                    names.append("\(version.major)")
                }
                if !higher({ _ in true }) { names.append("latest") }
            }
        }
        if let revisionValue {
            names.append("sha-" + revisionValue.prefix(7) + (dirty ? "-dirty" : ""))
        }
        var tags: [Tag] = []
        for name in names {
            let tag = try Tag(name)
            if !tags.contains(tag) { tags.append(tag) }
        }
        self.tags = tags
    }

    static func isHex(_ byte: UInt8) -> Bool {
        SemanticVersion.isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }
}

/// Separates an archive's path from a member's path inside it: `docs.zip!/guide/intro.md`.
package enum ArchivePath {
    package static let separator = "!/"

    /// `archive!/member` for a member of `archive`.
    static func member(_ inner: String, of archive: String) -> String { archive + separator + inner }

    /// The outermost archive and the member path inside it; nil for a plain path.
    package static func split(_ path: String) -> (archive: String, member: String)? {
        guard let range = path.range(of: separator) else { return nil }
        return (String(path[..<range.lowerBound]), String(path[range.upperBound...]))
    }
}

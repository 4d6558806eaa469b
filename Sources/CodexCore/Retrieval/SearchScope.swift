/// Which documents a search may return.
public struct SearchScope: Sendable, Equatable {
    /// Only this collection; nil searches every collection.
    public var collection: String?
    /// Only files whose path matches this glob (`*` crosses folders). A relative glob matches
    /// anywhere in the path: `operations/*.md` finds `/home/u/docs/operations/keys.md`.
    public var pathGlob: String?
    /// A user of a shared server: other users' private collections are left out (nil: none are).
    package var viewer: Int64?

    /// The collection name that stands for every collection ("all" in the web UI's picker).
    public static let everyCollection = "*"

    public init(collection: String? = nil, pathGlob: String? = nil) {
        self.collection = collection == Self.everyCollection ? nil : collection
        self.pathGlob = pathGlob
    }

    /// The glob as SQLite's GLOB operator needs it: anchored on the absolute path.
    package var absolutePathGlob: String? {
        guard let pathGlob, !pathGlob.isEmpty else { return nil }
        return pathGlob.hasPrefix("/") || pathGlob.hasPrefix("*") ? pathGlob : "*/" + pathGlob
    }

    /// Splits `path:GLOB` words out of a question, so people can type filters inline.
    public static func extractingPathFilter(from question: String) -> (question: String, pathGlob: String?) {
        var glob: String?
        let words = question.split(separator: " ", omittingEmptySubsequences: true).filter { word in
            guard word.hasPrefix("path:"), word.count > 5 else { return true }
            glob = String(word.dropFirst(5))
            return false
        }
        return (words.joined(separator: " "), glob)
    }
}

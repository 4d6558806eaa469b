import Foundation

/// `manifest.json`: what a bundle holds and the SHA-256 and size of every other file in it.
///
/// The writer puts it last in the archive, so its hashes can be computed while the other entries
/// stream out; the reader therefore stages every entry before it trusts any.
public struct BundleManifest: Sendable, Codable, Equatable {
    public static let formatName = "codex-bundle"
    public static let currentVersion = 1
    public static let path = "manifest.json"

    public var format: String
    public var formatVersion: Int
    public var appVersion: String
    public var createdAt: Date
    public var sessions: [SessionEntry]
    public var collections: [CollectionEntry]
    /// Every entry but the manifest; empty in a JSON bundle, which is a single document.
    public var files: [FileEntry]

    public struct SessionEntry: Sendable, Codable, Equatable {
        /// Lower-case UUID text, as in the store.
        public var id: String
        public var title: String?
        public var messages: Int
    }

    public struct CollectionEntry: Sendable, Codable, Equatable {
        /// The folder under `collections/` (`c1`, `c2`…), independent of the name, which may hold any character.
        public var key: String
        public var name: String
        public var embedder: String?
        public var dimension: Int?
        public var documents: Int
        public var chunks: Int
    }

    public struct FileEntry: Sendable, Codable, Equatable {
        public var path: String
        /// Lower-case hex.
        public var sha256: String
        public var size: Int64
    }

    public init(
        createdAt: Date, sessions: [SessionEntry], collections: [CollectionEntry], files: [FileEntry],
        appVersion: String = CodexVersion.current
    ) {
        format = Self.formatName
        formatVersion = Self.currentVersion
        self.appVersion = appVersion
        self.createdAt = createdAt
        self.sessions = sessions
        self.collections = collections
        self.files = files
    }
}

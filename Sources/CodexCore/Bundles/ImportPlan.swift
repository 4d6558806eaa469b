import Foundation

/// What an import will do, worked out without writing: which sessions are added, skipped,
/// replaced or re-keyed, and which collections are added, merged or renamed. `--dry-run` prints it;
/// the import applies exactly it.
public struct ImportPlan: Sendable, Codable, Equatable {
    /// What to do when a session of the bundle already exists here.
    public enum ClashPolicy: String, Sendable, Codable, CaseIterable {
        /// Keep the local session, leave the imported one out (the default).
        case skip
        /// Delete the local session and its messages, import the bundle's.
        case replace
        /// Import every session of the bundle under a new id, beside the local ones.
        case asNew = "as-new"
    }

    public struct SessionChange: Sendable, Codable, Equatable {
        public enum Action: String, Sendable, Codable { case add, skip, replace, rekey }
        public var id: String
        /// The id it has here after the import (differs from `id` when re-keyed).
        public var importedAs: String
        public var title: String?
        public var messages: Int
        public var action: Action
    }

    public struct CollectionChange: Sendable, Codable, Equatable {
        public enum Action: String, Sendable, Codable {
            /// No local collection has this name.
            case add
            /// A local collection has this name and the same embedder: documents it lacks are added to it.
            case merge
            /// A local collection has this name but another embedder: imported under a new name.
            case rename
        }
        public var name: String
        public var importedAs: String
        public var embedder: String?
        public var documents: Int
        public var chunks: Int
        public var action: Action
    }

    public var sessions: [SessionChange]
    public var collections: [CollectionChange]
    /// Sentences for people: why something was skipped or renamed.
    public var notes: [String]

    /// What is already in the store, as far as the plan needs to know.
    public struct LocalState: Sendable, Equatable {
        public var sessionIds: Set<String>
        /// Embedder and dimension of each local collection, by name.
        public var collections: [String: EmbedderIdentity?]

        public init(sessionIds: Set<String>, collections: [String: EmbedderIdentity?]) {
            self.sessionIds = sessionIds
            self.collections = collections
        }
    }

    /// The plan for importing `manifest` into a store in `local` state. Pure: `newId` makes the
    /// ids of re-keyed sessions, so tests can fix them.
    public static func make(
        for manifest: BundleManifest, into local: LocalState, policy: ClashPolicy,
        newId: () -> UUID = UUID.init
    ) -> ImportPlan {
        var notes: [String] = []
        let sessions = manifest.sessions.map { entry -> SessionChange in
            let exists = local.sessionIds.contains(entry.id)
            var change = SessionChange(
                id: entry.id, importedAs: entry.id, title: entry.title, messages: entry.messages, action: .add)
            switch (policy, exists) {
            case (.asNew, _):
                change.action = .rekey
                change.importedAs = newId().lowercasedString
            case (.skip, true):
                change.action = .skip
                notes.append("session \(entry.id.prefix(8)) already exists here; skipped (use --replace or --as-new)")
            case (.replace, true):
                change.action = .replace
            case (_, false):
                break
            }
            return change
        }
        var taken = Set(local.collections.keys).union(manifest.collections.map(\.name))
        let collections = manifest.collections.map { entry -> CollectionChange in
            var change = CollectionChange(
                name: entry.name, importedAs: entry.name, embedder: entry.embedder, documents: entry.documents,
                chunks: entry.chunks, action: .add)
            guard let localIdentity = local.collections[entry.name] else { return change }
            let identity = entry.embedder.map { EmbedderIdentity(name: $0, dimension: entry.dimension ?? 0) }
            if localIdentity == identity {
                change.action = .merge
                return change
            }
            change.action = .rename
            change.importedAs = uniqueName(for: entry.name, avoiding: taken)
            taken.insert(change.importedAs)
            notes.append(
                "collection \"\(entry.name)\" arrives with embedder \(entry.embedder ?? "none") but the local one uses "
                    + "\(localIdentity?.name ?? "none"); imported as \"\(change.importedAs)\"")
            return change
        }
        return ImportPlan(sessions: sessions, collections: collections, notes: notes)
    }

    /// `NAME-imported`, then `NAME-imported-2`… (bounded: the store cannot hold that many names).
    static func uniqueName(for name: String, avoiding taken: Set<String>) -> String {
        let base = name + "-imported"
        if !taken.contains(base) { return base }
        for number in 2...100_000 where !taken.contains("\(base)-\(number)") { return "\(base)-\(number)" }
        return base + "-" + UUID().lowercasedString
    }
}

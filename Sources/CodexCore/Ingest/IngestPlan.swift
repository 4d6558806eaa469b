/// What the store remembers about one ingested file.
public struct StoredDocumentFacts: Sendable, Equatable {
    public var documentId: Int64
    public var facts: FileFacts
    public var sha256: String
    /// The `Chunker.version` that cut the stored chunks.
    public var chunking: Int

    public init(documentId: Int64, facts: FileFacts, sha256: String, chunking: Int = Chunker.version) {
        self.documentId = documentId
        self.facts = facts
        self.sha256 = sha256
        self.chunking = chunking
    }

    /// `stored` without the `archive!/…` members of the archives in `archives`: members come and
    /// go with their archive, and the ingest plan compares files on disk only. Every store's
    /// `storedDocuments` ends with this.
    package static func leavingOutMembers(of archives: Set<String>, from stored: [String: StoredDocumentFacts])
        -> [String: StoredDocumentFacts]
    {
        stored.filter { path, _ in
            guard let (archive, _) = ArchivePath.split(path) else { return true }
            return !archives.contains(archive)
        }
    }

    /// Chunked by an older chunker: re-chunk even though the file did not change.
    var needsRechunking: Bool { chunking < Chunker.version }
}

/// What a re-ingest will do, worked out without touching the database or reading file contents.
///
/// A file whose size and modification time match the store is unchanged. One whose size or
/// time differ is only *rechecked*: the runner hashes it, and re-chunks it only when the hash
/// differs (a `touch` costs one hash, not a re-index). Stored documents with no file left are removed.
public struct IngestPlan: Equatable, Sendable {
    /// Files the store has never seen.
    public var add: [FileFacts] = []
    /// Files whose size or time changed, with what the store has; their hash decides.
    public var recheck: [Recheck] = []
    /// Stored documents whose file is gone (or is now excluded).
    public var remove: [StoredDocumentFacts] = []
    public var unchanged = 0

    public struct Recheck: Equatable, Sendable {
        public var onDisk: FileFacts
        public var stored: StoredDocumentFacts
    }

    public init(add: [FileFacts] = [], recheck: [Recheck] = [], remove: [StoredDocumentFacts] = [], unchanged: Int = 0)
    {
        self.add = add
        self.recheck = recheck
        self.remove = remove
        self.unchanged = unchanged
    }

    /// Compares the files found on disk with the documents stored for the same roots.
    ///
    /// - Parameter force: recheck every stored file even when size and time match.
    public static func make(onDisk: [FileFacts], stored: [String: StoredDocumentFacts], force: Bool = false)
        -> IngestPlan
    {
        var plan = IngestPlan()
        var seen = Set<String>()
        seen.reserveCapacity(onDisk.count)
        for facts in onDisk {
            guard seen.insert(facts.path).inserted else { continue }
            guard let known = stored[facts.path] else {
                plan.add.append(facts)
                continue
            }
            if !force && !known.needsRechunking && known.facts.size == facts.size && known.facts.mtimeNs == facts.mtimeNs {
                plan.unchanged += 1
            } else {
                plan.recheck.append(Recheck(onDisk: facts, stored: known))
            }
        }
        plan.remove = stored.values.filter { !seen.contains($0.facts.path) }.sorted { $0.facts.path < $1.facts.path }
        return plan
    }

    /// Files that will be read, and their bytes: what the progress bar counts.
    public var filesToRead: Int { add.count + recheck.count }
    public var bytesToRead: Int64 { add.reduce(0) { $0 + $1.size } + recheck.reduce(0) { $0 + $1.onDisk.size } }
}

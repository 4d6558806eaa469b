import Foundation

extension BundleReader {
    /// Reads every record once, before any write, checking what the schema alone would not:
    /// each message belongs to its session and comes in order, chunks point at documents of their
    /// collection, vectors have the collection's dimension, and the counts match the manifest.
    func validateRecords(of bundle: VerifiedBundle, progress: (BundleProgress) -> Void) throws {
        let knownSessions = Set(bundle.manifest.sessions.map(\.id))
        let collectionNames = bundle.manifest.collections.map(\.name)
        guard Set(collectionNames).count == collectionNames.count else {
            throw CodexError.invalidBundle("two collections share a name")
        }
        for staged in bundle.sessions {
            let id = staged.session.id
            var count = 0
            var lastSeq = 0
            try staged.messages.forEach(limits: limits) { message in
                guard knownSessions.contains(message.sessionId) else {
                    throw CodexError.invalidBundle(
                        "a message refers to session \(message.sessionId), which the bundle does not hold")
                }
                guard message.sessionId == id else {
                    throw CodexError.invalidBundle("a message of session \(message.sessionId) is filed under \(id)")
                }
                guard message.seq > lastSeq else {
                    throw CodexError.invalidBundle("the messages of session \(id) are out of order or repeated")
                }
                lastSeq = message.seq
                count += 1
            }
            guard count == staged.messageCount else {
                throw CodexError.invalidBundle(
                    "session \(id) has \(count) messages but the manifest says \(staged.messageCount)")
            }
        }
        for staged in bundle.collections {
            try validate(staged)
        }
    }

    private func validate(_ staged: VerifiedBundle.StagedCollection) throws {
        let name = staged.entry.name
        guard staged.collection.name == name, staged.collection.embedder == staged.entry.embedder,
            staged.collection.dimension == staged.entry.dimension, !name.isEmpty,
            (staged.collection.embeddingMs ?? 0) >= 0
        else { throw CodexError.invalidBundle("collection \"\(name)\" does not match its manifest entry") }
        var paths = Set<String>()
        try staged.documents.forEach(limits: limits) { document in
            guard document.index == paths.count, !document.path.isEmpty, paths.insert(document.path).inserted else {
                throw CodexError.invalidBundle("the documents of collection \"\(name)\" are repeated or out of order")
            }
        }
        guard paths.count == staged.entry.documents else {
            throw CodexError.invalidBundle("collection \"\(name)\" does not hold the documents its manifest lists")
        }
        var ordinals = Set<[Int]>()
        try staged.chunks.forEach(limits: limits) { chunk in
            guard (0..<paths.count).contains(chunk.document),
                ordinals.insert([chunk.document, chunk.ordinal]).inserted,
                chunk.startLine >= 1, chunk.endLine >= chunk.startLine
            else { throw CodexError.invalidBundle("a chunk of collection \"\(name)\" is malformed or repeated") }
            if let vector = chunk.vector {
                guard staged.collection.embedder != nil, vector.codes.count == staged.collection.dimension,
                    vector.scale.isFinite, vector.scale >= 0
                else {
                    throw CodexError.invalidBundle("a vector of collection \"\(name)\" does not fit its embedder")
                }
            }
        }
        guard ordinals.count == staged.entry.chunks else {
            throw CodexError.invalidBundle("collection \"\(name)\" does not hold the chunks its manifest lists")
        }
    }
}

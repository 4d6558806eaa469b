import Foundation
import GRDB

@testable import CodexCore
@testable import CodexSQLite

/// Builds small stores directly from records, so retrieval tests do not depend on ingest.
enum StoreFixture {
    struct Doc {
        var path: String
        /// Chunks as (first line, text); each chunk's last line follows from its line count.
        var chunks: [(startLine: Int, heading: String, text: String)]
        var collection = CollectionRecord.defaultName
    }

    static func database(_ documents: [Doc], at path: String? = nil) throws -> CodexDatabase {
        let database = try path.map(CodexDatabase.open(at:)) ?? CodexDatabase.inMemory()
        try database.writeSync { db in
            for doc in documents {
                let collection = try CollectionRecord.findOrCreate(named: doc.collection, in: db)
                var document = DocumentRecord(
                    collectionId: collection.id!, path: doc.path, sha256: "", size: 0, mtimeNs: 0, kind: "markdown",
                    chunkCount: doc.chunks.count)
                try document.insert(db)
                for (ordinal, chunk) in doc.chunks.enumerated() {
                    let lineCount = chunk.text.split(separator: "\n", omittingEmptySubsequences: false).count
                    var record = ChunkRecord(
                        documentId: document.id!, ordinal: ordinal, startLine: chunk.startLine,
                        endLine: chunk.startLine + lineCount - 1, heading: chunk.heading, text: chunk.text,
                        tokenCount: chunk.text.split(separator: " ").count)
                    try record.insert(db)
                }
            }
        }
        return database
    }

    /// A few documents about a fictional service, used across retrieval tests.
    static let handbook: [Doc] = [
        Doc(
            path: "/docs/security.md",
            chunks: [
                (1, "Security", "# Security\n\nAll traffic is encrypted with TLS 1.3."),
                (5, "Security > Key rotation",
                 "## Key rotation\n\nRotate the signing key every 90 days with `vault rotate signing`.\nThe old key stays valid for 24 hours so clients can refresh."),
            ]),
        Doc(
            path: "/docs/install.md",
            chunks: [
                (1, "Install", "# Install\n\nRun `make install` as root. It copies the binary to /usr/local/bin."),
                (6, "Install > Upgrading", "## Upgrading\n\nStop the service, install the new package, then start it again."),
            ]),
        Doc(
            path: "/docs/backup.rst", chunks: [(1, "Backups", "Backups\n=======\n\nNightly backups are kept for 30 days.")],
            collection: "ops"),
    ]
}

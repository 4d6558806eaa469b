import Testing

@testable import CodexCore
@testable import CodexSQLite

/// The re-ingest plan on its own: which files are read again, decided from sizes and times alone.
struct IngestPlanTests {
    static func file(_ name: String, size: Int64 = 100, mtime: Int64 = 1_000) -> FileFacts {
        FileFacts(path: "/docs/" + name, size: size, mtimeNs: mtime)
    }

    static func stored(_ facts: FileFacts, id: Int64, chunking: Int = Chunker.version) -> StoredDocumentFacts {
        StoredDocumentFacts(documentId: id, facts: facts, sha256: "hash-\(id)", chunking: chunking)
    }

    @Test func sortsFilesIntoNewChangedGoneAndUnchanged() {
        let same = Self.file("same.md"), grown = Self.file("grown.md"), touched = Self.file("touched.md")
        let stored = [
            same.path: Self.stored(same, id: 1),
            grown.path: Self.stored(grown, id: 2),
            touched.path: Self.stored(touched, id: 3),
            "/docs/gone.md": Self.stored(Self.file("gone.md"), id: 4),
        ]
        let onDisk = [same, Self.file("grown.md", size: 180), Self.file("touched.md", mtime: 2_000), Self.file("new.md")]

        let plan = IngestPlan.make(onDisk: onDisk, stored: stored)

        #expect(plan.add == [Self.file("new.md")])
        #expect(plan.recheck.map(\.stored.documentId) == [2, 3])
        #expect(plan.remove.map(\.documentId) == [4])
        #expect(plan.unchanged == 1)
        #expect(plan.filesToRead == 3)
        #expect(plan.bytesToRead == 100 + 180 + 100)
    }

    @Test func forceAndAnOlderChunkerRecheckUnchangedFiles() {
        let a = Self.file("a.md"), b = Self.file("b.md")
        let current = [a.path: Self.stored(a, id: 1), b.path: Self.stored(b, id: 2)]
        #expect(IngestPlan.make(onDisk: [a, b], stored: current).unchanged == 2)
        #expect(IngestPlan.make(onDisk: [a, b], stored: current, force: true).recheck.count == 2)

        let older = [a.path: Self.stored(a, id: 1, chunking: Chunker.version - 1), b.path: Self.stored(b, id: 2)]
        let plan = IngestPlan.make(onDisk: [a, b], stored: older)
        #expect(plan.recheck.map(\.stored.documentId) == [1])
        #expect(plan.unchanged == 1)
    }

    @Test func aPathFoundTwiceIsPlannedOnce() {
        let a = Self.file("a.md")
        let plan = IngestPlan.make(onDisk: [a, a], stored: [:])
        #expect(plan.add == [a])
        #expect(plan.remove.isEmpty)
    }
}

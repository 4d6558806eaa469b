import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// Archives and compressed files, written by libarchive in each test, ingested member by member.
struct ArchiveIngestTests {
    private static let guide = """
        # Rotating the signing key

        Run `lighthouse-admin key rotate release-signing` to make a new key.

        ## Grace period

        The old key keeps verifying for seven days.
        """

    @Test(arguments: ArchiveBuilder.Format.allCases)
    func everyArchiveFormatIsIngestedMemberByMemberWithCitationsIntoTheMember(format: ArchiveBuilder.Format)
        async throws
    {
        // Given an archive holding a Markdown guide and a text note, beside a plain file
        let dir = try TemporaryDirectory()
        let archive = dir.path + "/docs/manuals." + format.rawValue
        try FileManager.default.createDirectory(atPath: dir.path + "/docs", withIntermediateDirectories: true)
        try ArchiveBuilder.write(
            [.text("guide/keys.md", Self.guide), .text("notes/todo.txt", "Renew the zanzibarium licence.\n")],
            format: format, to: archive)
        try dir.write("docs/plain.md", "# Plain\n\nA plain file about quokkas.\n")
        let database = try CodexDatabase.inMemory()

        // When the folder is ingested
        let summary = try await IngestHarness.ingest([dir.path + "/docs"], into: database)

        // Then each member is a document `archive!/member`, and search finds its words there
        #expect(summary.skippedCount == 0, "\(summary.skipped)")
        #expect(summary.added == 3)
        let member = archive + "!/guide/keys.md"
        #expect(try IngestHarness.search("lighthouse", in: database) == [member])
        #expect(try IngestHarness.search("zanzibarium", in: database) == [archive + "!/notes/todo.txt"])
        // And a chunk's lines are the member's own lines
        let chunks = try IngestHarness.chunks(of: member, in: database)
        let rotate = try #require(chunks.first { $0.text.contains("rotate release-signing") })
        #expect(
            IngestHarness.lines(Self.guide, rotate.startLine, rotate.endLine).contains("key rotate release-signing"))
        try StoreConsistency.expectConsistent(database)
    }

    @Test(arguments: ArchiveBuilder.Compression.allCases)
    func aCompressedFileIsIndexedAsTheFileItHolds(compression: ArchiveBuilder.Compression) async throws {
        // Given notes.md compressed with each filter
        let dir = try TemporaryDirectory()
        let path = dir.path + "/notes.md." + compression.rawValue
        try ArchiveBuilder.compress(Array(Self.guide.utf8), with: compression, to: path)

        // When ingested
        let database = try CodexDatabase.inMemory()
        let summary = try await IngestHarness.ingest([dir.path], into: database)

        // Then the compressed file is one Markdown document, cited by its own name and the decompressed lines
        #expect(summary.added == 1 && summary.skippedCount == 0, "\(summary.skipped)")
        #expect(try IngestHarness.search("lighthouse", in: database) == [path])
        let kind = try database.readSync { db in try String.fetchOne(db, sql: "SELECT kind FROM document") }
        #expect(kind == "markdown")
        let chunk = try #require(
            try IngestHarness.chunks(of: path, in: database).first { $0.text.contains("seven days") })
        #expect(IngestHarness.lines(Self.guide, chunk.startLine, chunk.endLine).contains("seven days"))
        #expect(chunk.heading.contains("Grace period"))
    }

    @Test func aCompressedManPageIsRenderedToTextWithItsSourceLineNumbers() async throws {
        // Given a man page as Debian installs it
        let dir = try TemporaryDirectory()
        let page = """
            .\\" Copyright line, a comment
            .TH FROBNICATE 1 "2026" "frob 1.0"
            .SH NAME
            frobnicate \\- twiddle the \\fBquux\\fR register
            .SH OPTIONS
            .TP
            .B \\-\\-force
            Overwrite the register even when it is locked\\(emuse with care.
            .BR frob (8)
            """
        let path = dir.path + "/frobnicate.1.gz"
        try ArchiveBuilder.compress(Array(page.utf8), with: .gz, to: path)

        // When ingested
        let database = try CodexDatabase.inMemory()
        _ = try await IngestHarness.ingest([dir.path], into: database)

        // Then its words are searchable without roff markup, on the page source's line numbers
        let chunks = try IngestHarness.chunks(of: path, in: database)
        let text = chunks.map(\.text).joined(separator: "\n")
        #expect(text.contains("frobnicate - twiddle the quux register"))
        #expect(text.contains("--force"))
        #expect(text.contains("locked—use with care"))
        #expect(text.contains("frob(8)"))
        #expect(!text.contains("\\f") && !text.contains(".TH") && !text.contains("Copyright"))
        let locked = try #require(chunks.first { $0.text.contains("locked") })
        #expect((locked.startLine...locked.endLine).contains(8))
        #expect(locked.heading.contains("OPTIONS"))
        #expect(try IngestHarness.search("quux", in: database) == [path])
    }

    @Test func hostileArchivesAreSkippedWithAReasonWhileTheRestOfTheFolderIsIndexed() async throws {
        // Given a folder with a zip bomb, a path-escaping member, a symlink member, a truncated
        // archive, an encrypted zip and a binary member, beside good files
        let dir = try TemporaryDirectory()
        try dir.write("good.md", "# Good\n\nThe wombat file.\n")
        try ArchiveBuilder.write(
            (0..<12).map { .zeros("bomb/part\($0).txt", count: 20 << 20) } + [.text("bomb/late.md", "never read\n")],
            format: .zip, to: dir.path + "/bomb.zip")
        try ArchiveBuilder.write(
            [
                .text("../../escape.md", "escaped numbat\n"), .text("/etc/absolute.md", "absolute numbat\n"),
                .text("inside.md", "the bilby stays inside\n"),
            ],
            format: .tar, to: dir.path + "/escape.tar")
        try ArchiveBuilder.write(
            [.symlink("link.md", target: "/etc/passwd"), .text("real.md", "the dingo is real\n")],
            format: .tarGz, to: dir.path + "/links.tar.gz")
        try ArchiveBuilder.write(
            (0..<20).map { .text("part\($0).md", String(repeating: "echidna \($0) lorem ipsum dolor. ", count: 400)) },
            format: .tarGz, to: dir.path + "/whole.tar.gz")
        let whole = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/whole.tar.gz"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: dir.path + "/truncated.tar.gz"))
        try FileManager.default.removeItem(atPath: dir.path + "/whole.tar.gz")
        try ArchiveBuilder.write(
            [.text("secret.md", "the platypus code\n")], format: .zip, to: dir.path + "/locked.zip", passphrase: "pw")
        try ArchiveBuilder.write(
            [.file("image.png", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]), .text("caption.md", "a photo of a kiwi\n")],
            format: .zip, to: dir.path + "/photos.zip")

        // When the folder is ingested
        let database = try CodexDatabase.inMemory()
        let summary = try await IngestHarness.ingest([dir.path], into: database)

        // Then every good file and member is indexed
        #expect(try IngestHarness.search("wombat", in: database) == [dir.path + "/good.md"])
        #expect(try IngestHarness.search("bilby", in: database) == [dir.path + "/escape.tar!/inside.md"])
        #expect(try IngestHarness.search("dingo", in: database) == [dir.path + "/links.tar.gz!/real.md"])
        #expect(try IngestHarness.search("kiwi", in: database) == [dir.path + "/photos.zip!/caption.md"])
        // And each hostile thing is skipped with a reason a person can act on
        func detail(_ path: String) -> String? {
            summary.skipped.values.flatMap(\.files).first { $0.path == dir.path + "/" + path }?.detail
        }
        #expect(detail("bomb.zip")?.contains("decompression bomb") == true, "\(summary.skipped)")
        #expect(summary.skipped["unsafe"]?.files.contains { $0.path == dir.path + "/bomb.zip" } == true)
        #expect(detail("escape.tar!/../../escape.md")?.contains("escapes the archive") == true)
        #expect(detail("escape.tar!//etc/absolute.md")?.contains("escapes the archive") == true)
        #expect(detail("links.tar.gz!/link.md")?.contains("links are not followed") == true)
        #expect(detail("truncated.tar.gz")?.contains("truncated or corrupt") == true)
        #expect(detail("locked.zip!/secret.md")?.contains("encrypted") == true)
        #expect(detail("photos.zip!/image.png")?.contains("NUL") == true)
        // And nothing escaped, linked or bombed reached the index
        #expect(try IngestHarness.search("numbat OR platypus OR echidna OR never", in: database).isEmpty)
        #expect(
            try IngestHarness.documentPaths(in: database).allSatisfy { !$0.contains("..") && !$0.contains("bomb.zip") })
        try StoreConsistency.expectConsistent(database)
    }

    @Test func aMemberOverTheSizeCapIsSkippedAndItsSiblingsAreRead() async throws {
        // Given a zip with one member larger than --max-file-size
        let dir = try TemporaryDirectory()
        let big = String(repeating: "capybara grazing by the river, line after line. ", count: 30_000)
        try ArchiveBuilder.write(
            [.text("big.txt", big), .text("small.md", "the tapir is small\n")], format: .zip, to: dir.path + "/a.zip")

        // When ingested with a 1 MiB limit
        let database = try CodexDatabase.inMemory()
        let summary = try await IngestHarness.ingest(
            [dir.path], into: database, options: IngestOptions(maxFileSize: 1 << 20))

        // Then the big member is skipped as too large, the small one indexed
        #expect(summary.skipped["too_large"]?.files.map(\.path) == [dir.path + "/a.zip!/big.txt"])
        #expect(summary.skipped["too_large"]?.files.first?.detail.contains("archive member over") == true)
        #expect(try IngestHarness.search("tapir", in: database) == [dir.path + "/a.zip!/small.md"])
    }

    @Test func nestedArchivesAreReadOneLevelDeep() async throws {
        // Given a zip holding a tar.gz (holding a zip) and a gzip-compressed note
        let dir = try TemporaryDirectory()
        let innermost = try ArchiveBuilder.bytes([.text("deep.md", "the aardvark is too deep\n")], format: .zip)
        let inner = try ArchiveBuilder.bytes(
            [.text("inner.md", "the pangolin lives inside\n"), .file("deeper.zip", innermost)], format: .tarGz)
        let gzDir = try TemporaryDirectory()
        try ArchiveBuilder.compress(Array("the okapi note\n".utf8), with: .gz, to: gzDir.path + "/n.md.gz")
        let gz = Array(try Data(contentsOf: URL(fileURLWithPath: gzDir.path + "/n.md.gz")))
        try ArchiveBuilder.write(
            [.file("old/inner.tar.gz", inner), .file("n.md.gz", gz)], format: .zip, to: dir.path + "/outer.zip")

        // When ingested
        let database = try CodexDatabase.inMemory()
        let summary = try await IngestHarness.ingest([dir.path], into: database)

        // Then the first level is read, the second is skipped with a reason
        let outer = dir.path + "/outer.zip"
        #expect(try IngestHarness.search("pangolin", in: database) == [outer + "!/old/inner.tar.gz!/inner.md"])
        #expect(try IngestHarness.search("okapi", in: database) == [outer + "!/n.md.gz"])
        #expect(try IngestHarness.search("aardvark", in: database).isEmpty)
        let skipped = summary.skipped.values.flatMap(\.files)
        #expect(
            skipped.contains { $0.path == outer + "!/old/inner.tar.gz!/deeper.zip" && $0.detail.contains("nested") })
    }

    @Test func anArchiveChangesAsAWhole() async throws {
        // Given an ingested archive with two members
        let dir = try TemporaryDirectory()
        let archive = dir.path + "/kb.zip"
        try ArchiveBuilder.write(
            [.text("a.md", "alpha lemur\n"), .text("b.md", "beta lemur\n")], format: .zip, to: archive)
        let database = try CodexDatabase.inMemory()
        _ = try await IngestHarness.ingest([dir.path], into: database)
        #expect(try IngestHarness.documentPaths(in: database) == [archive, archive + "!/a.md", archive + "!/b.md"])

        // When nothing changed, a re-ingest leaves it alone
        let again = try await IngestHarness.ingest([dir.path], into: database)
        #expect(again.unchanged == 1 && again.added == 0 && again.removed == 0)

        // When the archive is rewritten with b.md gone and c.md new
        try ArchiveBuilder.write(
            [.text("a.md", "alpha lemur changed\n"), .text("c.md", "gamma lemur\n")], format: .zip, to: archive)
        let changed = try await IngestHarness.ingest([dir.path], into: database)

        // Then its members are replaced whole
        #expect(changed.updated == 2)
        #expect(try IngestHarness.documentPaths(in: database) == [archive, archive + "!/a.md", archive + "!/c.md"])
        #expect(try IngestHarness.search("beta", in: database).isEmpty)
        #expect(try IngestHarness.search("gamma", in: database) == [archive + "!/c.md"])

        // When the archive is deleted, its members go with it
        try FileManager.default.removeItem(atPath: archive)
        let removed = try await IngestHarness.ingest([dir.path], into: database)
        #expect(removed.removed == 1)
        #expect(try IngestHarness.documentPaths(in: database).isEmpty)
        try StoreConsistency.expectConsistent(database)
    }

    @Test func withoutPackedReadingArchivesAreBinaryAsBefore() async throws {
        let dir = try TemporaryDirectory()
        try ArchiveBuilder.compress(Array("the quoll\n".utf8), with: .gz, to: dir.path + "/q.md.gz")
        let database = try CodexDatabase.inMemory()
        let summary = try await IngestHarness.ingest(
            [dir.path], into: database, options: IngestOptions(readsPacked: false))
        #expect(summary.skipped["binary"]?.count == 1)
    }

    @Test func readFileReadsAnArchiveMemberAndACompressedFileAsCited() async throws {
        // Given a zip member and a compressed file inside the allowed folder
        let dir = try TemporaryDirectory()
        try ArchiveBuilder.write([.text("guide/keys.md", Self.guide)], format: .zip, to: dir.path + "/docs.zip")
        try ArchiveBuilder.compress(Array(Self.guide.utf8), with: .xz, to: dir.path + "/keys.md.xz")
        let registry = ToolRegistry(
            tools: ToolRegistry.builtins,
            context: ToolContext(roots: AllowedRoots([dir.path], workingDirectory: dir.path)))

        // When read_file is asked for lines 3-3 of each, as a citation names them
        let member = await registry.run(
            ToolCall(name: "read_file", arguments: #"{"path":"docs.zip!/guide/keys.md","start_line":3,"end_line":3}"#))
        let compressed = await registry.run(
            ToolCall(name: "read_file", arguments: #"{"path":"keys.md.xz","start_line":7,"end_line":7}"#))
        let missing = await registry.run(ToolCall(name: "read_file", arguments: #"{"path":"docs.zip!/nope.md"}"#))
        let outside = await registry.run(ToolCall(name: "read_file", arguments: #"{"path":"/etc/x.zip!/a.md"}"#))

        // Then they return those lines of the decompressed text
        #expect(member.output.text == "Run `lighthouse-admin key rotate release-signing` to make a new key.")
        #expect(member.output.data?["path"] == "docs.zip!/guide/keys.md")
        #expect(compressed.output.text == "The old key keeps verifying for seven days.")
        #expect(missing.isError && missing.output.text.contains("no member"))
        #expect(outside.isError)
    }
}

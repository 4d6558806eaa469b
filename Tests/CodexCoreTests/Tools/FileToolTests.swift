import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct FileToolTests {
    /// A working directory with a file, a subfolder, and a secret folder beside it (outside the roots).
    struct Fixture {
        let dir: TemporaryDirectory
        let work: String
        let registry: ToolRegistry

        init() throws {
            dir = try TemporaryDirectory()
            try dir.write("work/notes.txt", "line one\nline two\nline three\n")
            try dir.write("work/src/main.swift", "let answer = 42\nprint(answer)\n")
            try dir.write("secret/passwords.txt", "hunter2\n")
            work = dir.path + "/work"
            try FileManager.default.createSymbolicLink(
                atPath: work + "/escape", withDestinationPath: dir.path + "/secret")
            try FileManager.default.createSymbolicLink(
                atPath: work + "/leak.txt", withDestinationPath: dir.path + "/secret/passwords.txt")
            registry = ToolRegistry(
                tools: ToolRegistry.builtins,
                context: ToolContext(roots: AllowedRoots([work], workingDirectory: work), workingDirectory: work))
        }

        func run(_ name: String, _ arguments: JSONValue) async -> ToolResult {
            await registry.run(ToolCall(name: name, arguments: arguments.jsonString))
        }
    }

    @Test func readFileReadsInsideTheRootsWithLineRanges() async throws {
        let fixture = try Fixture()
        let whole = await fixture.run("read_file", ["path": "notes.txt"])
        let range = await fixture.run("read_file", ["path": "notes.txt", "start_line": 2, "end_line": 3])
        #expect(!whole.isError)
        #expect(whole.output.text == "line one\nline two\nline three")
        #expect(range.output.text == "line two\nline three")
    }

    @Test(arguments: [
        "../secret/passwords.txt", "escape/passwords.txt", "leak.txt", "/etc/passwd", "src/../../secret/passwords.txt",
    ])
    func escapesFromTheRootsAreRefused(_ path: String) async throws {
        // Given a path leaving the working directory by `..`, a symlinked folder or file, or an absolute path
        let fixture = try Fixture()

        // When the model asks to read it
        let result = await fixture.run("read_file", ["path": .string(path)])

        // Then it is refused without revealing the content
        #expect(result.isError)
        #expect(result.output.text.contains("outside the allowed folders"))
        #expect(!result.output.text.contains("hunter2"))
    }

    @Test func listAndGrepStayInsideTheRoots() async throws {
        let fixture = try Fixture()
        let listing = await fixture.run("list_files", ["recursive": true])
        let outside = await fixture.run("list_files", ["path": ".."])
        let grep = await fixture.run("grep_files", ["pattern": "answer|hunter"])
        let badPattern = await fixture.run("grep_files", ["pattern": "(unclosed"])

        #expect(listing.output.text.contains("notes.txt"))
        #expect(listing.output.text.contains("src/main.swift"))
        #expect(!listing.output.text.contains("passwords"))
        #expect(outside.isError && outside.output.text.contains("outside the allowed folders"))
        #expect(grep.output.text.contains("src/main.swift:1: let answer = 42"))
        #expect(grep.output.text.contains("src/main.swift:2: print(answer)"))
        #expect(!grep.output.text.contains("hunter2"))
        #expect(badPattern.isError && badPattern.output.text.contains("not a valid regular expression"))
    }

    @Test func grepStopsAtItsMatchCap() async throws {
        let fixture = try Fixture()
        let capped = await fixture.run("grep_files", ["pattern": "line", "max_matches": 2])
        #expect(capped.output.text.split(separator: "\n").filter { $0.contains("notes.txt:") }.count == 2)
        #expect(capped.output.text.contains("stopped at 2 matches"))
    }

    @Test func aLargeFileNeedsALineRange() async throws {
        let fixture = try Fixture()
        var context = fixture.registry.context
        context.limits.maxReadBytes = 10
        let registry = ToolRegistry(tools: ToolRegistry.builtins, context: context)
        let result = await registry.run(ToolCall(name: "read_file", arguments: #"{"path":"notes.txt"}"#))
        #expect(result.isError && result.output.text.contains("line range"))
    }

    @Test func theIngestedFoldersAreAllowedByDefault() async throws {
        // Given documents ingested from two folders, and a third folder never ingested
        let dir = try TemporaryDirectory()
        let first = try dir.write("a/x/one.md", "one\n")
        let second = try dir.write("a/y/two.md", "two\n")
        let third = try dir.write("b/three.md", "three\n")
        try dir.write("c/secret.md", "secret\n")
        try dir.write("work/.keep", "")
        let database = try StoreFixture.database([
            .init(path: first, chunks: [(1, "", "one")]), .init(path: second, chunks: [(1, "", "two")]),
            .init(path: third, chunks: [(1, "", "three")], collection: "ops"),
        ])

        // When the default roots are computed from the store and the working directory
        let roots = try await AllowedRoots.defaults(store: database.store, workingDirectory: dir.path + "/work")

        // Then both ingested folders and the working directory are readable, the other folder is not
        #expect(try roots.resolve(first).hasSuffix("/a/x/one.md"))
        #expect(try roots.resolve("../a/y/two.md").hasSuffix("/a/y/two.md"))
        #expect(try roots.resolve("../b/three.md").hasSuffix("/b/three.md"))
        #expect(throws: CodexError.self) { try roots.resolve("../c/secret.md") }
    }

    @Test func searchDocsAnswersPassagesWithCitations() async throws {
        let database = try StoreFixture.database(StoreFixture.handbook)
        let context = ToolContext(roots: AllowedRoots([]), search: DocumentSearch(store: database.store))
        let (registry, _) = await ToolRegistry.standard(context: context, pluginsDirectory: nil)
        let result = await registry.run(
            ToolCall(name: "search_docs", arguments: #"{"query":"rotate the signing key"}"#))
        #expect(!result.isError)
        #expect(result.output.text.hasPrefix("[1] /docs/security.md:5-8"))
        #expect(result.output.data?[0]?["citation"] == "/docs/security.md:5-8")
    }
}

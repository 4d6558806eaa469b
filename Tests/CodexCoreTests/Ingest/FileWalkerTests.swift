import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct FileWalkerTests {
    private func relativePaths(_ result: FileWalker.Result, in dir: TemporaryDirectory) -> [String] {
        let root = FileFacts.standardize(dir.path)
        return result.files.map { String($0.path.dropFirst(root.count + 1)) }.sorted()
    }

    @Test func gitignoreSemanticsAcrossNestedFiles() throws {
        // Given a tree with a root .gitignore and a nested one using every kind of pattern
        let dir = try TemporaryDirectory()
        try dir.write(
            ".gitignore",
            """
            # comments and blank lines are ignored

            *.log
            !keep.log
            build/
            /top-only.txt
            docs/**/draft.md
            **/cache
            \\#literal.md
            trailing.txt   
            """)
        for file in [
            "a.md", "app.log", "keep.log", "build/out.md", "src/build/x.md", "top-only.txt", "src/top-only.txt",
            "docs/draft.md", "docs/a/b/draft.md", "docs/final.md", "deep/x/cache/c.md", "#literal.md", "trailing.txt",
            "src/.gitignore", "src/secret.md", "src/public.md", "src/inner/secret.md", "src/debug.log",
        ] {
            try dir.write(file, "text")
        }
        try dir.write("src/.gitignore", "secret.md\n!debug.log\n")
        // When the tree is walked
        let result = try FileWalker().walk(root: FileFacts.standardize(dir.path))
        // Then exactly the files git would keep are found
        #expect(
            relativePaths(result, in: dir) == [
                "a.md", "docs/final.md", "keep.log", "src/debug.log", "src/public.md", "src/top-only.txt",
            ])
    }

    @Test func toolFoldersHiddenEntriesAndExcludesAreLeftOut() throws {
        let dir = try TemporaryDirectory()
        for file in [
            "README.md", ".env", ".git/config", ".github/workflows/ci.yml", "node_modules/pkg/index.js",
            ".build/debug/x.swift", "Sources/main.swift", "Sources/Generated/big.swift", "notes/todo.txt",
        ] {
            try dir.write(file, "text")
        }
        let walker = FileWalker(excludes: ["Generated/", "*.txt"])
        let result = try walker.walk(root: FileFacts.standardize(dir.path))
        #expect(relativePaths(result, in: dir) == ["README.md", "Sources/main.swift"])
        #expect(result.ignored >= 6)
    }

    @Test func aGitignoreAboveTheRootAppliesInsideTheSameRepository() throws {
        // Given a repository whose top .gitignore excludes generated docs
        let dir = try TemporaryDirectory()
        try dir.write("repo/.git/HEAD", "ref: refs/heads/main")
        try dir.write("repo/.gitignore", "docs/generated/\n")
        try dir.write("repo/docs/guide.md", "text")
        try dir.write("repo/docs/generated/api.md", "text")
        // When only the docs folder is walked
        let root = FileFacts.standardize(dir.path + "/repo/docs")
        let result = try FileWalker().walk(root: root)
        // Then the repository's rule still applies
        #expect(result.files.map(\.path) == [root + "/guide.md"])
    }

    @Test func filesOverTheSizeCapAreSkippedWithTheReason() throws {
        let dir = try TemporaryDirectory()
        try dir.write("small.md", "ok")
        let big = try dir.write("big.md", String(repeating: "x", count: 5000))
        let result = try FileWalker(maxFileSize: 4096).walk(root: FileFacts.standardize(dir.path))
        #expect(result.files.count == 1)
        #expect(
            result.skipped == [SkippedFile(path: big, reason: .tooLarge, detail: "4.9 KiB is over the 4.0 KiB limit")])
    }

    @Test func aFileGivenAsRootIsTakenEvenWhenHidden() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write(".notes.md", "text")
        let result = try FileWalker().walk(root: path)
        #expect(result.files.map(\.path) == [path])
        #expect(result.files.first?.size == 4)
    }

    @Test func aMissingRootIsAnErrorWithAHint() throws {
        #expect(throws: CodexError.pathNotFound("/nonexistent/codex-docs")) {
            try FileWalker().walk(root: "/nonexistent/codex-docs")
        }
    }

    @Test(arguments: [
        ("*.md", "a/b/c.md", false, true), ("*.md", "a/b/c.txt", false, false), ("/a.md", "x/a.md", false, false),
        ("a/*.md", "a/b/c.md", false, false), ("a/**/c.md", "a/c.md", false, true), ("a/**", "a/b/c", false, true),
        ("a/**", "a", true, false), ("build/", "x/build", false, false), ("build/", "x/build", true, true),
        ("[a-c]?.md", "b1.md", false, true), ("[!a-c]?.md", "b1.md", false, false), ("\\!x", "!x", false, true),
    ])
    func patternMatching(pattern: String, path: String, isDirectory: Bool, matches: Bool) throws {
        let compiled = try #require(IgnorePattern(line: Substring(pattern)))
        #expect(compiled.matches(relativePath: Array(path.utf8), isDirectory: isDirectory) == matches)
    }
}

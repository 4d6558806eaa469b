import CodexTestSupport
import Foundation
import Testing

@testable import CodexCore
@testable import CodexStores

struct StoreLocationTests {
    @Test(
        arguments: [
            ("postgres://codex@127.0.0.1:5432/codex", "postgres"), ("PostgreSQL://h/db", "postgresql"),
            ("mysql+tcp://h", "mysql+tcp"), ("/home/u/codex.sqlite", nil), ("notes/codex.sqlite", nil),
            ("odd:name/codex.sqlite", nil), ("dir/a://b", nil),
        ] as [(String, String?)])
    func aURLSchemeIsToldApartFromAFilePath(location: String, scheme: String?) {
        #expect(StoreLocation.scheme(of: location) == scheme)
    }

    @Test func theFlagWinsOverCodexStoreWhichWinsOverTheDefault() {
        let environment = ["CODEX_HOME": "/home/u/codex", "CODEX_STORE": "/srv/team.sqlite"]
        #expect(StoreLocation.storePath(flag: "/tmp/x.sqlite", environment: environment) == "/tmp/x.sqlite")
        #expect(StoreLocation.storePath(flag: nil, environment: environment) == "/srv/team.sqlite")
        #expect(StoreLocation.storePath(flag: nil, environment: ["CODEX_HOME": "/h"]) == "/h/codex.sqlite")
    }

    @Test func anUnsupportedSchemeIsRefusedWithAHintAndWithoutTheRestOfTheURL() throws {
        // Given a URL with a password, whose scheme this build cannot open
        let error = try #require(throws: CodexError.self) {
            try StoreLocation.open("mysql://codex:s3cret@127.0.0.1:3306/codex")
        }
        // Then the error names the scheme, says what to do, and leaks nothing else of the URL
        #expect(error.kind == .unsupported)
        #expect(error.message.contains("mysql://"))
        #expect(error.hint?.contains("--store") == true)
        #expect(!(error.message + (error.hint ?? "")).contains("s3cret"))
    }

    @Test func ingestIntoAnUnsupportedURLFailsAndCreatesNoFolderNamedAfterTheScheme() async throws {
        // Given a folder to ingest and an empty working directory
        let dir = try TemporaryDirectory()
        try dir.write("docs/a.md", "# A\n\nalpha\n")
        let work = dir.path + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        // When codex ingest is pointed at a PostgreSQL URL
        let run = try await CodexBinary.run(
            ["ingest", dir.path + "/docs", "--store", "mysql://codex@127.0.0.1:3306/codex"],
            environment: ["CODEX_HOME": dir.path + "/home", "PATH": "/usr/bin:/bin"], directory: work)
        // Then it fails with an error and a hint, and nothing was created where it ran
        #expect(run.status != 0)
        #expect(run.stderr.contains("error: this codex cannot open a store at a mysql:// URL"))
        #expect(run.stderr.contains("hint: "))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
    }
}

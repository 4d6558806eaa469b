import CodexTestSupport
import Foundation
import Testing

/// `codex` itself with `--store postgres://…` (or `CODEX_STORE`): the commands a team runs
/// against its server, through the built binary.
struct PostgresCommandTests {
    static func codex(_ arguments: [String], environment: [String: String] = [:]) async throws -> CodexBinary.Run {
        var base = ProcessInfo.processInfo.environment
        base.removeValue(forKey: "CODEX_STORE")
        return try await CodexBinary.run(arguments, environment: base.merging(environment) { $1 })
    }

    @Test func ingestAskDocsAndAnUnchangedReingestWorkOnAPostgresStore() async throws {
        // Given two notes and an empty database on a PostgreSQL server
        let dir = try TemporaryDirectory()
        try dir.write("docs/keys.md", "# Keys\n\nRotate the signing key every ninety days.\n")
        try dir.write("docs/backup.md", "# Backups\n\nThe nightly backup runs at two.\n")
        let url = try PostgresTestServer.shared().createDatabase()
        let home = ["CODEX_HOME": dir.path + "/home"]
        // When the folder is ingested into it
        let ingest = try await Self.codex(["ingest", dir.path + "/docs", "--store", url, "--quiet"], environment: home)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        // Then a question is answered with a citation from it, with the store named by the environment too
        let ask = try await Self.codex(
            ["ask", "--no-generate", "how often is the signing key rotated"], environment: home.merging(["CODEX_STORE": url]) { $1 })
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(ask.stdout.contains("docs/keys.md:3"), "\(ask.stdout)")
        let docs = try await Self.codex(["docs", "list", "--store", url, "--json"], environment: home)
        #expect(docs.stdout.contains("\"documents\" : 2") || docs.stdout.contains("\"documents\":2"), "\(docs.stdout)")
        // And a second ingest finds nothing to do
        let again = try await Self.codex(["ingest", dir.path + "/docs", "--store", url, "--json"], environment: home)
        #expect(again.stdout.contains("\"unchanged\" : 2") || again.stdout.contains("\"unchanged\":2"), "\(again.stdout)")
    }

    @Test func aSessionExportedFromALaptopIsImportedOntoTheServerWhole() async throws {
        // Given a laptop store with a collection and a session that cites it
        let dir = try TemporaryDirectory()
        try dir.write("docs/keys.md", "# Keys\n\nRotate the signing key every ninety days.\n")
        let laptop = dir.path + "/laptop.sqlite"
        let home = ["CODEX_HOME": dir.path + "/home"]
        #expect(try await Self.codex(["ingest", dir.path + "/docs", "--store", laptop, "--quiet"], environment: home).status == 0)
        let bundle = dir.path + "/handbook.tar.gz"
        let export = try await Self.codex(
            ["export", "--store", laptop, "--collection", "default", "--output", bundle], environment: home)
        #expect(export.status == 0, "\(export.stderr)")
        // When it is imported into the team's store
        let url = try PostgresTestServer.shared().createDatabase()
        let imported = try await Self.codex(["import", "--store", url, bundle], environment: home)
        #expect(imported.status == 0, "\(imported.stderr)")
        // Then the server answers from it, and exporting it again gives the same collection
        let ask = try await Self.codex(["ask", "--no-generate", "--store", url, "signing key rotation"], environment: home)
        #expect(ask.stdout.contains("docs/keys.md:3"), "\(ask.stdout)")
        let back = dir.path + "/back.json"
        #expect(
            try await Self.codex(
                ["export", "--store", url, "--collection", "default", "--output", back, "--format", "json"], environment: home
            ).status == 0)
        let original = dir.path + "/original.json"
        _ = try await Self.codex(
            ["export", "--store", laptop, "--collection", "default", "--output", original, "--format", "json"],
            environment: home)
        let (first, second) = (try Self.withoutTimes(original), try Self.withoutTimes(back))
        #expect(first == second)
    }

    @Test func theStoreCanBeNamedInConfigToml() async throws {
        // Given a PostgreSQL store named only in $CODEX_HOME/config.toml
        let dir = try TemporaryDirectory()
        try dir.write("docs/keys.md", "# Keys\n\nRotate the signing key every ninety days.\n")
        let url = try PostgresTestServer.shared().createDatabase()
        try dir.write("home/config.toml", "store = \"\(url)\"\n")
        let home = ["CODEX_HOME": dir.path + "/home"]
        // When a folder is ingested and the collections listed without --store
        #expect(try await Self.codex(["ingest", dir.path + "/docs", "--quiet"], environment: home).status == 0)
        let docs = try await Self.codex(["docs", "list", "--json"], environment: home)
        // Then both went to the server: no SQLite file was made in CODEX_HOME
        #expect(docs.stdout.contains("\"default\""), "\(docs.stdout) \(docs.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/home/codex.sqlite"))
    }

    @Test func anUnreachableServerIsAClearErrorThatHidesThePassword() async throws {
        let closed = try FixtureServer.refusingConnections()
        let run = try await Self.codex(
            ["docs", "list", "--store", "postgres://codex:s3cret@127.0.0.1:\(closed.port)/codex"],
            environment: ["CODEX_HOME": NSTemporaryDirectory()])
        #expect(run.status != 0)
        #expect(run.stderr.contains("cannot reach the PostgreSQL store at postgres://codex:***@127.0.0.1"), "\(run.stderr)")
        #expect(run.stderr.contains("hint: "))
        #expect(!run.stderr.contains("s3cret"))
    }

    /// A JSON bundle with the moment of its export left out (everything else must match).
    static func withoutTimes(_ path: String) throws -> NSDictionary {
        let bundle = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var manifest = try #require(bundle["manifest"] as? [String: Any])
        manifest.removeValue(forKey: "created_at")
        return bundle.merging(["manifest": manifest]) { $1 } as NSDictionary
    }
}

import CodexCore
import CodexServer
import Foundation
import HTTPTypes
import Hummingbird
import Testing
import CodexTestSupport

struct DocumentRouteTests {
    static let runbook = """
        # Key rotation

        Rotate the signing key every 90 days with `vault rotate signing`.
        Keep the old key for one week so running jobs can finish.
        """

    static func multipart(_ files: [(name: String, text: String)], collection: String) -> (HTTPFields, ByteBuffer) {
        let boundary = "codex-test-boundary"
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"collection\"\r\n\r\n\(collection)\r\n"
        for file in files {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\n"
            body += "Content-Type: text/markdown\r\n\r\n\(file.text)\r\n"
        }
        body += "--\(boundary)--\r\n"
        return (
            [.contentType: "multipart/form-data; boundary=\(boundary)", HTTPField.Name("X-Codex-Client")!: "tests"],
            ByteBuffer(string: body)
        )
    }

    @Test func uploadedFilesCanBeAskedAbout() async throws {
        try await ServerFixture.run { client, _, _ in
            // Given a Markdown file uploaded to the "ops" collection
            let (headers, body) = Self.multipart([("../../runbook.md", Self.runbook)], collection: "ops")
            let ingest = try await client.execute(uri: "/ingest", method: .post, headers: headers, body: body)
            #expect(ingest.status == .ok)
            #expect(ingest.json["added"]?.intValue == 1)
            // Then /docs lists the collection
            let docs = try await client.get("/docs").json["collections"]?.arrayValue ?? []
            #expect(docs.contains { $0["name"]?.stringValue == "ops" && $0["documents"]?.intValue == 1 })
            // And /ask answers from it, citing the stored file (its name kept, its folder dropped)
            let answer = try await client.post(
                "/ask",
                json: #"{"question":"how often is the signing key rotated?","collection":"ops","generate":false}"#)
            #expect(answer.status == .ok)
            let citation = try #require(answer.json["citations"]?[0])
            #expect(citation["path"]?.stringValue?.hasSuffix("/uploads/ops/runbook.md") == true)
            #expect(citation["text"]?.stringValue?.contains("90 days") == true)
        }
    }

    @Test func askStreamsTheGeneratedAnswerWithCitations() async throws {
        try await ServerFixture.run([.tokens(["Every 90 days [1]."])]) { client, _, _ in
            let (headers, body) = Self.multipart([("runbook.md", Self.runbook)], collection: "ops")
            _ = try await client.execute(uri: "/ingest", method: .post, headers: headers, body: body)
            let response = try await client.post(
                "/ask", json: #"{"question":"how often is the signing key rotated?","collection":"ops","stream":true}"#)
            let stream = EventStream(response.text)
            #expect(stream.text == "Every 90 days [1].")
            #expect(stream.names.suffix(2) == ["citation", "done"])
            #expect(stream.first("citation")?["path"]?.stringValue?.hasSuffix("runbook.md") == true)
        }
    }

    @Test func serverSidePathsNeedAnAllowedRoot() async throws {
        let docs = try TemporaryDirectory()
        try docs.write("guide.md", Self.runbook)
        let configuration = ServerConfiguration(port: 0, ingestRoots: [docs.path])
        try await ServerFixture.run(configuration: configuration) { client, _, _ in
            let allowed = try await client.post("/ingest", json: #"{"path":"\#(docs.path)","collection":"guides"}"#)
            #expect(allowed.json["added"]?.intValue == 1)
            let outside = try await client.post("/ingest", json: #"{"path":"\#(docs.path)/../.."}"#)
            #expect(outside.status == .forbidden)
        }
    }

    @Test(arguments: [
        "../../evilcoll", "x/private", "..", ".hidden", "a\\b", String(repeating: "c", count: 65), " lead",
    ])
    func uploadsToAnInvalidCollectionNameAreRefused(collection: String) async throws {
        try await ServerFixture.run { client, _, fixture in
            let before = try await fixture.snapshot()
            let (headers, body) = Self.multipart([("runbook.md", Self.runbook)], collection: collection)
            let response = try await client.execute(uri: "/ingest", method: .post, headers: headers, body: body)
            #expect(response.status == .badRequest)
            #expect(response.json["error"]?["message"]?.stringValue?.contains("not a valid collection name") == true)
            #expect(try await fixture.snapshot() == before)
            let parent = URL(fileURLWithPath: fixture.directory.path).deletingLastPathComponent().path
            #expect(!FileManager.default.fileExists(atPath: parent + "/evilcoll"))
        }
    }

    @Test func aVeryLongFileNameIsShortenedNotAFailure() async throws {
        try await ServerFixture.run { client, _, fixture in
            let name = String(repeating: "é", count: 300) + ".md"
            let (headers, body) = Self.multipart([(name, Self.runbook)], collection: "ops")
            let response = try await client.execute(uri: "/ingest", method: .post, headers: headers, body: body)
            #expect(response.status == .ok)
            let stored = try #require(try await fixture.snapshot().uploads.first { $0.hasPrefix("ops/") })
            #expect(stored.hasSuffix(".md"))
            #expect(stored.dropFirst(4).utf8.count <= 200)
        }
    }

    @Test func serverSidePathsAreResolvedLikeTheFileTools() async throws {
        let docs = try TemporaryDirectory()
        let outside = try TemporaryDirectory()
        try docs.write("guide.md", Self.runbook)
        try outside.write("secret.md", "The vault password is hunter2.")
        try FileManager.default.createSymbolicLink(atPath: docs.path + "/escape", withDestinationPath: outside.path)
        try await ServerFixture.run(configuration: ServerConfiguration(port: 0, ingestRoots: [docs.path])) {
            client, _, fixture in
            // A symlink inside the root that points outside, and a missing path outside, are refused alike
            let escape = try await client.post("/ingest", json: #"{"path":"\#(docs.path)/escape"}"#)
            #expect(escape.status == .forbidden)
            let missingOutside = try await client.post("/ingest", json: #"{"path":"\#(outside.path)/nothing"}"#)
            #expect(missingOutside.status == .forbidden)
            // A missing path inside the root is simply not found
            #expect(try await client.post("/ingest", json: #"{"path":"\#(docs.path)/nothing"}"#).status == .notFound)
            #expect(try await fixture.snapshot().collections.isEmpty)
            let bad = try await client.post("/ingest", json: #"{"path":"\#(docs.path)","collection":"../x"}"#)
            #expect(bad.status == .badRequest)
        }
    }

    @Test func uploadsOverTheLimitAreRefused() async throws {
        let limits = ServerConfiguration.Limits(maxUploadBytes: 1024)
        try await ServerFixture.run(configuration: ServerConfiguration(port: 0, limits: limits)) { client, _, fixture in
            let (headers, body) = Self.multipart(
                [("big.md", String(repeating: "word ", count: 400))], collection: "ops")
            let response = try await client.execute(uri: "/ingest", method: .post, headers: headers, body: body)
            #expect(response.status == .contentTooLarge)
            #expect(try await CollectionCatalog(store: fixture.services.store).list().isEmpty)
        }
    }

    @Test func askWithoutDocumentsSaysWhatToDo() async throws {
        try await ServerFixture.run { client, _, _ in
            let response = try await client.post("/ask", json: #"{"question":"anything?"}"#)
            #expect(response.status.code >= 400)
            #expect(response.json["error"]?["hint"]?.stringValue != nil)
        }
    }
}

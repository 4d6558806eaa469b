import CodexCore
import CodexServer
import Foundation
import HTTPTypes
import Hummingbird
import Testing

struct MemoryRouteTests {
    /// Two turns in one session, one in another; returns the ids (first session first).
    static func twoSessions(_ client: any ServerClient) async throws -> (String, String) {
        let first = try await client.post("/chat", json: #"{"message":"first"}"#).json["session_id"]?.stringValue ?? ""
        _ = try await client.post("/chat", json: #"{"message":"again","session_id":"\#(first)"}"#)
        let second =
            try await client.post("/chat", json: #"{"message":"second"}"#).json["session_id"]?.stringValue ?? ""
        return (first, second)
    }

    @Test func sessionsAreListedAndPaged() async throws {
        try await ServerFixture.run { client, _, _ in
            let (first, second) = try await Self.twoSessions(client)
            let list = try await client.get("/memory").json["sessions"]?.arrayValue ?? []
            #expect(Set(list.compactMap { $0["session"]?["id"]?.stringValue }) == [first, second])
            // Messages come in pages; `next` continues where the page ended
            let page = try await client.get("/memory/\(first)?limit=3").json
            #expect(page["messages"]?.arrayValue?.count == 3)
            let next = try #require(page["next"]?.intValue)
            let rest = try await client.get("/memory/\(first)?limit=3&after=\(next)").json
            #expect(rest["messages"]?.arrayValue?.map { $0["content"]?.stringValue } == ["Hello from the fixture."])
            #expect(rest["next"] == nil || rest["next"] == .null)
        }
    }

    @Test func renameAndDelete() async throws {
        try await ServerFixture.run { client, _, _ in
            let (first, _) = try await Self.twoSessions(client)
            let renamed = try await client.execute(
                uri: "/memory/\(first)", method: .patch, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"title":"Planning"}"#))
            #expect(renamed.json["title"]?.stringValue == "Planning")
            let deleted = try await client.execute(uri: "/memory/\(first)", method: .delete)
            #expect(deleted.status == .noContent)
            let gone = try await client.get("/memory/\(first)")
            #expect(gone.status == .notFound)
            #expect(gone.json["error"]?["type"]?.stringValue == "not_found")
        }
    }

    @Test func badPagingIsRejected() async throws {
        try await ServerFixture.run { client, _, _ in
            let response = try await client.get("/memory?limit=0")
            #expect(response.status == .badRequest)
        }
    }

    @Test(arguments: ["json", "tar.gz", "zip"])
    func exportedSessionImportsAsANewOne(format: String) async throws {
        try await ServerFixture.run { client, _, _ in
            let (first, _) = try await Self.twoSessions(client)
            // When a session is exported and the bundle uploaded again as a new session
            let bundle = try await client.get("/memory/\(first)/export?format=\(format)")
            #expect(bundle.status == .ok)
            #expect(bundle.headers[.contentDisposition]?.contains(format) == true)
            let imported = try await client.execute(
                uri: "/memory/import?on_clash=as-new", method: .post,
                headers: [.contentType: "application/octet-stream", HTTPField.Name("X-Codex-Client")!: "tests"],
                body: bundle.body)
            #expect(imported.status == .ok)
            // Then there is one more session, with the same messages
            let sessions = try await client.get("/memory").json["sessions"]?.arrayValue ?? []
            #expect(sessions.count == 3)
            #expect(
                sessions.contains {
                    $0["message_count"]?.intValue == 4 && $0["session"]?["id"]?.stringValue != first
                })
        }
    }

    @Test func unknownExportFormatAndBrokenBundleAreRejected() async throws {
        try await ServerFixture.run { client, _, _ in
            let (first, _) = try await Self.twoSessions(client)
            #expect(try await client.get("/memory/\(first)/export?format=rar").status == .badRequest)
            let broken = try await client.execute(
                uri: "/memory/import", method: .post, headers: [HTTPField.Name("X-Codex-Client")!: "tests"],
                body: ByteBuffer(string: "{not a bundle"))
            #expect(broken.status == .badRequest)
            #expect(broken.json["error"]?["type"]?.stringValue == "bundle")
            // The message names the upload, never the server's temporary file
            let message = broken.json["error"]?["message"]?.stringValue ?? ""
            #expect(message.contains("the uploaded bundle"))
            #expect(!message.contains(FileManager.default.temporaryDirectory.path))
            #expect(!message.contains("codex-"))
        }
    }

    @Test func anAlteredBundleIsRefusedAndNothingIsImported() async throws {
        try await ServerFixture.run { client, _, fixture in
            let (first, _) = try await Self.twoSessions(client)
            var bundle = try await client.get("/memory/\(first)/export?format=tar.gz").body
            let before = try await fixture.snapshot()
            // Given bytes flipped in the middle of the compressed bundle
            let middle = bundle.readerIndex + bundle.readableBytes / 2
            for offset in middle..<(middle + 8) {
                bundle.setInteger(~(bundle.getInteger(at: offset, as: UInt8.self) ?? 0), at: offset)
            }
            let imported = try await client.execute(
                uri: "/memory/import?on_clash=as-new", method: .post,
                headers: [.contentType: "application/octet-stream", HTTPField.Name("X-Codex-Client")!: "tests"],
                body: bundle)
            #expect(imported.status == .badRequest)
            #expect(imported.json["error"]?["message"]?.stringValue?.contains("nothing was imported") == true)
            #expect(try await fixture.snapshot() == before)
        }
    }
}

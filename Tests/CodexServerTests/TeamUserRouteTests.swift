import CodexCore
import Foundation
import HTTPTypes
import Hummingbird
import Testing
import CodexTestSupport

@testable import CodexServer

/// A server whose store has users: each request needs one user's token, and one user can reach
/// another's session through no route (list, read, rename, delete, export, chat, ask, the
/// OpenAI-compatible endpoint, the WebSocket, an import that would replace it).
struct TeamUserRouteTests {
    static let team = ServerConfiguration(port: 0, hasUsers: true)

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    @Test func withoutAUsersTokenOnlyHealthAndTheWebUIsFilesAnswer() async throws {
        try await ServerFixture.run(configuration: Self.team) { client, _, fixture in
            let (_, token) = try await TeamUsers(store: fixture.services.store).add(name: "alice")
            #expect(try await client.get("/health").status == .ok)
            #expect(try await client.get("/").status == .ok)
            #expect(try await client.get("/memory").status == .unauthorized)
            #expect(try await client.get("/memory", headers: Self.bearer(token + "x")).status == .unauthorized)
            #expect(try await client.get("/docs", headers: Self.bearer("codex_forged")).status == .unauthorized)
            #expect(try await client.get("/memory", headers: Self.bearer(token)).status == .ok)
            let port = try #require(client.port)
            #expect(try await RawExchange.upgrades(port: port, headers: []) == false)
            #expect(try await RawExchange.upgrades(port: port, headers: ["Authorization: Bearer \(token)"]))
        }
    }

    @Test func oneUserReachesAnothersSessionThroughNoRoute() async throws {
        try await ServerFixture.run(configuration: Self.team) { client, _, fixture in
            // Given alice's session with one turn, and bob
            let users = TeamUsers(store: fixture.services.store)
            let (_, alice) = try await users.add(name: "alice")
            let (_, bob) = try await users.add(name: "bob")
            let started = try await client.post("/chat", json: #"{"message":"alice's payroll question"}"#, headers: Self.bearer(alice))
            #expect(started.status == .ok)
            let id = try #require(started.json["session_id"]?.stringValue)
            let asBob = Self.bearer(bob)
            // Then bob lists nothing and every route that takes the id answers 404 for him
            #expect(try await client.get("/memory", headers: asBob).json["sessions"]?.arrayValue?.isEmpty == true)
            #expect(try await client.get("/memory/\(id)", headers: asBob).status == .notFound)
            #expect(try await client.get("/memory/\(id)/export", headers: asBob).status == .notFound)
            #expect(try await client.get("/memory/\(id)/export?format=tar.gz", headers: asBob).status == .notFound)
            var rename = asBob
            rename[.contentType] = "application/json"
            #expect(
                try await client.execute(
                    uri: "/memory/\(id)", method: .patch, headers: rename, body: ByteBuffer(string: #"{"title":"mine"}"#)
                ).status == .notFound)
            #expect(try await client.execute(uri: "/memory/\(id)", method: .delete, headers: asBob).status == .notFound)
            #expect(
                try await client.post("/chat", json: #"{"message":"hi","session_id":"\#(id)"}"#, headers: asBob).status
                    == .notFound)
            #expect(
                try await client.post("/ask", json: #"{"question":"hi","session_id":"\#(id)","generate":false}"#, headers: asBob)
                    .status == .notFound)
            var openAI = asBob
            openAI[HTTPField.Name("X-Codex-Session")!] = id
            #expect(
                try await client.post(
                    "/v1/chat/completions", json: #"{"model":"codex","messages":[{"role":"user","content":"hi"}]}"#,
                    headers: openAI
                ).status == .notFound)
            let socket = try await WebSocketTestClient(port: try #require(client.port), headers: ["Authorization: Bearer \(bob)"])
            defer { socket.close() }
            try socket.send(#"{"type":"chat","message":"hi","session_id":"\#(id)"}"#)
            guard case .text(let reply)? = await socket.next() else { Issue.record("no WebSocket reply"); return }
            #expect(reply.contains("\"error\"") && reply.contains("no session"), "\(reply)")
            // And an import by bob cannot replace alice's session; as a new session it is his
            let bundle = try await client.get("/memory/\(id)/export", headers: Self.bearer(alice))
            #expect(bundle.status == .ok)
            var upload = asBob
            upload[.contentType] = "application/json"
            let replaced = try await client.execute(
                uri: "/memory/import?on_clash=replace", method: .post, headers: upload, body: bundle.body)
            #expect(replaced.status == .badRequest, "\(replaced.text)")
            let copied = try await client.execute(
                uri: "/memory/import?on_clash=as-new", method: .post, headers: upload, body: bundle.body)
            #expect(copied.status == .ok, "\(copied.text)")
            let bobs = try await client.get("/memory", headers: asBob).json["sessions"]?.arrayValue ?? []
            #expect(bobs.count == 1 && bobs.first?["id"]?.stringValue != id)
            // While alice still has hers, whole
            let hers = try await client.get("/memory/\(id)", headers: Self.bearer(alice))
            #expect(hers.status == .ok && hers.json["messages"]?.arrayValue?.count == 2)
            #expect(try await client.get("/memory", headers: Self.bearer(alice)).json["sessions"]?.arrayValue?.count == 1)
        }
    }

    /// A multipart upload of one note into `collection`, private to its uploader when asked.
    static func upload(_ text: String, named name: String, into collection: String, private isPrivate: Bool, as token: String)
        -> (HTTPFields, ByteBuffer)
    {
        let boundary = "codex-team-boundary"
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"collection\"\r\n\r\n\(collection)\r\n"
        if isPrivate { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"private\"\r\n\r\ntrue\r\n" }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n"
        body += "Content-Type: text/markdown\r\n\r\n\(text)\r\n--\(boundary)--\r\n"
        var headers = bearer(token)
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return (headers, ByteBuffer(string: body))
    }

    @Test func aPrivateCollectionIsListedSearchedAndFilledByItsOwnerOnly() async throws {
        try await ServerFixture.run(configuration: Self.team) { client, _, fixture in
            let users = TeamUsers(store: fixture.services.store)
            let (_, alice) = try await users.add(name: "alice")
            let (_, bob) = try await users.add(name: "bob")
            // Given a shared note and alice's private one, uploaded over HTTP
            let (sharedHeaders, sharedBody) = Self.upload(
                "# Policy\n\nThe quokka policy is public.\n", named: "policy.md", into: "handbook", private: false, as: bob)
            #expect(try await client.execute(uri: "/ingest", method: .post, headers: sharedHeaders, body: sharedBody).status == .ok)
            let (privateHeaders, privateBody) = Self.upload(
                "# Diary\n\nThe quokka diary is secret.\n", named: "diary.md", into: "alice-notes", private: true, as: alice)
            let uploaded = try await client.execute(uri: "/ingest", method: .post, headers: privateHeaders, body: privateBody)
            #expect(uploaded.status == .ok, "\(uploaded.text)")
            // Then bob neither lists nor finds it, nor adds to it; alice does all three
            let bobsDocs = try await client.get("/docs", headers: Self.bearer(bob)).text
            #expect(bobsDocs.contains("handbook") && !bobsDocs.contains("alice-notes"))
            #expect(try await client.get("/docs", headers: Self.bearer(alice)).text.contains("alice-notes"))
            let question = #"{"question":"quokka","generate":false,"collection":"*"}"#
            let bobsAnswer = try await client.post("/ask", json: question, headers: Self.bearer(bob)).text
            #expect(bobsAnswer.contains("policy.md") && !bobsAnswer.contains("diary"), "\(bobsAnswer)")
            let alicesAnswer = try await client.post("/ask", json: question, headers: Self.bearer(alice)).text
            #expect(alicesAnswer.contains("diary.md"), "\(alicesAnswer)")
            #expect(
                try await client.post(
                    "/ask", json: #"{"question":"quokka","generate":false,"collection":"alice-notes"}"#,
                    headers: Self.bearer(bob)
                ).status == .notFound)
            let (intrusion, intrusionBody) = Self.upload(
                "# Mine\n\nbob was here\n", named: "bob.md", into: "alice-notes", private: false, as: bob)
            #expect(try await client.execute(uri: "/ingest", method: .post, headers: intrusion, body: intrusionBody).status == .notFound)
            // And a shared collection cannot be made private by anyone
            let (grab, grabBody) = Self.upload("# x\n\nx\n", named: "x.md", into: "handbook", private: true, as: alice)
            #expect(try await client.execute(uri: "/ingest", method: .post, headers: grab, body: grabBody).status == .badRequest)
        }
    }
}

import CodexCore
import CodexServer
import Hummingbird
import Testing

/// Routes through the router and middleware alone (no socket; the router test client names the
/// host `localhost`): what each answers, and the one error shape every failure has on the wire.
struct RouterTests {
    @Test func healthNamesTheRunningVersionAndTheStore() async throws {
        try await ServerFixture.run(route: .router) { client, _, _ in
            let response = try await client.get("/health")
            #expect(response.json["version"]?.stringValue == CodexVersion.current)
            #expect(response.json["store"]?["ok"]?.boolValue == true)
        }
    }

    @Test func anEmptyStoreListsNoCollections() async throws {
        try await ServerFixture.run(route: .router) { client, _, _ in
            let response = try await client.get("/docs")
            #expect(response.status == .ok)
            #expect(response.json["collections"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func failuresShareOneErrorShape() async throws {
        try await ServerFixture.run(route: .router) { client, _, _ in
            let missing = try await client.get("/memory/00000000-0000-0000-0000-000000000000")
            let unsupported = try await client.execute(
                uri: "/ask", method: .post, headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: "question"))
            for response in [missing, unsupported] {
                #expect(response.status.code >= 400)
                #expect(response.json["error"]?["message"]?.stringValue?.isEmpty == false, "\(response.text)")
            }
        }
    }
}

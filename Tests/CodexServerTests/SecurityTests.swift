import CodexCore
import CodexServer
import Foundation
import HTTPTypes
import Hummingbird
import Testing

struct SecurityTests {
    static let token = "s3cret-token-for-tests"

    @Test func withATokenEveryRouteButHealthNeedsIt() async throws {
        try await ServerFixture.run(configuration: ServerConfiguration(port: 0, token: Self.token)) { client, _, _ in
            #expect(try await client.get("/health").status == .ok)
            let missing = try await client.get("/memory")
            #expect(missing.status == .unauthorized)
            #expect(missing.json["error"]?["type"]?.stringValue == "unauthorized")
            #expect(!missing.text.contains(Self.token))
            #expect(try await client.get("/memory", headers: [.authorization: "Bearer wrong"]).status == .unauthorized)
            #expect(
                try await client.get("/memory", headers: [.authorization: "Bearer \(Self.token)x"]).status
                    == .unauthorized)
            #expect(try await client.get("/memory", headers: [.authorization: "Bearer \(Self.token)"]).status == .ok)
            #expect(try await client.post("/v1/chat/completions", json: "{}").status == .unauthorized)
        }
    }

    @Test func withATokenTheChatSocketNeedsItToo() async throws {
        try await ServerFixture.run(configuration: ServerConfiguration(port: 0, token: Self.token)) {
            client, model, _ in
            let port = try #require(client.port)
            #expect(try await RawExchange.upgrades(port: port, headers: []) == false)
            #expect(try await RawExchange.upgrades(port: port, headers: ["Authorization: Bearer wrong"]) == false)
            #expect(try await RawExchange.upgrades(port: port, headers: ["Authorization: Bearer \(Self.token)"]))
            #expect(model.chatRequests.isEmpty)
        }
    }

    @Test func everyResponseForbidsSniffingEmbeddingAndFraming() async throws {
        try await ServerFixture.run { client, _, _ in
            for response in [try await client.get("/memory"), try await client.get("/nope"), try await client.get("/")]
            {
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[HTTPField.Name("Cross-Origin-Resource-Policy")!] == "same-origin")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            }
        }
    }

    @Test func withoutATokenLoopbackIsOpen() async throws {
        try await ServerFixture.run { client, _, _ in
            let response = try await client.get("/memory")
            #expect(response.status == .ok)
        }
    }

    @Test(arguments: ["0.0.0.0", "192.168.1.20", "::"])
    func refusesToListenBeyondLoopbackWithoutAToken(host: String) throws {
        let fixture = try ServerFixture(model: nil)
        #expect(throws: CodexError.self) {
            _ = try buildApplication(ServerConfiguration(host: host, port: 0), services: fixture.services)
        }
        _ = try buildApplication(
            ServerConfiguration(host: host, port: 0, token: Self.token), services: fixture.services)
    }

    @Test func oversizedAndDeeplyNestedBodiesAreRejected() async throws {
        let limits = ServerConfiguration.Limits(maxBodyBytes: 1024, maxJSONDepth: 8)
        try await ServerFixture.run(configuration: ServerConfiguration(port: 0, limits: limits)) { client, model, _ in
            let big = try await client.post("/chat", json: #"{"message":"\#(String(repeating: "a", count: 2000))"}"#)
            #expect(big.status == .contentTooLarge)
            #expect(big.json["error"]?["type"]?.stringValue == "too_large")
            let deep = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
            let nested = try await client.post("/chat", json: #"{"message":"hi","tools":\#(deep)}"#)
            #expect(nested.status == .badRequest)
            #expect(nested.json["error"]?["message"]?.stringValue?.contains("nests deeper") == true)
            #expect(model.chatRequests.isEmpty)
        }
    }

    @Test func aClientOverItsConcurrencyLimitIsTurnedAway() async throws {
        let limits = ServerConfiguration.Limits(maxConcurrentPerClient: 1)
        try await ServerFixture.run(
            [.hold(first: "Still")], configuration: ServerConfiguration(port: 0, limits: limits)
        ) {
            client, model, _ in
            // Given one stream in flight from this client
            let port = try #require(client.port)
            let streaming = try RawHTTPConnection(port: port)
            try streaming.post("/chat", json: #"{"message":"long","stream":true}"#)
            _ = await streaming.read(until: "Still")
            // When the same client sends another request
            let second = try RawHTTPConnection(port: port)
            try second.post("/chat", json: #"{"message":"more"}"#)
            let answer = await second.read(until: "}}")
            second.close()
            // Then it is refused with 429 until the first one ends
            #expect(answer.hasPrefix("HTTP/1.1 429"))
            #expect(answer.contains("rate_limited"))
            streaming.close()
            #expect(try await model.waitForClientClose())
        }
    }

    @Test func unknownRoutesAnswerWithTheErrorShape() async throws {
        try await ServerFixture.run { client, _, _ in
            let response = try await client.get("/nope")
            #expect(response.status == .notFound)
            #expect(response.json["error"]?["type"]?.stringValue == "not_found")
        }
    }

    @Test func healthReportsStoreProvidersAndVersion() async throws {
        try await ServerFixture.run { client, _, _ in
            let health = try await client.get("/health").json
            #expect(health["status"]?.stringValue == "ok")
            #expect(health["version"]?.stringValue == CodexVersion.current)
            #expect(health["store"]?["ok"]?.boolValue == true)
            #expect(health["providers"]?[0]?["id"]?.stringValue == "ollama")
            #expect(health["providers"]?[0]?["up"]?.boolValue == true)
        }
    }

    @Test func theWebUIIsServedLocally() async throws {
        try await ServerFixture.run { client, _, _ in
            let page = try await client.get("/")
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("/ui/app.js"))
            #expect(!page.text.contains("https://"))
            #expect(try await client.get("/ui/app.js").status == .ok)
            #expect(try await client.get("/ui/..%2Fmarkdown.js").status == .notFound)
        }
    }
}

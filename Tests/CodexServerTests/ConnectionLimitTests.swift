import CodexCore
import CodexServer
import Foundation
import Hummingbird
import Testing

/// Connections that ask too much or too slowly are answered and closed, not held open.
struct ConnectionLimitTests {
    static let quick = ServerConfiguration(
        port: 0, limits: .init(maxBodyBytes: 1024, maxUploadBytes: 2048),
        timeouts: .init(headerRead: .milliseconds(800), idle: .milliseconds(800)))

    @Test func oversizeHeadersGet431AndTheConnectionCloses() async throws {
        try await ServerFixture.run { client, _, fixture in
            let port = try #require(client.port)
            let before = try await fixture.snapshot()
            let huge = "X-Padding: " + String(repeating: "a", count: 100_000)
            // On a fresh connection: a long header, then a long request line
            for (path, headers) in [("/memory", [huge]), ("/memory?" + String(repeating: "q", count: 100_000), [])] {
                let answer = try await RawExchange.send(port: port, "GET", path, headers: headers)
                #expect(answer.status == 431)
                #expect(answer.closed)
            }
            // On a kept-alive connection, after a first request that was fine
            let connection = try RawHTTPConnection(port: port)
            defer { connection.close() }
            try connection.request("GET", "/docs")
            #expect(await connection.read(until: "collections").hasPrefix("HTTP/1.1 200"))
            try connection.request(
                "POST", "/chat", headers: [huge, "Content-Type: application/json"], body: #"{"message":"x"}"#)
            let second = await connection.readToEnd()
            #expect(second.text.contains("HTTP/1.1 431"))
            #expect(second.closed)
            #expect(try await fixture.snapshot() == before)
        }
    }

    @Test(arguments: ["GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n"])
    func aMalformedRequestGets400AndTheConnectionCloses(request: String) async throws {
        try await ServerFixture.run { client, _, _ in
            let port = try #require(client.port)
            // As the first request on a connection, and after one that was fine
            let first = try RawHTTPConnection(port: port)
            defer { first.close() }
            try first.send(request)
            let answer = await first.readToEnd(timeout: .seconds(5))
            #expect(answer.text.hasPrefix("HTTP/1.1 400"))
            #expect(answer.closed)
            let later = try RawHTTPConnection(port: port)
            defer { later.close() }
            try later.request("GET", "/docs")
            _ = await later.read(until: "collections")
            try later.send(request)
            let second = await later.readToEnd(timeout: .seconds(5))
            #expect(second.text.contains("HTTP/1.1 400"))
            #expect(second.closed)
        }
    }

    @Test func slowHeadersAreCutOffWith408() async throws {
        try await ServerFixture.run(configuration: Self.quick) { client, model, fixture in
            let port = try #require(client.port)
            let before = try await fixture.snapshot()
            // Given a client that sends a request line, then one header line every 200 ms (slowloris)
            let connection = try RawHTTPConnection(port: port)
            defer { connection.close() }
            // (on a thread of its own, so the 200 ms are real time, not the cooperative pool's queue)
            let sent = try await onOwnThread {
                let started = ContinuousClock.now
                try connection.send("POST /chat HTTP/1.1\r\nHost: localhost\r\n")
                var sent = 0
                while ContinuousClock.now - started < .seconds(3), !connection.hasInput {
                    try connection.send("X-Slow-\(sent): 1\r\n")
                    sent += 1
                    usleep(200_000)
                }
                return sent
            }
            let answer = await connection.readToEnd(timeout: .seconds(3))
            // Then it gets 408 and is closed once the header time limit has passed, not later
            #expect(answer.text.hasPrefix("HTTP/1.1 408"))
            #expect(answer.closed)
            #expect(sent < 10)
            #expect(try await fixture.snapshot() == before)
            #expect(model.chatRequests.isEmpty)
        }
    }

    @Test func silentAndIdleConnectionsAreClosed() async throws {
        try await ServerFixture.run(configuration: Self.quick) { client, _, _ in
            let port = try #require(client.port)
            // A connection that never says anything
            let silent = try RawHTTPConnection(port: port)
            defer { silent.close() }
            let quiet = await silent.readToEnd(timeout: .seconds(5))
            #expect(quiet.closed)
            #expect(quiet.text.isEmpty)
            // A kept-alive connection that stops after one request
            let idle = try RawHTTPConnection(port: port)
            defer { idle.close() }
            try idle.request("GET", "/docs")
            // (the limit runs on the reading thread, so closed within 4 s is real time)
            let answer = await idle.readToEnd(timeout: .seconds(4))
            #expect(answer.text.hasPrefix("HTTP/1.1 200"))
            #expect(answer.closed)
        }
    }

    @Test func streamingRepliesOutliveTheIdleTimeout() async throws {
        let slow = ServerConfiguration(
            port: 0, timeouts: .init(headerRead: .milliseconds(500), idle: .milliseconds(500)))
        try await ServerFixture.run([.hold(first: "Still")], configuration: slow) { client, model, _ in
            let port = try #require(client.port)
            let streaming = try RawHTTPConnection(port: port)
            defer { streaming.close() }
            try streaming.post("/chat", json: #"{"message":"long","stream":true}"#)
            _ = await streaming.read(until: "Still")
            // Three idle timeouts later the stream is still open and beating
            try await Task.sleep(for: .milliseconds(1500))
            #expect(await streaming.read(until: "keep-alive").contains("keep-alive"))
            #expect(model.clientCloses == 0)
        }
    }

    @Test func chunkedBodiesOverTheLimitGet413() async throws {
        try await ServerFixture.run(configuration: Self.quick) { client, model, fixture in
            let port = try #require(client.port)
            let before = try await fixture.snapshot()
            func chunked(_ text: String) -> String {
                stride(from: 0, to: text.utf8.count, by: 500).map { start in
                    let piece = String(decoding: Array(text.utf8.dropFirst(start).prefix(500)), as: UTF8.self)
                    return String(piece.utf8.count, radix: 16) + "\r\n" + piece + "\r\n"
                }.joined() + "0\r\n\r\n"
            }
            // A JSON body of 3 KB against a 1 KB limit, with no Content-Length
            let json = #"{"message":"\#(String(repeating: "a", count: 3000))"}"#
            let chat = try RawHTTPConnection(port: port)
            defer { chat.close() }
            try chat.send(
                "POST /chat HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked(json))
            let answer = await chat.readToEnd()
            #expect(answer.text.hasPrefix("HTTP/1.1 413"))
            #expect(answer.text.contains("too_large"))
            // An upload of 5 KB against a 2 KB limit, likewise
            let (headers, body) = DocumentRouteTests.multipart(
                [("big.md", String(repeating: "word ", count: 1000))], collection: "ops")
            let upload = try RawHTTPConnection(port: port)
            defer { upload.close() }
            let fields = headers.map { "\($0.name.rawName): \($0.value)" }.joined(separator: "\r\n")
            try upload.send(
                "POST /ingest HTTP/1.1\r\nHost: localhost\r\n\(fields)\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + chunked(String(buffer: body)))
            #expect(await upload.readToEnd().text.hasPrefix("HTTP/1.1 413"))
            #expect(try await fixture.snapshot() == before)
            #expect(model.chatRequests.isEmpty)
        }
    }
}

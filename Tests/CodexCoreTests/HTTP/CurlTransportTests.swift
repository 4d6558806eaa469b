import CodexCore
import Foundation
import Logging
import Testing

#if canImport(Glibc)
    import Glibc
#endif

struct CurlTransportTests {
    let transport = CurlTransport(policy: EgressPolicy(allowCloud: false))
    let logger = Logger(label: "test.http")
    var deadline: ContinuousClock.Instant { .untimed }

    private func collect(_ body: AsyncThrowingStream<[UInt8], any Error>) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body { bytes += chunk }
        return bytes
    }

    @Test func getsAWholeBody() async throws {
        // Given a server answering F3a (Content-Length, no trailing newline)
        let transcript = try Transcript.load("ollama/F3a-model-not-found")
        let server = try FixtureServer(transcript.reply())
        defer { server.stop() }
        // When
        let request = HTTPRequest(url: server.baseURL.appendingPathComponent("api/tags"), purpose: .local("ollama"))
        let (head, body) = try await transport.data(for: request, deadline: deadline, logger: logger)
        // Then status, headers and the exact bytes arrive
        #expect(head.status == 404)
        #expect(head.header("content-type") == "application/json; charset=utf-8")
        #expect(body == transcript.body)
        #expect(server.requests.first?.method == "GET")
        #expect(server.requests.first?.path == "/api/tags")
    }

    @Test func postsTheBodyAndHeaders() async throws {
        let server = try FixtureServer(.status(200, body: "{}"))
        defer { server.stop() }
        // Given a JSON POST with an auth header
        let request = HTTPRequest.postJSON(
            server.baseURL.appendingPathComponent("v1/chat/completions"), ["model": "m", "n": 1],
            headers: [HTTPHeader("Authorization", "Bearer secret")], purpose: .local("openai-compatible"))
        _ = try await transport.data(for: request, deadline: deadline, logger: logger)
        // Then the server got exactly that
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.header("authorization") == "Bearer secret")
        #expect(received.header("content-type") == "application/json")
        #expect(received.json == ["model": "m", "n": 1])
    }

    @Test(arguments: [
        "ollama/F1-chat-stream", "ollama/F2-chat-tool-call", "openai/F5-tool-call-crlf", "ollama/F10-root",
    ])
    func streamsChunkedAndCloseDelimitedBodiesByteForByte(name: String) async throws {
        // Given a transcript cut at every byte (chunked or close-delimited)
        let transcript = try Transcript.load(name).splittingEveryByte()
        let server = try FixtureServer(transcript.reply(pauseMilliseconds: 0))
        defer { server.stop() }
        // When streamed
        let request = HTTPRequest(url: server.baseURL, purpose: .local("ollama"))
        let (head, body) = try await transport.send(request, deadline: deadline, logger: logger)
        // Then the bytes are identical
        #expect(head.status == 200)
        #expect(try await collect(body) == transcript.body)
    }

    @Test func deliversALargeBodyIntactThroughASmallBuffer() async throws {
        // Given a 4 MiB body and a transport that buffers at most 16 KiB ahead of its reader
        let payload = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: \(payload.count)\r\n\r\n".utf8)
        let server = try FixtureServer(FixtureServer.Reply(steps: [.write(head), .write(payload)]))
        defer { server.stop() }
        let small = CurlTransport(policy: EgressPolicy(allowCloud: false), maxBufferedBytes: 16 << 10)
        // When read slowly
        let (_, body) = try await small.send(
            HTTPRequest(url: server.baseURL, purpose: .local("t")), deadline: deadline, logger: logger)
        var received: [UInt8] = []
        for try await chunk in body {
            received += chunk
            if received.count < 256 << 10 { await Task.yield() }
        }
        // Then nothing is lost or reordered
        #expect(received == payload)
    }

    @Test func reportsAServerThatDiesMidBody() async throws {
        // Given a chunked body cut off without its final chunk
        let transcript = try Transcript.load("ollama/F1-chat-stream")
        let server = try FixtureServer(transcript.truncated(toBodyBytes: 124).reply(complete: false))
        defer { server.stop() }
        let (_, body) = try await transport.send(
            HTTPRequest(url: server.baseURL, purpose: .local("ollama")), deadline: deadline, logger: logger)
        // Then the bytes that came are delivered, then a network error
        var received: [UInt8] = []
        do {
            for try await chunk in body { received += chunk }
            Issue.record("expected an error")
        } catch let error as CodexError {
            #expect(error.kind == .network)
            #expect(error.message.contains("closed the connection"))
        }
        #expect(received == Array(transcript.body.prefix(124)))
    }

    @Test func saysNothingIsListeningOnAClosedPort() async throws {
        // Given a loopback port nobody listens on
        let port = try Self.unusedLoopbackPort()
        let request = HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)/api/version")!, purpose: .local("ollama"))
        // Then
        await #expect(throws: CodexError.connectionRefused("127.0.0.1:\(port)")) {
            _ = try await transport.send(request, deadline: deadline, logger: logger)
        }
    }

    @Test func refusesANonLoopbackHostBeforeConnecting() async throws {
        // 192.0.2.1 is TEST-NET-1; the policy refuses it before any socket is opened.
        let request = HTTPRequest(url: URL(string: "http://192.0.2.1:11434/")!, purpose: .local("ollama"))
        await #expect(throws: CodexError.nonLoopbackLocalServer(host: "192.0.2.1", provider: "ollama")) {
            _ = try await transport.send(request, deadline: deadline, logger: logger)
        }
    }

    @Test func timesOutWaitingForTheFirstByte() async throws {
        // Given a server that accepts the request and never answers
        let server = try FixtureServer(FixtureServer.Reply(steps: [.hold]))
        defer { server.stop() }
        var request = HTTPRequest(url: server.baseURL, purpose: .local("ollama"))
        request.timeouts = HTTPTimeouts(connect: .seconds(2), firstByte: .milliseconds(200), idle: .seconds(5))
        // Then the wait ends with a first-byte timeout and the connection is closed
        await #expect(throws: CodexError.firstByteTimeout("127.0.0.1:\(server.port)", after: .milliseconds(200))) {
            _ = try await transport.send(request, deadline: deadline, logger: logger)
        }
        #expect(await server.waitForClientClose())
    }

    @Test func appliesTheFirstByteLimitUntilTheBodyStarts() async throws {
        // Given a server that sends its head at once, then nothing (llama.cpp reading a long prompt)
        let head = Array("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n".utf8)
        let server = try FixtureServer(FixtureServer.Reply(steps: [.write(head), .hold]))
        defer { server.stop() }
        var request = HTTPRequest(url: server.baseURL, purpose: .local("openai-compatible"))
        request.timeouts = HTTPTimeouts(connect: .seconds(2), firstByte: .milliseconds(300), idle: .milliseconds(50))
        let (_, body) = try await transport.send(request, deadline: deadline, logger: logger)
        // Then the short idle limit does not apply yet: it is the first-byte limit that ends the wait
        await #expect(throws: CodexError.firstByteTimeout("127.0.0.1:\(server.port)", after: .milliseconds(300))) {
            for try await _ in body {}
        }
    }

    @Test func timesOutWhenTheBodyStalls() async throws {
        // Given a server that sends a head and one chunk, then goes quiet
        let head = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n".utf8)
        let server = try FixtureServer(FixtureServer.Reply(steps: [.write(head), .hold]))
        defer { server.stop() }
        var request = HTTPRequest(url: server.baseURL, purpose: .local("ollama"))
        request.timeouts = HTTPTimeouts(connect: .seconds(2), firstByte: .seconds(5), idle: .milliseconds(200))
        let (_, body) = try await transport.send(request, deadline: deadline, logger: logger)
        // Then the chunk arrives, then an idle timeout
        var received: [UInt8] = []
        await #expect(throws: CodexError.idleTimeout("127.0.0.1:\(server.port)", after: .milliseconds(200))) {
            for try await chunk in body { received += chunk }
        }
        #expect(received == Array("abc".utf8))
    }

    @Test func cancellingTheReaderClosesTheConnection() async throws {
        // Given a stream that sends one chunk and then waits forever
        let head = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n".utf8)
        let server = try FixtureServer(FixtureServer.Reply(steps: [.write(head), .hold]))
        defer { server.stop() }
        let transport = self.transport
        let request = HTTPRequest(url: server.baseURL, purpose: .local("ollama"))
        let firstChunk = AsyncStream.makeStream(of: [UInt8].self)
        let reader = Task {
            let (_, body) = try await transport.send(request, deadline: .untimed, logger: Logger(label: "t"))
            for try await chunk in body { firstChunk.continuation.yield(chunk) }
        }
        var chunks = firstChunk.stream.makeAsyncIterator()
        #expect(await chunks.next() == Array("hello".utf8))
        // When the reading task is cancelled
        reader.cancel()
        // Then it ends with a cancellation and the server sees the connection closed
        await #expect(throws: CodexError.cancelled) { try await reader.value }
        #expect(await server.waitForClientClose())
    }

    @Test func droppingTheBodyClosesTheConnection() async throws {
        let head = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n".utf8)
        let server = try FixtureServer(FixtureServer.Reply(steps: [.write(head), .hold]))
        defer { server.stop() }
        // Given a response whose body nobody reads
        do {
            let (head, _) = try await transport.send(
                HTTPRequest(url: server.baseURL, purpose: .local("o")), deadline: deadline, logger: logger)
            #expect(head.status == 200)
        }
        // Then the transfer is aborted
        #expect(await server.waitForClientClose())
    }

    @Test func cancellingBeforeTheHeadArrivesAbortsTheRequest() async throws {
        let server = try FixtureServer(FixtureServer.Reply(steps: [.hold]))
        defer { server.stop() }
        let transport = self.transport
        let request = HTTPRequest(url: server.baseURL, purpose: .local("ollama"))
        let task = Task { try await transport.send(request, deadline: .untimed, logger: Logger(label: "t")) }
        // When the request is seen by the server, cancel
        for _ in 0..<1000 where server.requests.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        await #expect(throws: CodexError.cancelled) { _ = try await task.value }
        #expect(await server.waitForClientClose())
    }

    static func unusedLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw CodexError.io("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))  // closed on return, so nothing listens there
    }
}

import CodexCore
import CodexServer
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOEmbedded
import Synchronization

/// What a server test sends its requests through: the live server on a socket, or the router alone.
protocol ServerClient: Sendable {
    func execute(uri: String, method: HTTPTypes.HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?)
        async throws -> ServerResponse
    /// The port the server listens on; nil when requests go straight to the router.
    var port: Int? { get }
}

/// A whole response: status, header fields and body.
struct ServerResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer

    var text: String { String(buffer: body) }
    var json: JSONValue { (try? JSONValue.parse(Array(body.readableBytesView))) ?? .null }
}

extension ServerClient {
    func execute(
        uri: String, method: HTTPTypes.HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil
    ) async throws -> ServerResponse {
        try await execute(uri: uri, method: method, headers: headers, body: body)
    }

    /// POSTs `json` and returns the response.
    func post(_ uri: String, json: String, headers: HTTPFields = [:]) async throws -> ServerResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> ServerResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }
}

/// Requests over a real socket to the running server, made by codex's own HTTP client (libcurl).
/// Like a browser, it names the server `localhost` unless the test gives another `Host`.
struct LiveClient: ServerClient {
    let listeningPort: Int
    var port: Int? { listeningPort }
    private let transport = CurlTransport(policy: EgressPolicy(allowCloud: false))

    init(port: Int) { listeningPort = port }

    func execute(uri: String, method: HTTPTypes.HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?)
        async throws -> ServerResponse
    {
        guard let verb = CodexCore.HTTPRequest.Method(rawValue: method.rawValue),
            let url = URL(string: "http://127.0.0.1:\(listeningPort)\(uri)")
        else { throw CodexError.invalidInput("the live test client cannot send \(method) \(uri)") }
        var fields = headers.map { HTTPHeader($0.name.rawName, $0.value) }
        if !headers.contains(where: { $0.name.canonicalName == "host" }) { fields.append(HTTPHeader("Host", "localhost")) }
        let request = CodexCore.HTTPRequest(
            method: verb, url: url, headers: fields, body: body.map { Array($0.readableBytesView) },
            purpose: .local("test"))
        let (head, stream) = try await transport.send(request, deadline: .untimed, logger: ServerFixture.logger)
        var received = ByteBuffer()
        for try await chunk in stream { received.writeBytes(chunk) }
        var responseHeaders = HTTPFields()
        for header in head.headers {
            if let name = HTTPField.Name(header.name) { responseHeaders.append(HTTPField(name: name, value: header.value)) }
        }
        return ServerResponse(
            status: HTTPResponse.Status(code: head.status), headers: responseHeaders, body: received)
    }
}

/// Requests handed to the router and its middleware, with no socket in between; the host is
/// `localhost` and the channel an embedded one (no addresses).
struct RouterClient: ServerClient {
    let responder: RouterResponder<CodexRequestContext>
    var port: Int? { nil }

    func execute(uri: String, method: HTTPTypes.HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?)
        async throws -> ServerResponse
    {
        var headers = headers
        if let body { headers[.contentLength] = String(body.readableBytes) }
        let request = Request(
            head: HTTPTypes.HTTPRequest(
                method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
            body: RequestBody(buffer: body ?? ByteBuffer()))
        let context = CodexRequestContext(
            source: ApplicationRequestContextSource(channel: EmbeddedChannel(), logger: ServerFixture.logger))
        let response = try await responder.respond(to: request, context: context)
        let collector = BodyCollector()
        try await response.body.write(collector)
        return ServerResponse(status: response.status, headers: response.headers, body: collector.bytes.withLock { $0 })
    }

    /// Keeps what a response body writes.
    private final class BodyCollector: ResponseBodyWriter, Sendable {
        let bytes = Mutex(ByteBuffer())
        func write(_ buffer: ByteBuffer) async throws { _ = bytes.withLock { $0.writeImmutableBuffer(buffer) } }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}

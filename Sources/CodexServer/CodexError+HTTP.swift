import CodexCore
import Foundation
import HTTPTypes
import Hummingbird

/// `{"error":{"message","type","hint"}}`: the one error body every route returns.
struct ErrorBody: Codable, Sendable {
    struct Detail: Codable, Sendable {
        var message: String
        var type: String
        var hint: String?
    }
    var error: Detail
}

extension CodexError: ResponseGenerator {}
extension CodexError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch kind {
        case .invalidInput, .bundle: .badRequest
        case .notFound: .notFound
        case .unsupported: .unsupportedMediaType
        case .provider, .model, .network: .badGateway
        case .egress: .forbidden
        case .cancelled: .init(code: 499, reasonPhrase: "Client Closed Request")
        case .store, .ingest, .io, .config, .tool, .internal: .internalServerError
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        ErrorBody(error: .init(message: message, type: kind.rawValue, hint: hint)).response(status: status)
    }

    /// The error body as bytes, for errors that happen once a stream has started.
    var jsonBody: ErrorBody { ErrorBody(error: .init(message: message, type: kind.rawValue, hint: hint)) }
}

extension ErrorBody {
    func response(status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        let data = (try? JSONEncoder().encode(self)) ?? Data(#"{"error":{"message":"error","type":"internal"}}"#.utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Errors a client can cause at the HTTP layer, before any codex behaviour runs: each a `Refusal`,
/// so the wire has two error types (this and `CodexError`) and one body, `ErrorBody`.
enum ServerError {
    static func unauthorized() -> Refusal {
        Refusal(
            .unauthorized, "missing or wrong bearer token", type: "unauthorized",
            hint: "send Authorization: Bearer <the token codex serve was started with>",
            headers: [.wwwAuthenticate: "Bearer"])
    }
    static func tooLarge(limit: Int) -> Refusal {
        Refusal(.contentTooLarge, "the request body is larger than \(limit) bytes", type: "too_large", hint: nil)
    }
    static func tooDeep(limit: Int) -> CodexError {
        .invalidInput("the JSON body nests deeper than \(limit) levels", hint: "flatten the request")
    }
    static func missingHost() -> Refusal {
        Refusal(
            .badRequest, "the request has no Host header, or more than one", type: "invalid_input",
            hint: "send exactly one Host header, as every HTTP/1.1 client does")
    }
    /// A name an attacker could point at 127.0.0.1 (DNS rebinding); said without echoing it back.
    static func foreignHost() -> Refusal {
        Refusal(
            .forbidden, "this server does not answer to that host name", type: "forbidden",
            hint:
                "use http://127.0.0.1 or http://localhost with the server's port, or start codex serve with --allowed-host NAME"
        )
    }
    static func crossSite() -> Refusal {
        Refusal(
            .forbidden, "requests from another web site may not change anything here", type: "forbidden",
            hint:
                "use the web UI this server serves, a client outside the browser, or start codex serve with --cors-origin ORIGIN"
        )
    }
    /// Uploads are the one body a foreign page could send without a preflight; a custom header forces one.
    static func clientHeaderMissing() -> Refusal {
        Refusal(
            .forbidden, "uploads need the X-Codex-Client header (or the bearer token)", type: "forbidden",
            hint: "send -H 'X-Codex-Client: curl' (any value); a page on another web site cannot add it")
    }
    static func notJSON(_ contentType: String?) -> CodexError {
        CodexError(
            kind: .unsupported,
            message: "this route takes JSON, not \(contentType.map { "\"\($0)\"" } ?? "a body without Content-Type")",
            hint: "send Content-Type: application/json")
    }
    static func tooBusy(limit: Int) -> Refusal {
        Refusal(
            .tooManyRequests, "more than \(limit) requests at once from this client", type: "rate_limited",
            hint: "wait for earlier requests to finish, then retry", headers: [.retryAfter: "1"])
    }
}

/// A request refused at the HTTP layer, with its status, headers and the usual error body; thrown
/// or returned.
struct Refusal: HTTPResponseError {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ErrorBody

    init(_ status: HTTPResponse.Status, _ message: String, type: String, hint: String?, headers: HTTPFields = [:]) {
        self.status = status
        self.headers = headers
        body = ErrorBody(error: .init(message: message, type: type, hint: hint))
    }

    func response(from request: Request, context: some RequestContext) throws -> Response { response }
    var response: Response { body.response(status: status, headers: headers) }
}

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

/// Errors a client can cause at the HTTP layer, before any codex behaviour runs.
enum ServerError {
    static func unauthorized() -> ErrorBody {
        ErrorBody(error: .init(message: "missing or wrong bearer token", type: "unauthorized",
                               hint: "send Authorization: Bearer <the token codex serve was started with>"))
    }
    static func tooLarge(limit: Int) -> HTTPError {
        HTTPError(.contentTooLarge, message: "the request body is larger than \(limit) bytes")
    }
    static func tooDeep(limit: Int) -> CodexError {
        .invalidInput("the JSON body nests deeper than \(limit) levels", hint: "flatten the request")
    }
    static func tooBusy(limit: Int) -> ErrorBody {
        ErrorBody(error: .init(message: "more than \(limit) requests at once from this client", type: "rate_limited",
                               hint: "wait for earlier requests to finish, then retry"))
    }
}

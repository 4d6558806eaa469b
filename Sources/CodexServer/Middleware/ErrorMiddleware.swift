import CodexCore
import Hummingbird
import Logging
import NIOCore

/// Turns every error into the `{"error":…}` body: codex errors keep their kind, Hummingbird's own
/// (unknown route, body too large, bad JSON) keep their status; anything else is a 500 without detail.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as CodexError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let type =
                error.status == .contentTooLarge
                ? "too_large" : error.status == .notFound ? "not_found" : "invalid_input"
            let message = error.body ?? error.status.reasonPhrase.lowercased()
            return ErrorBody(error: .init(message: message, type: type, hint: nil))
                .response(status: error.status, headers: error.headers)
        } catch let error as Refusal {
            return error.response
        } catch is NIOTooManyBytesError {
            // A body over its limit that came without Content-Length (chunked) and was read elsewhere.
            return ErrorBody(error: .init(message: "the request body is too large", type: "too_large", hint: nil))
                .response(status: .contentTooLarge, headers: [.connection: "close"])
        } catch let error as DecodingError {
            context.logger.debug("undecodable body", metadata: ["error": "\(error)"])
            return try CodexError.invalidInput(
                "the JSON body does not match the expected fields: \(Self.describe(error))",
                hint: "see the API section of the README"
            ).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            // Other Hummingbird errors: their status, in the usual body.
            let message = error.status.reasonPhrase.lowercased()
            return ErrorBody(error: .init(message: message, type: "invalid_input", hint: nil)).response(
                status: error.status)
        } catch is CancellationError {
            return try CodexError.cancelled.response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return try CodexError.internal("the server failed to answer").response(from: request, context: context)
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "wrong type at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "invalid"
        }
    }
}

import HTTPTypes
import Hummingbird
import Logging

/// Answers only requests whose `Host` names this server (see `HostPolicy`): 403 for any other name,
/// before a handler runs, on every route including `/health` and the WebSocket upgrade.
struct HostGuardMiddleware: RouterMiddleware {
    typealias Context = CodexRequestContext
    let policy: HostPolicy
    let port: Int

    static let hostField = HTTPField.Name("Host")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // HTTP/1 `Host` becomes the request's authority; a second `Host` stays among the fields.
        guard let authority = request.head.authority, request.headers[values: Self.hostField].isEmpty else {
            return ServerError.missingHost().response
        }
        guard policy.allows(host: authority, on: context.endpoint(defaultPort: port)) else {
            context.logger.info(
                "refused a request for a foreign host name", metadata: ["host": "\(authority.prefix(100))"])
            return ServerError.foreignHost().response
        }
        return try await next(request, context)
    }
}

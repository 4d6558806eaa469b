import CodexCore
import Hummingbird
import Logging

/// On a server with users: `Authorization: Bearer TOKEN` must be one user's token on every route
/// but `/health` and the web UI's own files (the page asks for the token, then sends it). The
/// user goes into the request context, and the routes reach only their sessions.
///
/// The token is looked up by its SHA-256 (an indexed row), so the time taken tells nothing of
/// how close a guess was.
struct UserAuthMiddleware: RouterMiddleware {
    typealias Context = CodexRequestContext
    let users: TeamUsers

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        if path == "/health" || path == "/" || path.hasPrefix("/ui/") { return try await next(request, context) }
        let presented = request.headers[.authorization].flatMap { value -> String? in
            guard value.lowercased().hasPrefix("bearer ") else { return nil }
            return String(value.dropFirst(7))
        }
        guard let presented, let user = try await users.user(presenting: presented) else {
            context.logger.debug("rejected request without a user's token", metadata: ["path": "\(path)"])
            return ServerError.unauthorized().response
        }
        var context = context
        context.user = user
        return try await next(request, context)
    }
}

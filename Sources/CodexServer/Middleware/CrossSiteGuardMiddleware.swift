import HTTPTypes
import Hummingbird
import Logging

/// Refuses WebSocket upgrades and state-changing requests that a browser sent from another site:
/// an `Origin` other than this server's own (or `--cors-origin`), or `Sec-Fetch-Site` saying so.
///
/// Why this rule exists: a browser lets any page open a WebSocket to 127.0.0.1 and send "simple"
/// POSTs there without asking the server first; only these headers, which pages cannot forge,
/// say who is asking. Clients outside a browser send neither and are not affected.
struct CrossSiteGuardMiddleware: RouterMiddleware {
    typealias Context = CodexRequestContext
    let policy: HostPolicy
    let port: Int

    static let fetchSite = HTTPField.Name("Sec-Fetch-Site")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let upgrade = request.headers[.upgrade]?.lowercased() == "websocket"
        let changes = ![.get, .head, .options].contains(request.method)
        guard upgrade || changes else { return try await next(request, context) }
        let origin = request.headers[.origin]
        guard
            policy.allowsChange(
                origin: origin, fetchSite: request.headers[Self.fetchSite], on: context.endpoint(defaultPort: port))
        else {
            context.logger.info(
                "refused a cross-site request",
                metadata: ["origin": "\(origin?.prefix(100) ?? "none")", "path": "\(request.uri.path)"])
            return ServerError.crossSite().response
        }
        return try await next(request, context)
    }
}

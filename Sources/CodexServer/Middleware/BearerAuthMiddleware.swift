import Hummingbird
import Logging

/// Requires `Authorization: Bearer TOKEN` on every route but `/health`; compares in constant time
/// so the response time tells an attacker nothing about how much of a guess was right.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if request.uri.path == "/health" { return try await next(request, context) }
        let presented = request.headers[.authorization].flatMap { value -> [UInt8]? in
            guard value.lowercased().hasPrefix("bearer ") else { return nil }
            return Array(value.dropFirst(7).utf8)
        }
        guard let presented, Self.constantTimeEqual(presented, token) else {
            context.logger.debug("rejected request without a valid bearer token", metadata: ["path": "\(request.uri.path)"])
            return ServerError.unauthorized().response
        }
        return try await next(request, context)
    }

    /// Equal length and bytes; time depends only on the lengths, never on where they differ.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}

import Hummingbird
import Synchronization

/// At most `limit` requests in flight per client address; the rest get 429 at once rather than
/// queueing behind a slow model.
struct ConcurrencyLimitMiddleware: RouterMiddleware {
    typealias Context = CodexRequestContext
    let limit: Int
    let inFlight = InFlightCounter()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let key = context.clientKey
        guard inFlight.enter(key, limit: limit) else {
            return ServerError.tooBusy(limit: limit).response
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            inFlight.leave(key)
            throw error
        }
        // A streamed body runs after the handler returns: the slot is freed when it ends.
        let body = response.body
        let counter = inFlight
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { counter.leave(key) }
            try await body.write(writer)
        }
        return response
    }
}

/// Counts requests in flight per key; shared by every connection.
final class InFlightCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func enter(_ key: String, limit: Int) -> Bool {
        counts.withLock { counts in
            let current = counts[key, default: 0]
            guard current < limit else { return false }
            counts[key] = current + 1
            return true
        }
    }

    func leave(_ key: String) {
        counts.withLock { counts in
            let remaining = counts[key, default: 1] - 1
            counts[key] = remaining > 0 ? remaining : nil
        }
    }
}

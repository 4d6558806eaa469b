/// When and how long to wait before asking a busy provider again.
///
/// Only statuses that mean "try later" are retried (429 rate limits, 503 busy), only before any
/// byte of the reply reached the user, and never a 429 for an exhausted quota (retrying a billing
/// problem only wastes time). The provider's own `retry-after-ms` or `Retry-After` wins over the
/// exponential backoff.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var retryableStatuses: Set<Int>

    public init(
        maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
        retryableStatuses: Set<Int> = [429, 503]
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryableStatuses = retryableStatuses
    }

    public static let standard = RetryPolicy()
    public static let never = RetryPolicy(maxAttempts: 1)

    /// Whether this failure is worth another attempt at all.
    func isRetryable(_ failure: ProviderFailure) -> Bool {
        guard let status = failure.status, retryableStatuses.contains(status) else { return false }
        return !failure.names("insufficient_quota")
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1); nil when the server asks for
    /// longer than `maxDelay`, which is then reported instead of waited out.
    func delay(after attempt: Int, head: ResponseHead) -> Duration? {
        if let requested = Self.requestedDelay(head) { return requested <= maxDelay ? requested : nil }
        let exponential = baseDelay * (1 << min(attempt - 1, 16))
        return min(exponential, maxDelay)
    }

    /// The wait the server asked for: `retry-after-ms` (OpenAI, Azure) first, then `Retry-After` in seconds.
    static func requestedDelay(_ head: ResponseHead) -> Duration? {
        if let millis = head.header("retry-after-ms").flatMap(Double.init), millis >= 0 {
            return .milliseconds(Int64(millis))
        }
        if let seconds = head.header("retry-after").flatMap(Double.init), seconds >= 0 {
            return .milliseconds(Int64(seconds * 1000))
        }
        return nil
    }
}

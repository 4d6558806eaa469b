import Foundation

extension ProviderClient {
    /// Maps an HTTP error reply to a `CodexError` with this provider's hints. The provider's own
    /// words are kept (they say what went wrong), with credentials scrubbed out.
    func error(for failure: ProviderFailure, model: String?, retryAfter: Duration?) -> CodexError {
        let id = provider.id
        let detail = redact(failure.message)
        let lowered = detail.lowercased()
        let status = failure.status ?? 0
        switch status {
        case 401, 403:
            return .providerUnauthorized(id, status: status, detail: detail, help: provider.help)
        case 404
        where model != nil && !lowered.contains("page not found")
            && (lowered.contains("not found") || lowered.contains("does not exist")
                || failure.names("model_not_found", "DeploymentNotFound", "not_found_error")):
            return .modelNotFound(id, model: model ?? "", detail: detail, help: provider.help)
        case 429:
            return failure.names("insufficient_quota")
                ? .providerQuotaExceeded(id, detail: detail)
                : .providerRateLimited(id, detail: detail, retryAfter: retryAfter)
        case 503 where failure.names("unavailable_error") || lowered.contains("loading model"):
            return .providerLoading(id, detail: detail)
        case 503, 502, 504:
            return .providerBusy(id, status: status, detail: detail)
        case 400 where failure.isContextOverflow, 413 where failure.isContextOverflow:
            return .contextTooLong(
                id, detail: detail, promptTokens: failure.promptTokens, contextLength: failure.contextLength)
        case 400 where lowered.contains("does not support"):
            return .providerUnsupported(id, capability: "this request", detail: detail)
        case 404, 405, 501:
            return .providerUnsupported(id, capability: "this endpoint", detail: "HTTP \(status): \(detail)")
        default:
            return .providerError(id, status: status, detail: detail)
        }
    }

    /// An error object that arrived inside a streamed reply (after the 200 head).
    func streamError(_ failure: ProviderFailure) -> CodexError {
        let detail = redact(failure.message)
        if failure.isContextOverflow {
            return .contextTooLong(
                provider.id, detail: detail, promptTokens: failure.promptTokens, contextLength: failure.contextLength)
        }
        let kind = failure.type.map { " [\($0)]" } ?? ""
        return .providerStreamError(provider.id, detail: detail + kind)
    }

    /// Says "Ollama is not running" instead of "connection refused"; other failures pass through.
    func transportError(_ error: any Error, for request: HTTPRequest) -> any Error {
        if error is CancellationError { return CodexError.cancelled }
        guard let error = error as? CodexError else { return error }
        let address = CurlTransport.address(of: request.url)
        if error == .connectionRefused(address) {
            return CodexError.providerNotRunning(provider.id, at: address, help: provider.help)
        }
        return error
    }

    /// Removes the provider's credentials, and anything that looks like an OpenAI key, from `text`.
    func redact(_ text: String) -> String {
        var result = text
        for secret in provider.secrets where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: "[redacted]")
        }
        guard result.contains("sk-") else { return result }
        return result.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("sk-") && $0.count > 8 ? "sk-[redacted]" : String($0) }
            .joined(separator: " ")
    }
}

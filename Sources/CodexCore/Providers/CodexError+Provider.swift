extension CodexError {
    public static func providerNotRunning(_ provider: ProviderID, at address: String, help: ProviderHelp) -> CodexError
    {
        CodexError(kind: .provider, message: "\(provider) is not running at \(address)", hint: help.start)
    }

    public static func modelNotFound(_ provider: ProviderID, model: String, detail: String, help: ProviderHelp)
        -> CodexError
    {
        CodexError(
            kind: .notFound, message: "\(provider) has no model \"\(model)\" (\(detail))",
            hint: help.missingModel(model))
    }

    public static func providerUnauthorized(_ provider: ProviderID, status: Int, detail: String, help: ProviderHelp)
        -> CodexError
    {
        CodexError(
            kind: .provider, message: "\(provider) refused the credentials (HTTP \(status): \(detail))",
            hint: help.credential ?? "check the server's authentication settings")
    }

    public static func providerRateLimited(_ provider: ProviderID, detail: String, retryAfter: Duration?) -> CodexError
    {
        let wait = retryAfter.map { "wait \($0.shortDescription) and try again" } ?? "wait a little and try again"
        return CodexError(
            kind: .provider, message: "\(provider) is rate limiting requests (HTTP 429: \(detail))", hint: wait)
    }

    public static func providerQuotaExceeded(_ provider: ProviderID, detail: String) -> CodexError {
        CodexError(
            kind: .provider, message: "\(provider) says the account's quota is used up (\(detail))",
            hint: "check the plan and billing details of the account, or use a local model")
    }

    public static func providerBusy(_ provider: ProviderID, status: Int, detail: String) -> CodexError {
        CodexError(
            kind: .provider, message: "\(provider) is too busy to answer (HTTP \(status): \(detail))",
            hint: "try again in a moment, or lower the number of parallel requests")
    }

    public static func providerLoading(_ provider: ProviderID, detail: String) -> CodexError {
        CodexError(
            kind: .provider, message: "\(provider) is still loading its model (\(detail))",
            hint: "wait until the server has loaded the model, then try again")
    }

    /// The server is running and refused the prompt as longer than its window. codex plans every
    /// prompt to fit and retries once with the server's own count, so this reaches the user only
    /// when the window codex was told is wrong.
    public static func contextTooLong(
        _ provider: ProviderID, detail: String, promptTokens: Int? = nil, contextLength: Int? = nil
    ) -> CodexError {
        var error = CodexError(
            kind: .model,
            message: "\(provider) is running but refused the prompt as longer than its context window (\(detail))",
            hint:
                "set CODEX_CONTEXT_LENGTH to the context length the server runs with (llama-server -c N), or start the server with a larger one"
        )
        error.contextOverflow = ContextOverflow(promptTokens: promptTokens, contextLength: contextLength)
        return error
    }

    public static func providerUnsupported(_ provider: ProviderID, capability: String, detail: String? = nil)
        -> CodexError
    {
        let suffix = detail.map { " (\($0))" } ?? ""
        return CodexError(
            kind: .unsupported, message: "\(provider) does not offer \(capability)\(suffix)",
            hint: "choose another provider or model for this")
    }

    public static func providerError(_ provider: ProviderID, status: Int, detail: String) -> CodexError {
        CodexError(
            kind: .provider,
            message: status >= 500
                ? "\(provider) failed with HTTP \(status): \(detail)"
                : "\(provider) is running but refused the request (HTTP \(status): \(detail))",
            hint: status >= 500
                ? "the server failed; check its log and try again"
                : "check the model name (--model) and the request settings (--max-tokens); the server's log says more")
    }

    public static func providerStreamError(_ provider: ProviderID, detail: String) -> CodexError {
        CodexError(
            kind: .provider, message: "\(provider) reported an error in the middle of the reply: \(detail)",
            hint: "the partial answer was kept; try again, and check the server's log if it keeps happening")
    }

    public static func providerTruncated(_ provider: ProviderID, detail: String? = nil) -> CodexError {
        let suffix = detail.map { " (\($0))" } ?? ""
        return CodexError(
            kind: .provider, message: "the reply from \(provider) stopped before it was complete\(suffix)",
            hint: "the partial answer was kept and marked incomplete; try again (the server may have crashed)")
    }

    public static func providerGarbled(_ provider: ProviderID, what: String) -> CodexError {
        CodexError(
            kind: .provider, message: "\(provider) sent a reply codex could not read (\(what))",
            hint: "check that the URL points at a \(provider) server and that its version is supported")
    }
}

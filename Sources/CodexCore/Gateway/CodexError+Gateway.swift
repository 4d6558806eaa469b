extension CodexError {
    static func cloudProviderNotAllowed(_ provider: String) -> CodexError {
        CodexError(
            kind: .egress, message: "MODEL_PROVIDER is \(provider), a cloud provider, but cloud use is not allowed",
            hint: "set CODEX_ALLOW_CLOUD=1 to allow sending prompts to \(provider), or use a local provider")
    }

    static func missingCredential(provider: String, variable: String) -> CodexError {
        CodexError(
            kind: .config, message: "\(provider) is selected but not configured",
            hint: "set \(variable) (in the environment, .env or config.toml)")
    }

    /// Every provider was tried; `tried` lists each with why it could not answer.
    public static func noProviderReachable(tried: [(ProviderID, String)]) -> CodexError {
        let detail = tried.isEmpty ? "none is configured" : tried.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
        return CodexError(
            kind: .provider, message: "no model provider could answer (\(detail))",
            hint:
                "start a local model server, e.g. `ollama serve` then `ollama pull llama3.2`, or point OPENAI_COMPATIBLE_BASE_URL at a running llama.cpp server"
        )
    }

    /// Every provider failed, and `refusal` came from one that is running: the hint is that
    /// provider's (the request, the model, the credentials), not how to start a server.
    public static func noProviderAnswered(
        refusal: CodexError, from provider: ProviderID, others: [(ProviderID, String)]
    )
        -> CodexError
    {
        let also = others.isEmpty ? "" : "; also tried " + others.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
        // Still a provider failure (the server answers 502): what failed is upstream of codex.
        var error = CodexError(kind: .provider, message: refusal.message + also, hint: refusal.hint)
        error.contextOverflow = refusal.contextOverflow
        return error
    }

    static func noChatModel(_ provider: ProviderID) -> CodexError {
        CodexError(
            kind: .model, message: "\(provider) is running but has no chat model",
            hint: provider == .ollama ? "run `ollama pull llama3.2`" : "load a model in the server, or pass --model")
    }
}

extension CodexError {
    static func noCompletionProvider(available: [ProviderID]) -> CodexError {
        CodexError(
            kind: .provider,
            message:
                "none of the running providers completes code (running: \(available.map(\.rawValue).joined(separator: ", ")))",
            hint: "start TabbyML (TABBY_URL), Ollama with a code model, or a llama.cpp server")
    }
}

import Foundation

/// The model's window and served name, from what OpenAI-compatible servers publish beyond the
/// OpenAI API: each entry of `/v1/models` may carry it — llama.cpp in `meta` (`n_ctx`, the
/// window of one request slot, and `n_ctx_train`), vLLM as `max_model_len`, LM Studio as
/// `loaded_context_length` / `max_context_length` — and llama.cpp builds whose `meta` lacks
/// `n_ctx` still say it in `/props` (`default_generation_settings.n_ctx`). Servers that say
/// nothing leave the window to the configured value.
extension OpenAICompatibleProvider {
    public func modelDetailsRequest(_ model: String) throws -> HTTPRequest {
        try modelsRequest()
    }

    public func decodeModelDetails(_ response: JSONValue, model: String) throws -> ModelDetails {
        let entries = response["data"]?.arrayValue ?? []
        let named = entries.first { entry in
            entry["id"]?.stringValue == model
                || (entry["aliases"]?.arrayValue ?? []).contains { $0.stringValue == model }
        }
        // llama.cpp serving one model answers whatever name is asked for with that model.
        let only: JSONValue? = entries.count == 1 ? entries.first : nil
        guard let entry = named ?? only else { return ModelDetails(id: model) }
        let meta = entry["meta"]
        let isLlamaCpp = entry["owned_by"]?.stringValue == "llamacpp"
        return ModelDetails(
            id: model,
            contextLength: meta?["n_ctx_train"]?.intValue ?? entry["max_context_length"]?.intValue
                ?? entry["context_length"]?.intValue,
            servedContextLength: meta?["n_ctx"]?.intValue ?? entry["max_model_len"]?.intValue
                ?? entry["loaded_context_length"]?.intValue,
            servedName: isLlamaCpp ? entry["id"]?.stringValue.map(Self.displayName) : nil)
    }

    /// llama.cpp only (its `/v1/models` entries are `owned_by: llamacpp`), and only when the
    /// window is still unknown. `/props` sits beside `/v1`, not under it.
    public func serverPropsRequest(after details: ModelDetails) -> HTTPRequest? {
        guard details.servedContextLength == nil, details.servedName != nil else { return nil }
        var root = baseURL.absoluteString
        while root.hasSuffix("/") { root.removeLast() }
        if root.hasSuffix("/v1") { root.removeLast(3) }
        guard let url = URL(string: root + "/props") else { return nil }
        return HTTPRequest(url: url, headers: requestHeaders, purpose: purpose, timeouts: timeouts)
    }

    public func decodeServerProps(_ response: JSONValue, into details: inout ModelDetails) {
        details.servedContextLength =
            response["default_generation_settings"]?["n_ctx"]?.intValue ?? response["n_ctx"]?.intValue
        if let alias = response["model_alias"]?.stringValue ?? response["model_path"]?.stringValue {
            details.servedName = Self.displayName(alias)
        }
    }

    /// llama.cpp names a model by the path it was loaded from unless started with `--alias`; the
    /// file name is its name, and the folders (often a home directory) stay out of sessions and bundles.
    static func displayName(_ served: String) -> String {
        guard served.contains("/"), served.lowercased().hasSuffix(".gguf") else { return served }
        return String(served.split(separator: "/").last ?? Substring(served))
    }
}

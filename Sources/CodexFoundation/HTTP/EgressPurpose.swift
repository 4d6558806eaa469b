/// Why a request leaves the process: for which provider, and whether that provider is a cloud service.
public enum EgressPurpose: Sendable, Hashable {
    /// A model server expected on this machine (Ollama, TabbyML, llama.cpp…), named by provider id.
    case local(String)
    /// A cloud provider (OpenAI, Azure OpenAI), allowed only when the user opted in.
    case cloud(String)

    public var providerName: String {
        switch self {
        case .local(let name), .cloud(let name): return name
        }
    }
}

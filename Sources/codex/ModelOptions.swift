import ArgumentParser
import CodexCore

extension ProviderChoice: ExpressibleByArgument {}

/// The model a command talks to, declared once for ask, chat and complete.
struct ModelOptions: ParsableArguments {
    @Option(help: "Model to use (default: the provider's configured or first model).")
    var model: String?

    @Option(help: "Provider to use (default: auto, local servers first).")
    var provider: ProviderChoice?

    @Option(help: "Longest reply, in tokens (default: ask 512, complete 128, chat the server's).")
    var maxTokens: Int?

    /// --provider as a setting: it narrows the gateway's catalog as MODEL_PROVIDER would.
    var settingFlags: [SettingKey: String] { provider.map { [.provider: $0.rawValue] } ?? [:] }

    func validate() throws {
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1.") }
    }
}

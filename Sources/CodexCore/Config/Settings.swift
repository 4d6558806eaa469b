import Foundation

/// Which model server answers: `auto` tries local ones first, cloud only when allowed.
public enum ProviderChoice: String, Sendable, Codable, CaseIterable {
    case auto
    case ollama
    case tabbyml
    case openAICompatible = "openai-compatible"
    case openai
    case azure
}

/// Every setting with the value that won and where it came from.
///
/// Precedence: flags > environment > `.env` (working directory, then `$CODEX_HOME/.env`) >
/// `$CODEX_HOME/config.toml` > built-in defaults.
public struct Settings: Sendable, Equatable {
    public private(set) var values: [SettingKey: String]
    public private(set) var origins: [SettingKey: Origin]

    public init(values: [SettingKey: String] = [:], origins: [SettingKey: Origin] = [:]) {
        self.values = values
        self.origins = origins
        for key in SettingKey.allCases where self.values[key] == nil {
            if let value = key.builtInDefault {
                self.values[key] = value
                self.origins[key] = .builtIn
            }
        }
    }

    public subscript(_ key: SettingKey) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }

    /// Sets a value as if given on the command line.
    public mutating func override(_ key: SettingKey, with value: String?) {
        guard let value else { return }
        values[key] = value
        origins[key] = .flag
    }

    public func provider() throws -> ProviderChoice {
        let raw = self[.provider] ?? "auto"
        guard let choice = ProviderChoice(rawValue: raw.lowercased()) else {
            throw CodexError.invalidSetting(
                .provider, value: raw, expected: ProviderChoice.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }

    /// Whether requests may leave the machine for a cloud provider.
    public func allowsCloud() throws -> Bool {
        switch (self[.allowCloud] ?? "0").lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        case let other: throw CodexError.invalidSetting(.allowCloud, value: other, expected: "1 or 0")
        }
    }

    /// A URL setting, checked: scheme http(s) and a host.
    public func url(_ key: SettingKey) throws -> URL? {
        guard let raw = self[key] else { return nil }
        // OLLAMA_HOST is often written without a scheme ("127.0.0.1:11434"), as ollama itself accepts.
        let text = raw.contains("://") ? raw : "http://" + raw
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else { throw CodexError.invalidSetting(key, value: raw, expected: "an http:// or https:// URL") }
        return url
    }

    /// The value as `codex doctor` shows it: secrets masked.
    public func displayValue(_ key: SettingKey) -> String? {
        guard let value = self[key] else { return nil }
        return key.isSecret ? Self.mask(value) : value
    }

    /// `sk-…wxyz`: enough to tell two keys apart, never enough to use one.
    public static func mask(_ secret: String) -> String {
        guard secret.count > 8 else { return String(repeating: "•", count: min(secret.count, 4)) }
        return "\(secret.prefix(3))…\(secret.suffix(4))"
    }
}

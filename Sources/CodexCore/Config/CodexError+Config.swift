extension CodexError {
    static func invalidConfig(path: String, line: Int, reason: String) -> CodexError {
        CodexError(
            kind: .config, message: "\(path):\(line): \(reason)",
            hint: "fix that line; codex reads KEY=VALUE in .env files and scalar key = value pairs in config.toml")
    }

    static func invalidSetting(_ key: SettingKey, value: String, expected: String) -> CodexError {
        CodexError(
            kind: .config,
            message: "\(key.environmentName) is \"\(key.isSecret ? Settings.mask(value) : value)\", expected \(expected)",
            hint: "set \(key.environmentName) (or \(key.fileKey) in config.toml) to \(expected)")
    }
}

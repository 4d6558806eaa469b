import Foundation

/// Merges the configuration layers into `Settings`.
public struct SettingsLoader: Sendable {
    public var environment: [String: String]
    public var workingDirectory: String
    public var codexHome: String

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        codexHome: String? = nil
    ) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.codexHome = codexHome ?? CodexHome.path(environment: environment)
    }

    public var dotEnvPaths: [String] { [workingDirectory + "/.env", codexHome + "/.env"] }
    public var configFilePath: String { codexHome + "/config.toml" }

    /// - Throws: `CodexError` naming the file and line of a malformed `.env` or config.toml.
    public func load(flags: [SettingKey: String] = [:]) throws -> Settings {
        var values: [SettingKey: String] = [:]
        var origins: [SettingKey: Origin] = [:]
        func apply(_ key: SettingKey, _ value: String?, _ origin: Origin) {
            guard values[key] == nil, let value else { return }
            values[key] = value
            origins[key] = origin
        }
        // Highest precedence first; each layer fills only what is still unset.
        for (key, value) in flags { apply(key, value, .flag) }
        for key in SettingKey.allCases {
            apply(key, environment[key.environmentName], .environment(key.environmentName))
        }
        for path in dotEnvPaths {
            guard let text = try Self.readIfPresent(path) else { continue }
            let fileValues = try DotEnvParser.parse(text, path: path)
            for key in SettingKey.allCases { apply(key, fileValues[key.environmentName], .dotEnv(path: path)) }
        }
        if let text = try Self.readIfPresent(configFilePath) {
            let fileValues = try TOMLSubsetParser.parse(text, path: configFilePath)
            let known = Set(SettingKey.allCases.map(\.fileKey))
            if let unknown = fileValues.keys.sorted().first(where: { !known.contains($0) }) {
                throw CodexError(
                    kind: .config, message: "\(configFilePath): unknown setting \"\(unknown)\"",
                    hint: "known settings: " + SettingKey.allCases.map(\.fileKey).joined(separator: ", "))
            }
            for key in SettingKey.allCases { apply(key, fileValues[key.fileKey], .file(path: configFilePath)) }
        }
        return Settings(values: values, origins: origins)
    }

    private static func readIfPresent(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CodexError.io("cannot read \(path)", hint: "check its permissions, or remove it")
        }
    }
}

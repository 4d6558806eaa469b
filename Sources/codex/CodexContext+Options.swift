import CodexCore
import Foundation
import Logging

extension CodexContext {
    /// What a command needs, from its options and the layered settings (`flags` over the
    /// environment, `.env` and `config.toml`); `CODEX_LOG` sets how much is logged.
    convenience init(_ global: GlobalOptions, flags: [SettingKey: String] = [:]) throws {
        var logger = Logger(label: "codex")
        logger.logLevel = ProcessInfo.processInfo.environment["CODEX_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        self.init(settings: try SettingsLoader().load(flags: flags), store: try global.openStore(), logger: logger)
    }
}

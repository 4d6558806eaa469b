import CodexCore
import Foundation
import Logging

/// What a command needs, built from its options and the layered settings.
struct CodexRuntime {
    let settings: Settings
    let database: CodexDatabase
    let logger: Logger

    init(_ global: GlobalOptions, flags: [SettingKey: String] = [:]) throws {
        settings = try SettingsLoader().load(flags: flags)
        database = try global.openDatabase()
        var logger = Logger(label: "codex")
        logger.logLevel = ProcessInfo.processInfo.environment["CODEX_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        self.logger = logger
    }

    func gateway() throws -> Gateway { try Gateway.configured(settings: settings, logger: logger) }

    /// The embedder for questions: the built-in one, loaded only if a collection has its vectors.
    func queryEmbedder() -> (any Embedder)? {
        BuiltinEmbedderFactory.lazy()
    }

    func questions() -> DocumentQuestions {
        DocumentQuestions(database: database, embedder: queryEmbedder())
    }

    func assistant() throws -> Assistant {
        Assistant(
            database: database, memory: SQLiteMemoryStore(database: database), gateway: try gateway(),
            questions: questions(), logger: logger)
    }
}

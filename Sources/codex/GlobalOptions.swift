import ArgumentParser
import CodexCore
import CodexStores
import Foundation

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Store to use: a SQLite file, or a postgres:// URL for a team server (default: $CODEX_STORE or store in config.toml, else $CODEX_HOME/codex.sqlite).")
    var store: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print no progress, only results and errors.")
    var quiet = false

    /// The resolved store: --store, else `store` in the settings ($CODEX_STORE, .env, config.toml),
    /// else the default file under CODEX_HOME > XDG_DATA_HOME > ~/.local/share.
    var storePath: String { StoreLocation.storePath(flag: store ?? (try? SettingsLoader().load())?[.store]) }

    /// Whether to draw progress bars: only on a terminal, and never with --quiet or --json.
    var showsProgress: Bool { !quiet && !json && Terminal.standardErrorIsTerminal }

    /// Opens the store `--store` names (a SQLite file; a URL scheme no backend handles is refused).
    func openStore() throws -> CodexStore { try StoreLocation.open(storePath) }
}

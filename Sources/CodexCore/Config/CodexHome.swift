import Foundation

/// codex's own folder: `$CODEX_HOME`, else `$XDG_DATA_HOME/codex`, else `~/.local/share/codex`.
/// The default store, the settings file, models, plugins and `mcp.json` live under it.
///
/// In Config, not Store: the settings, the model folders and the tools find their files here,
/// and none of them should depend on where the store happens to live.
public enum CodexHome {
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["CODEX_HOME"], !home.isEmpty { return home }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/codex" }
        let userHome = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return userHome + "/.local/share/codex"
    }
}

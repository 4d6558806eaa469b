import Foundation

/// Where the codex database lives: `--store PATH`, else `$CODEX_HOME/codex.sqlite`, where
/// `CODEX_HOME` defaults to `$XDG_DATA_HOME/codex`, else `~/.local/share/codex`.
public enum StoreLocation {
    public static func codexHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["CODEX_HOME"], !home.isEmpty { return home }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/codex" }
        let userHome = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return userHome + "/.local/share/codex"
    }

    public static func storePath(
        flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let flag, !flag.isEmpty { return flag }
        return codexHome(environment: environment) + "/codex.sqlite"
    }
}

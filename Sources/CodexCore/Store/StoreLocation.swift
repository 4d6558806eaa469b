import Foundation

/// Where the store lives: `--store`, else `$CODEX_STORE`, else `$CODEX_HOME/codex.sqlite`, where
/// `CODEX_HOME` defaults to `$XDG_DATA_HOME/codex`, else `~/.local/share/codex`.
///
/// A plain path is a SQLite file. A URL (`scheme://…`) names a store on a server; its scheme
/// picks the backend in `open` (which lives beside the backends, in CodexStores), and a scheme
/// no backend handles is refused rather than taken for a file path.
public enum StoreLocation {
    /// The store as given: the flag, the environment, or the default file.
    public static func storePath(
        flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let named = environment["CODEX_STORE"], !named.isEmpty { return named }
        return CodexHome.path(environment: environment) + "/codex.sqlite"
    }

    /// The URL scheme of `location` (`"postgres"` for `postgres://…`), nil for a file path.
    public static func scheme(of location: String) -> String? {
        guard let separator = location.range(of: "://") else { return nil }
        let scheme = location[..<separator.lowerBound]
        guard let first = scheme.first, first.isLetter,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        else { return nil }
        return scheme.lowercased()
    }
}

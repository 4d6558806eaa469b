import Foundation

/// Where the built-in embedder's weights live. codex never downloads them: `scripts/setup.sh`
/// fetches them once, and this only looks, in order, at
/// 1. `$CODEX_MODEL_DIR` (a directory holding `model.safetensors` and `vocab.txt`);
/// 2. `$CODEX_HOME/models/<name>` (see `CodexHome.path()`);
/// 3. `<executable's dir>/../../models/<name>` — the repository's `models/` for `.build/release/codex`
///    (and `../../../models` for the real path behind that symlink, `.build/<triple>/release/codex`);
/// 4. `<executable's dir>/../share/codex/models/<name>` — an installed layout (`/usr/local/bin/codex`).
/// When `CODEX_MODEL_DIR` is set it is the only place looked at, so a typo there is not masked.
public enum ModelLocation {
    public static let builtinModelName = "all-minilm-l6-v2"
    static let requiredFiles = ["model.safetensors", "vocab.txt"]

    /// The directories looked at, in order, for `name`.
    public static func candidates(
        name: String = builtinModelName,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String? = Bundle.main.executablePath
    ) -> [String] {
        if let explicit = environment["CODEX_MODEL_DIR"], !explicit.isEmpty { return [explicit] }
        var candidates: [String] = []
        candidates.append(CodexHome.path(environment: environment) + "/models/" + name)
        if let executablePath {
            let directory = URL(fileURLWithPath: executablePath).deletingLastPathComponent()
            for relative in ["../../models/", "../../../models/", "../share/codex/models/"] {
                candidates.append(directory.appendingPathComponent(relative + name).standardized.path)
            }
        }
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted }
    }

    /// The first candidate holding every required file.
    /// - Throws: `CodexError.modelMissing`, whose hint is the setup command.
    public static func resolve(
        name: String = builtinModelName,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String? = Bundle.main.executablePath
    ) throws -> String {
        let searched = candidates(name: name, environment: environment, executablePath: executablePath)
        let manager = FileManager.default
        for directory in searched
        where requiredFiles.allSatisfy({ manager.isReadableFile(atPath: directory + "/" + $0) }) {
            return directory
        }
        throw CodexError.modelMissing(name, searched: searched)
    }
}

/// The version printed by `codex --version` and recorded in bundles.
public enum CodexVersion {
    public static let current = "0.1.0"
}

import CodexCore

/// The HTTP face of codex.
public enum CodexServerInfo {
    public static let version = CodexVersion.current
}

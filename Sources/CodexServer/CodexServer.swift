import CodexCore

/// The HTTP face of codex; routes arrive with the server issue.
public enum CodexServerInfo {
    public static let version = CodexVersion.current
}

/// Caps that keep one tool call from flooding the model's context or hanging the turn.
public struct ToolLimits: Sendable, Equatable {
    /// Largest file `read_file` returns (bytes); larger files need a line range.
    public var maxReadBytes = 256 * 1024
    /// Most text a tool result may carry back to the model (bytes).
    public var maxResultBytes = 32 * 1024
    /// `grep_files`: files scanned, matches returned, bytes read per file.
    public var maxGrepFiles = 5_000
    public var maxGrepMatches = 200
    public var maxGrepFileBytes = 4 * 1024 * 1024
    /// `list_files`: entries returned.
    public var maxListEntries = 500
    /// Processes (shell commands, plugins): wall-clock time and captured output.
    public var processTimeout: Duration = .seconds(30)
    public var processOutputBytes = 64 * 1024

    public init() {}
}

import Foundation

/// What a tool may reach: folders, the document store, limits, and the person at the keyboard.
public struct ToolContext: Sendable {
    public var roots: AllowedRoots
    /// For `search_docs`; nil when no store is open.
    public var search: DocumentSearch?
    /// The collection `search_docs` searches when the model names none.
    public var collection: String?
    public var workingDirectory: String
    public var limits: ToolLimits
    /// The shell tool runs only when this is on (`--allow-shell` or `tools.allow_shell` in config).
    public var allowShell: Bool
    /// Commands the shell tool may run (first word, no path).
    public var shellCommands: Set<String>
    /// Asked before each shell command; false refuses it. nil runs without asking (`--yes`).
    public var confirm: (@Sendable (ToolCall) async -> Bool)?

    /// Commands that read and count but do not change anything.
    public static let defaultShellCommands: Set<String> = [
        "ls", "cat", "head", "tail", "wc", "grep", "find", "du", "df", "date", "echo", "pwd", "sort", "uniq",
        "cut", "file", "stat", "uname", "git",
    ]

    public init(
        roots: AllowedRoots, search: DocumentSearch? = nil, collection: String? = nil,
        workingDirectory: String = FileManager.default.currentDirectoryPath, limits: ToolLimits = ToolLimits(),
        allowShell: Bool = false, shellCommands: Set<String> = ToolContext.defaultShellCommands,
        confirm: (@Sendable (ToolCall) async -> Bool)? = nil
    ) {
        self.roots = roots
        self.search = search
        self.collection = collection
        self.workingDirectory = workingDirectory
        self.limits = limits
        self.allowShell = allowShell
        self.shellCommands = shellCommands
        self.confirm = confirm
    }
}

import Foundation

/// Something the model may call: a name, one sentence for the model, JSON-Schema parameters and
/// an async `run`.
///
/// Metadata are instance properties rather than statics so that plugins, whose description is
/// only known once their executable answers `--describe`, are tools like the built-ins.
public protocol Tool: Sendable {
    /// The name the model calls, e.g. "csv_summary".
    var name: String { get }
    /// One sentence, shown to the model.
    var summary: String { get }
    /// A JSON Schema object (the subset `JSONSchemaValidator` checks).
    var parameters: JSONValue { get }
    /// Runs with arguments already validated against `parameters`.
    ///
    /// A `CodexError` thrown here becomes the tool result the model reads, so its message should
    /// say what to change ("`path` is outside the allowed folders").
    func run(_ arguments: JSONValue, in context: ToolContext) async throws -> ToolOutput
}

extension Tool {
    /// How the tool is offered to a provider.
    public var spec: ToolSpec { ToolSpec(name: name, description: summary, parameters: parameters) }
}

/// What a tool answers: text for the model, and optionally structured data for programs (the
/// server, `codex tools run --json`).
public struct ToolOutput: Sendable, Equatable {
    public var text: String
    public var data: JSONValue?

    public init(text: String, data: JSONValue? = nil) {
        self.text = text
        self.data = data
    }
}

/// The result of one call through the registry: what the model is told, and whether it failed.
public struct ToolResult: Sendable, Equatable {
    public var call: ToolCall
    public var output: ToolOutput
    /// True when the call was refused or failed; `output.text` then explains why, for the model.
    public var isError: Bool

    public init(call: ToolCall, output: ToolOutput, isError: Bool) {
        self.call = call
        self.output = output
        self.isError = isError
    }

    /// One line for people: the first line of the text, shortened.
    public var summary: String {
        let first = output.text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        let line = first.count > 160 ? String(first.prefix(157)) + "..." : first
        return isError ? "error: \(line)" : line
    }
}

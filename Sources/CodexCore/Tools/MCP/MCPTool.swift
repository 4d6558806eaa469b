/// One tool of an MCP server, offered to the model as `SERVER__TOOL` (see `MCPToolName`).
public struct MCPTool: Tool {
    public let name: String
    /// The server's name in mcp.json.
    public let server: String
    /// The tool's own name on that server.
    public let toolName: String
    public let summary: String
    public let parameters: JSONValue
    let pool: MCPServerPool

    init(name: String, server: String, description: MCPToolDescription, pool: MCPServerPool) {
        self.name = name
        self.server = server
        toolName = description.name
        summary = description.description.isEmpty ? (description.title ?? "") : description.description
        parameters = description.inputSchema
        self.pool = pool
    }

    /// Calls the tool; a result the server marks `isError` is thrown, so the model reads it as
    /// the tool's failure in the tool's own words.
    public func run(_ arguments: JSONValue, in context: ToolContext) async throws -> ToolOutput {
        let result = try await pool.call(server: server, tool: toolName, arguments: arguments)
        if result.isError {
            throw CodexError.tool(result.text.isEmpty ? "`\(name)` failed without saying why" : result.text)
        }
        return ToolOutput(text: result.text, data: result.structured)
    }
}

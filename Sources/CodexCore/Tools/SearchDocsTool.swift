/// Searches the ingested documents (hybrid keyword + vector) and answers passages with citations.
public struct SearchDocsTool: Tool {
    public static let toolName = "search_docs"
    public let name = SearchDocsTool.toolName
    public let summary = "Search the user's ingested documents; returns the best passages with path:line citations."
    public let parameters: JSONValue = [
        "type": "object",
        "properties": [
            "query": ["type": "string", "description": "what to look for, in words"],
            "collection": ["type": "string", "description": "collection to search (default: the chat's)"],
            "top": ["type": "integer", "minimum": 1, "maximum": 20, "description": "passages to return (default 5)"],
        ],
        "required": ["query"],
        "additionalProperties": false,
    ]

    public init() {}

    public func run(_ arguments: JSONValue, in context: ToolContext) async throws -> ToolOutput {
        guard let search = context.search else { throw CodexError.tool("no document store is open") }
        let query = arguments["query"]?.stringValue ?? ""
        let collection = arguments["collection"]?.stringValue ?? context.collection
        let passages = try await search.passages(
            for: query, scope: SearchScope(collection: collection), top: arguments["top"]?.intValue ?? 5)
        guard !passages.isEmpty else { return ToolOutput(text: "no passages match", data: .array([])) }
        let text = passages.enumerated().map { index, passage in
            "[\(index + 1)] \(passage.citation)\n\(passage.text)"
        }.joined(separator: "\n\n")
        let data = JSONValue.array(
            passages.map { passage in
                [
                    "path": .string(passage.path), "start_line": .number(Double(passage.startLine)),
                    "end_line": .number(Double(passage.endLine)), "citation": .string(passage.citation.description),
                    "text": .string(passage.text), "score": .number(passage.score),
                ]
            })
        return ToolOutput(text: text, data: data)
    }
}

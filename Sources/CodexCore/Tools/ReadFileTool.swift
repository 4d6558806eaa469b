import Foundation

/// Reads a text file inside the allowed folders, whole or a line range; an archive member
/// (`docs.zip!/guide.md`) or a compressed file (`notes.md.gz`) reads as the text codex indexed.
public struct ReadFileTool: Tool {
    public let name = "read_file"
    public let summary = "Read a text file inside the allowed folders, optionally only lines start_line to end_line."
    public let parameters: JSONValue = [
        "type": "object",
        "properties": [
            "path": [
                "type": "string",
                "description":
                    "file path, relative to the working directory or absolute; archive members as cited, e.g. docs.zip!/a.md",
            ],
            "start_line": ["type": "integer", "minimum": 1],
            "end_line": ["type": "integer", "minimum": 1],
        ],
        "required": ["path"],
        "additionalProperties": false,
    ]

    public init() {}

    public func run(_ arguments: JSONValue, in context: ToolContext) async throws -> ToolOutput {
        let requested = arguments["path"]?.stringValue ?? ""
        if PackedText.isPacked(requested) { return try readPacked(requested, arguments, in: context) }
        let path = try context.roots.resolve(requested)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CodexError.tool("`\(requested)` is a folder; use list_files")
        }
        let start = arguments["start_line"]?.intValue
        let end = arguments["end_line"]?.intValue
        if let start, let end, end < start {
            throw CodexError.tool("argument `end_line` (\(end)) must not be before `start_line` (\(start))")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let cap = context.limits.maxReadBytes
        if start == nil && end == nil && size > cap {
            throw CodexError.tool(
                "`\(requested)` is \(ByteCount.format(Int64(size))), more than the \(ByteCount.format(Int64(cap))) read_file returns at once",
                hint: "ask for a line range with start_line and end_line")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CodexError.tool("`\(requested)` cannot be read")
        }
        defer { try? handle.close() }
        // Reads line by line so a range near the start of a large file costs little.
        var lines: [String] = []
        var lineNumber = 0
        var bytes = 0
        let first = start ?? 1
        let last = end ?? Int.max
        var splitter = LineReader(handle: handle)
        while let line = try splitter.next() {
            lineNumber += 1
            if lineNumber < first { continue }
            if lineNumber > last { break }
            bytes += line.utf8.count + 1
            if bytes > cap {
                lines.append("[stopped at line \(lineNumber - 1): more than \(ByteCount.format(Int64(cap)))]")
                break
            }
            lines.append(line)
        }
        if lines.contains(where: { $0.contains("\u{0}") }) {
            throw CodexError.tool("`\(requested)` is a binary file")
        }
        return ToolOutput(
            text: lines.joined(separator: "\n"),
            data: [
                "path": .string(context.roots.display(path)), "first_line": .number(Double(first)),
                "lines": .number(Double(lines.count)),
            ])
    }
}

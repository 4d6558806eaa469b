import Foundation

/// Searches files inside the allowed folders for a regular expression, with caps on files,
/// matches and bytes so one call stays small.
public struct GrepFilesTool: Tool {
    public let name = "grep_files"
    public let summary =
        "Search text files inside the allowed folders for a regular expression; returns path:line: text."
    public let parameters: JSONValue = [
        "type": "object",
        "properties": [
            "pattern": ["type": "string", "description": "regular expression (ICU syntax)"],
            "path": ["type": "string", "description": "folder or file to search (default \".\")"],
            "ignore_case": ["type": "boolean"],
            "max_matches": ["type": "integer", "minimum": 1, "maximum": 1000],
        ],
        "required": ["pattern"],
        "additionalProperties": false,
    ]

    public init() {}

    public func run(_ arguments: JSONValue, in context: ToolContext) async throws -> ToolOutput {
        let pattern = arguments["pattern"]?.stringValue ?? ""
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(
                pattern: pattern, options: arguments["ignore_case"]?.boolValue == true ? [.caseInsensitive] : [])
        } catch {
            throw CodexError.tool("argument `pattern` is not a valid regular expression: \(pattern)")
        }
        let start = try context.roots.resolve(arguments["path"]?.stringValue ?? ".")
        let limits = context.limits
        let maxMatches = min(arguments["max_matches"]?.intValue ?? limits.maxGrepMatches, limits.maxGrepMatches)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: start, isDirectory: &isDirectory) else {
            throw CodexError.tool("`\(arguments["path"]?.stringValue ?? ".")` does not exist")
        }
        let files =
            isDirectory.boolValue
            ? ListFilesTool.walk(start, recursive: true, roots: context.roots).filter { $0.size != nil }.map(\.path)
            : [start]
        var matches: [JSONValue] = []
        var lines: [String] = []
        var scanned = 0
        var stoppedBecause: String?
        fileLoop: for file in files {
            try Task.checkCancellation()
            if scanned == limits.maxGrepFiles {
                stoppedBecause = "searched the first \(scanned) files"
                break
            }
            scanned += 1
            guard let handle = FileHandle(forReadingAtPath: file),
                let data = try? handle.read(upToCount: limits.maxGrepFileBytes), !data.contains(0)
            else { continue }
            try? handle.close()
            let text = String(decoding: data, as: UTF8.self)
            var number = 0
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                number += 1
                let string = String(line)
                let range = NSRange(string.startIndex..., in: string)
                guard regex.firstMatch(in: string, range: range) != nil else { continue }
                if matches.count == maxMatches {
                    stoppedBecause = "stopped at \(maxMatches) matches"
                    break fileLoop
                }
                let shown = context.roots.display(file)
                let excerpt = string.count > 300 ? String(string.prefix(300)) + "..." : string
                lines.append("\(shown):\(number): \(excerpt)")
                matches.append(["path": .string(shown), "line": .number(Double(number)), "text": .string(excerpt)])
            }
        }
        var text = lines.isEmpty ? "no matches in \(scanned) files" : lines.joined(separator: "\n")
        if let stoppedBecause { text += "\n[\(stoppedBecause); narrow the path or the pattern]" }
        return ToolOutput(text: text, data: .array(matches))
    }
}

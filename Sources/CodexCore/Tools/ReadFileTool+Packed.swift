extension ReadFileTool {
    /// Reads the lines of an archive member or compressed file, numbered as the citations number them.
    func readPacked(_ requested: String, _ arguments: JSONValue, in context: ToolContext) throws -> ToolOutput {
        let (file, member) = ArchivePath.split(requested).map { ($0.archive, Optional($0.member)) } ?? (requested, nil)
        // The archive file must lie inside the allowed folders like any other file.
        let archive = try context.roots.resolve(file)
        let text = try PackedText.read(archive, member: member)
        let start = arguments["start_line"]?.intValue ?? 1
        let end = arguments["end_line"]?.intValue ?? Int.max
        if end < start {
            throw CodexError.tool("argument `end_line` (\(end)) must not be before `start_line` (\(start))")
        }
        let cap = context.limits.maxReadBytes
        var lines: [String] = []
        var bytes = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if number < start { continue }
            if number > end { break }
            bytes += line.utf8.count + 1
            if bytes > cap {
                lines.append("[stopped at line \(number - 1): more than \(ByteCount.format(Int64(cap)))]")
                break
            }
            lines.append(String(line))
        }
        let shown = context.roots.display(archive) + (member.map { ArchivePath.separator + $0 } ?? "")
        return ToolOutput(
            text: lines.joined(separator: "\n"),
            data: [
                "path": .string(shown), "first_line": .number(Double(start)), "lines": .number(Double(lines.count)),
            ])
    }
}

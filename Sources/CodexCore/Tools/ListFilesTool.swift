import Foundation

/// Lists a folder inside the allowed folders, optionally recursively.
public struct ListFilesTool: Tool {
    public let name = "list_files"
    public let summary = "List files and folders inside an allowed folder (default: the working directory)."
    public let parameters: JSONValue = [
        "type": "object",
        "properties": [
            "path": ["type": "string", "description": "folder to list (default \".\")"],
            "recursive": ["type": "boolean", "description": "include subfolders (default false)"],
        ],
        "additionalProperties": false,
    ]

    public init() {}

    public func run(_ arguments: JSONValue, in context: ToolContext) async throws -> ToolOutput {
        let requested = arguments["path"]?.stringValue ?? "."
        let folder = try context.roots.resolve(requested)
        let recursive = arguments["recursive"]?.boolValue ?? false
        let cap = context.limits.maxListEntries
        var entries: [(path: String, size: Int64?)] = []
        var more = false
        for entry in Self.walk(folder, recursive: recursive, roots: context.roots) {
            if entries.count == cap {
                more = true
                break
            }
            entries.append(entry)
        }
        var text = entries.map { entry in
            let shown = context.roots.display(entry.path)
            return entry.size.map { "\(shown)  \(ByteCount.format($0))" } ?? shown + "/"
        }.joined(separator: "\n")
        if entries.isEmpty { text = "(empty)" }
        if more { text += "\n[more than \(cap) entries; list a subfolder]" }
        let data = JSONValue.array(
            entries.map { entry in
                [
                    "path": .string(context.roots.display(entry.path)),
                    "type": .string(entry.size == nil ? "folder" : "file"),
                    "size": entry.size.map { .number(Double($0)) } ?? .null,
                ]
            })
        return ToolOutput(text: text, data: data)
    }

    /// Entries sorted by name, folders suffixed; symlinks leading outside the roots are skipped.
    static func walk(_ folder: String, recursive: Bool, roots: AllowedRoots) -> [(path: String, size: Int64?)] {
        var result: [(path: String, size: Int64?)] = []
        var pending = [folder]
        var visited = 0
        while let current = pending.popLast(), visited < 100_000 {
            visited += 1
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: current)) ?? []).sorted()
            var subfolders: [String] = []
            for name in names where !name.hasPrefix(".") {
                let path = current + "/" + name
                guard let real = AllowedRoots.realpath(path), roots.contains(real) else { continue }
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    result.append((path, nil))
                    if recursive && real == path { subfolders.append(path) }
                } else {
                    let size = (try? FileManager.default.attributesOfItem(atPath: real)[.size] as? Int64) ?? 0
                    result.append((path, size))
                }
            }
            pending += subfolders.reversed()
        }
        return result
    }
}

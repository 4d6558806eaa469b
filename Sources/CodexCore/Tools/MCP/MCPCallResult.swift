/// What `tools/call` answered, read leniently: the text the model is given, the structured
/// result for programs, and whether the tool itself failed (`isError`).
struct MCPCallResult: Sendable, Equatable {
    var text: String
    var structured: JSONValue?
    var isError: Bool

    /// Text blocks are joined; images, audio and binary resources are named, not inlined (a
    /// model reading base64 learns nothing and loses its context); links give their URI.
    init(_ result: JSONValue) {
        var parts: [String] = []
        for block in result["content"]?.arrayValue ?? [] {
            switch block["type"]?.stringValue {
            case "text":
                parts.append(block["text"]?.stringValue ?? "")
            case "image", "audio":
                let kind = block["type"]?.stringValue ?? "media"
                let bytes = (block["data"]?.stringValue?.utf8.count ?? 0) * 3 / 4
                parts.append("[\(kind): \(block["mimeType"]?.stringValue ?? "unknown type"), about \(bytes) bytes]")
            case "resource_link":
                let name = block["name"]?.stringValue.map { " (\($0))" } ?? ""
                parts.append("[resource: \(block["uri"]?.stringValue ?? "?")\(name)]")
            case "resource":
                let resource = block["resource"] ?? [:]
                if let text = resource["text"]?.stringValue {
                    parts.append(text)
                } else {
                    let type = resource["mimeType"]?.stringValue ?? "binary"
                    parts.append("[resource: \(resource["uri"]?.stringValue ?? "?"), \(type)]")
                }
            default:
                if let text = block["text"]?.stringValue { parts.append(text) }
            }
        }
        let structured = result["structuredContent"].flatMap { $0.isNull ? nil : $0 }
        text = parts.joined(separator: "\n")
        // Servers must mirror structured results in text, but some send only the former.
        if text.isEmpty, let structured { text = structured.jsonString }
        self.structured = structured
        isError = result["isError"]?.boolValue ?? false
    }
}

/// The names MCP tools are offered under: `SERVER__TOOL`.
///
/// Why not `SERVER.TOOL`: OpenAI (and the OpenAI-compatible servers that copy its checks)
/// accepts function names matching `^[a-zA-Z0-9_-]{1,64}$` only and answers 400 to a dot, while
/// MCP allows tool names of up to 128 characters with dots. Two underscores read as a separator,
/// are legal everywhere, and are what other clients use (Claude Code's `mcp__server__tool`).
/// Characters outside that set become `_`; a name that would pass 64 characters, or clash with
/// another after that, is shortened and given a stable 8-hex suffix from the original name.
public enum MCPToolName {
    public static let separator = "__"
    static let maxLength = 64

    /// The server part: its config name with unsafe characters replaced, at most 24 characters.
    public static func prefix(for server: String) -> String {
        let safe = sanitized(server)
        if safe.isEmpty { return "mcp" }
        return safe.count <= 24 ? safe : String(safe.prefix(15)) + "_" + hash(server)
    }

    /// The name offered to the model for `tool` of `server`; `taken` are names already given out.
    public static func exposed(server: String, tool: String, taken: Set<String> = []) -> String {
        let head = prefix(for: server) + separator
        let safe = sanitized(tool)
        var name = head + (safe.isEmpty ? "tool" : safe)
        if name.count > maxLength || taken.contains(name) {
            let room = maxLength - head.count - 9
            name = head + String(safe.prefix(max(room, 1))) + "_" + hash(tool)
        }
        return name
    }

    static func sanitized(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar -> Unicode.Scalar in
                    switch scalar.value {
                    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D: return scalar  // 0-9 A-Z a-z _ -
                    default: return "_"
                    }
                }))
    }

    /// FNV-1a: stable across runs and machines, unlike `Hasher`, so a session's stored tool
    /// calls keep naming the same tool.
    static func hash(_ text: String) -> String {
        var value: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            value ^= UInt32(byte)
            value = value &* 16_777_619
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}

import Foundation

/// Reads the part of TOML that codex's config file needs: `[tables]` (dotted too), and
/// `key = value` with strings (basic and literal), integers, floats and booleans, plus comments.
///
/// Why not a full TOML library: config.toml holds a dozen scalar settings; a dependency with a
/// C++ core would add minutes to every clean build. Anything outside the subset (arrays, inline
/// tables, multi-line strings, dates) is refused with its line number, never misread.
public enum TOMLSubsetParser {
    /// Flattens the document into dotted keys: `[ollama]` + `host = "…"` → `"ollama.host"`.
    public static func parse(_ text: String, path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        var table = ""
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            let line = stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else {
                    throw CodexError.invalidConfig(path: path, line: lineNumber, reason: "unsupported table header")
                }
                table = line.dropFirst().dropLast().split(separator: ".")
                    .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ".")
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw CodexError.invalidConfig(path: path, line: lineNumber, reason: "expected key = value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "")
            guard !key.isEmpty else {
                throw CodexError.invalidConfig(path: path, line: lineNumber, reason: "missing key")
            }
            let raw = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let fullKey = table.isEmpty ? key : table + "." + key
            guard values[fullKey] == nil else {
                throw CodexError.invalidConfig(path: path, line: lineNumber, reason: "\(fullKey) is set twice")
            }
            values[fullKey] = try scalar(raw, path: path, line: lineNumber)
        }
        return values
    }

    private static func scalar(_ raw: String, path: String, line: Int) throws -> String {
        if raw.hasPrefix("\"\"\"") || raw.hasPrefix("'''") {
            throw CodexError.invalidConfig(path: path, line: line, reason: "multi-line strings are not supported")
        }
        if raw.hasPrefix("\""), raw.hasSuffix("\""), raw.count >= 2 {
            return EscapedText.unescape(raw.dropFirst().dropLast()) ?? ""
        }
        if raw.hasPrefix("'"), raw.hasSuffix("'"), raw.count >= 2 { return String(raw.dropFirst().dropLast()) }
        if raw == "true" || raw == "false" { return raw == "true" ? "1" : "0" }
        if Double(raw.replacingOccurrences(of: "_", with: "")) != nil { return raw.replacingOccurrences(of: "_", with: "") }
        throw CodexError.invalidConfig(
            path: path, line: line, reason: "unsupported value \(raw.prefix(20)) (use a quoted string, number or boolean)")
    }

    /// Drops a `#` comment that is not inside a string.
    private static func stripComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for (index, character) in zip(line.indices, line) {
            if let open = quote {
                if character == open && !(open == "\"" && previous == "\\") { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                return String(line[..<index])
            }
            previous = character
        }
        return line
    }
}

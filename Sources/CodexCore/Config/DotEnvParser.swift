import Foundation

/// Reads `.env` files as people write them: `KEY=value`, optional `export `, quotes, comments.
///
/// Double-quoted values understand `\n`, `\t`, `\"` and `\\`; single-quoted values are literal;
/// unquoted values end at ` #`. Lines that are not assignments are reported with their number.
public enum DotEnvParser {
    public static func parse(_ text: String, path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw CodexError.invalidConfig(path: path, line: offset + 1, reason: "expected KEY=VALUE")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw CodexError.invalidConfig(path: path, line: offset + 1, reason: "invalid variable name")
            }
            let rawValue = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            values[key] = try value(rawValue, path: path, line: offset + 1)
        }
        return values
    }

    private static func value(_ raw: String, path: String, line: Int) throws -> String {
        if raw.hasPrefix("\"") {
            guard let value = EscapedText.unescape(raw.dropFirst(), until: "\"") else {
                throw CodexError.invalidConfig(path: path, line: line, reason: "unterminated double quote")
            }
            return value
        }
        if raw.hasPrefix("'") {
            let body = raw.dropFirst()
            guard let end = body.firstIndex(of: "'") else {
                throw CodexError.invalidConfig(path: path, line: line, reason: "unterminated single quote")
            }
            return String(body[..<end])
        }
        if let comment = raw.range(of: " #") { return raw[..<comment.lowerBound].trimmingCharacters(in: .whitespaces) }
        return raw
    }
}

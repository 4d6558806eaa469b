/// Backslash escapes as `.env` files and TOML basic strings write them: `\n`, `\t`, and `\x` for
/// any other `x` (so `\"` and `\\` are a quote and a backslash).
enum EscapedText {
    /// The text with its escapes resolved, up to the first unescaped `terminator` (to the end when
    /// there is none); nil when a terminator was asked for and never came.
    static func unescape(_ text: some StringProtocol, until terminator: Character? = nil) -> String? {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == terminator {
                return result
            } else {
                result.append(character)
            }
        }
        return terminator == nil ? result : nil
    }
}

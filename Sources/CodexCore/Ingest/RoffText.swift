/// Turns a man page's roff source into plain text, one output line per source line, so a
/// citation's line numbers are those of the (decompressed) page source.
///
/// A stripper, not a formatter: it does not fill or justify paragraphs. Requests that only format
/// (`.PP`, `.TP`, `.nf`, `.RS`, comments) become blank lines; text macros (`.B`, `.IR`, mdoc's
/// `.Nm`, `.Nd`, …) keep their words; section titles (`.SH`, `.SS`, `.Sh`, `.Ss`) become headings;
/// font, size and spacing escapes are dropped and the common special characters translated.
/// `groff` is not installed on a minimal Debian system, and its layout would lose line numbers.
enum RoffText {
    /// True for a file named like a man page (`ls.1`, `printf.3p`, `sshd_config.5`) whose text
    /// starts like roff.
    static func looksLikeManPage(name: String, bytes: [UInt8]) -> Bool {
        let last = name.split(separator: "/").last ?? Substring(name)
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return false }
        let section = last[last.index(after: dot)...]
        guard let first = section.first, ("1"..."9").contains(first), section.count <= 6,
            section.allSatisfy({ $0.isLetter || $0.isNumber })
        else { return false }
        let start = bytes.prefix(512).drop { $0 == 0x0A || $0 == 0x20 }
        return start.first == UInt8(ascii: ".") || start.first == UInt8(ascii: "'")
    }

    /// The page as text, with its section titles marked as headings (0-based line → heading).
    static func render(_ bytes: [UInt8]) -> ExtractedText {
        let source = String(decoding: bytes, as: UTF8.self)
        var lines: [String] = []
        var headings: [Int: HeadingMark] = [:]
        var skippingUntil: String?
        for raw in source.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if let end = skippingUntil {
                if line.hasPrefix(end) { skippingUntil = nil }
                lines.append("")
                continue
            }
            guard let control = line.first, control == "." || control == "'" else {
                lines.append(inline(line))
                continue
            }
            let body = line.dropFirst().drop { $0 == " " || $0 == "\t" }
            let name = String(body.prefix { $0 != " " && $0 != "\t" })
            let arguments = words(body.dropFirst(name.count))
            switch name {
            case "SH", "Sh", "SS", "Ss":
                let title = inline(arguments.joined(separator: " "))
                headings[lines.count] = HeadingMark(level: name.hasSuffix("H") || name == "Sh" ? 1 : 2, title: title)
                lines.append(title)
            case "B", "I", "SM", "SB", "IP", "TQ", "UR", "MT", "Nm", "Nd", "Fl", "Ar", "Cm", "Pa", "Op", "Xr", "Dv",
                "Ev", "Fn", "Fa", "Ft", "Va", "Em", "Sy", "Li", "Ql", "Dq", "Sq", "Pq", "It", "Er", "Ic", "Ad", "An",
                "Lk", "Mt", "Cd", "Tn", "Ux", "At", "Bx":
                let text =
                    name == "Xr" && arguments.count >= 2
                    ? "\(arguments[0])(\(arguments[1]))" : arguments.joined(separator: " ")
                lines.append(inline(name == "Fl" ? "-" + text : text))
            case "BR", "BI", "IB", "IR", "RB", "RI":
                // Alternating fonts: the words touch.
                lines.append(inline(arguments.joined()))
            case "de", "de1", "am", "ig":
                skippingUntil = name == "ig" && !arguments.isEmpty ? "." + arguments[0] : ".."
                lines.append("")
            default:
                // Formatting requests and definitions: `.TH`, `.PP`, `.TP`, `.nf`, `.RS`, `.\"`, `.ds`, `.if`, ….
                lines.append("")
            }
        }
        if lines.last == "" { lines.removeLast() }
        return ExtractedText(kind: .plain, text: lines.joined(separator: "\n"), headings: headings)
    }

    /// A request's arguments: space-separated, double quotes group words.
    static func words(_ text: Substring) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        var hasWord = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
                hasWord = true
            } else if (character == " " || character == "\t") && !quoted {
                if hasWord { result.append(current) }
                current = ""
                hasWord = false
            } else {
                current.append(character)
                hasWord = true
            }
        }
        if hasWord { result.append(current) }
        return result
    }

    /// Removes escapes from text: fonts (`\fB`), sizes (`\s-1`), comments (`\"`), and translates
    /// the special characters people see in man pages (`\-`, `\(em`, `\(aq`, `\e`).
    static func inline(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = ""
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            guard character == "\\", let escape = characters.popFirst() else {
                out.append(character)
                continue
            }
            switch escape {
            case "f":
                // \fB, \f(CW, \f[BI]
                if characters.first == "(" {
                    characters = characters.dropFirst(3)
                } else if characters.first == "[" {
                    characters = characters.drop { $0 != "]" }.dropFirst()
                } else {
                    characters = characters.dropFirst()
                }
            case "s":
                if characters.first == "+" || characters.first == "-" { characters = characters.dropFirst() }
                characters = characters.drop { $0.isNumber }
            case "(":
                out += special(String(characters.prefix(2)))
                characters = characters.dropFirst(2)
            case "[":
                let name = String(characters.prefix { $0 != "]" })
                out += special(name)
                characters = characters.dropFirst(name.count + 1)
            case "*":
                // String registers: \*(lq, \*[name], \*R
                if characters.first == "(" {
                    out += special(String(characters.dropFirst().prefix(2)))
                    characters = characters.dropFirst(3)
                } else if characters.first == "[" {
                    let name = String(characters.dropFirst().prefix { $0 != "]" })
                    out += special(name)
                    characters = characters.dropFirst(name.count + 2)
                } else {
                    characters = characters.dropFirst()
                }
            case "\"", "#":
                return out.trimmingTrailingSpaces()
            case "-": out.append("-")
            case "e", "\\": out.append("\\")
            case " ", "~", "0": out.append(" ")
            case "&", "|", "^", "c", ")", "%", ":", "/", ",": break
            case "'": out.append("'")
            case "`": out.append("`")
            case ".": out.append(".")
            default: break
            }
        }
        return out
    }

    private static let specials: [String: String] = [
        "em": "—", "en": "–", "hy": "-", "aq": "'", "dq": "\"", "lq": "“", "rq": "”", "oq": "‘", "cq": "’",
        "bu": "•", "co": "©", "rg": "®", "tm": "™", "de": "°", "mu": "×", "di": "÷", "+-": "±", "<=": "≤",
        ">=": "≥", "!=": "≠", "->": "→", "<-": "←", "ga": "`", "ti": "~", "ha": "^", "rs": "\\", "sl": "/",
        "R": "®", "Tm": "™", "dg": "†", "sc": "§", "ua": "↑", "da": "↓", "lh": "☜", "rh": "☞", "at": "@",
        "sh": "#", "Do": "$", "ps": "¶", "fm": "′", "mi": "-", "pl": "+", "eq": "=", "ul": "_", "ba": "|",
    ]

    private static func special(_ name: String) -> String { specials[name] ?? "" }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " || copy.last == "\t" { copy.removeLast() }
        return copy
    }
}

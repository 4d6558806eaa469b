/// Renders the inline markup of reStructuredText, MyST and Markdown as plain text for a terminal.
///
/// A quoted answer is read, not built: ":func:`~django.views.decorators.cache.cache_page`" should
/// read "`cache_page()`", "[the docs](x.md)" should read "the docs", "**not**" should read "not".
/// Names of code (roles for functions, settings, options; literals) keep their backticks, so a
/// reader still sees what to type; everything inside backticks is left exactly as written.
enum MarkupRenderer {
    /// Roles whose content is code: shown in backticks. Sphinx adds "()" to function roles.
    static let codeRoles: Set<String> = [
        "func", "meth", "class", "attr", "data", "exc", "mod", "obj", "const", "setting", "option", "envvar",
        "program", "command", "file", "samp", "kbd", "code", "lookup", "fieldlookup", "tfilter", "ttag",
        "templatetag", "templatefilter", "djadmin", "djadminopt", "mimetype", "makevar", "regexp", "type",
        "member", "var", "macro", "attribute", "method", "function",
    ]
    private static let callableRoles: Set<String> = ["func", "meth", "function", "method"]

    /// `text` with roles, literals, links, emphasis and escapes rendered; whitespace runs kept.
    static func inline(_ text: String) -> String {
        guard text.contains(where: { "`*_[]<>{}:\\|!".contains($0) }) else { return text }
        // Roles and literals first, each parked behind a private-use placeholder, so emphasis and
        // link rules see the whole sentence but never touch what is inside backticks.
        var parked: [String] = []
        var masked = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            if let found = role(in: rest) ?? literal(in: rest) {
                masked.unicodeScalars.append(Unicode.Scalar(0xE000 + UInt32(min(parked.count, 0x18FF)))!)
                parked.append(found.rendered)
                rest = found.after
                continue
            }
            let stop = rest.dropFirst().firstIndex(where: { $0 == "`" || $0 == ":" || $0 == "{" }) ?? rest.endIndex
            masked += rest[rest.startIndex..<stop]
            rest = rest[stop...]
        }
        var output = ""
        for scalar in plain(Substring(masked)).unicodeScalars {
            let index = Int(scalar.value) - 0xE000
            if index >= 0, index < parked.count, index < 0x1900 {
                output += parked[index]
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// A reST role (`:func:`x``, `:py:meth:`x``) or MyST role (`{doc}`x``) at the start of `text`.
    private static func role(in text: Substring) -> (rendered: String, after: Substring)? {
        var name: Substring
        var afterName: Substring.Index
        if text.first == ":" {
            // :name: or :domain:name: immediately followed by a backtick.
            // (A name of at least one character: ":`x`" has the colon before the tick but no name.)
            guard let tick = text.dropFirst().firstIndex(of: "`"), tick > text.index(text.startIndex, offsetBy: 2),
                text[text.index(before: tick)] == ":"
            else { return nil }
            name = text[text.index(after: text.startIndex)..<text.index(before: tick)]
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == ":" || $0 == "-" || $0 == "_" }) else {
                return nil
            }
            afterName = tick
        } else if text.first == "{" {
            guard let close = text.firstIndex(of: "}"), text.index(after: close) < text.endIndex,
                text[text.index(after: close)] == "`"
            else { return nil }
            name = text[text.index(after: text.startIndex)..<close]
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == ":" || $0 == "-" || $0 == "_" }) else {
                return nil
            }
            afterName = text.index(after: close)
        } else {
            return nil
        }
        let contentStart = text.index(after: afterName)
        guard let contentEnd = text[contentStart...].firstIndex(of: "`") else { return nil }
        var content = String(text[contentStart..<contentEnd])
        let role = String(name.split(separator: ":").last ?? name)
        // "Title <target>" shows the title; "~a.b.c" shows "c"; "!x" shows "x".
        var titled = false
        if content.hasSuffix(">"), let open = content.lastIndex(of: "<"), open > content.startIndex {
            let title = content[..<open].trimmingCharacters(in: .whitespaces)
            if !title.isEmpty {
                content = title
                titled = true
            }
        }
        if content.hasPrefix("!") { content.removeFirst() }
        if content.hasPrefix("~") {
            content.removeFirst()
            content = String(content.split(separator: ".").last ?? Substring(content))
        }
        var after = text[text.index(after: contentEnd)...]
        if after.first == "_" { after = after.dropFirst() }  // `x`_ after a role is not a thing, but be lenient
        let rendered: String
        if role == "pep" || role == "rfc" {
            rendered = "\(role.uppercased()) \(content)"
        } else if codeRoles.contains(role) && !titled {
            let call = callableRoles.contains(role) && !content.contains("(") ? "()" : ""
            rendered = "`\(content)\(call)`"
        } else {
            rendered = plain(Substring(content))
        }
        return (rendered: rendered, after: after)
    }

    /// ``literal`` (reST) or `code` (Markdown; reST interpreted text) at the start of `text`;
    /// `text <url>`_ (a reST link) renders as its text.
    private static func literal(in text: Substring) -> (rendered: String, after: Substring)? {
        guard text.first == "`" else { return nil }
        let run = text.prefix(while: { $0 == "`" }).count
        let body = text.dropFirst(run)
        let fence = String(repeating: "`", count: run)
        guard let close = body.range(of: fence) else { return nil }
        let content = body[body.startIndex..<close.lowerBound]
        var after = body[close.upperBound...]
        if run == 1, after.first == "_" {
            // A reST hyperlink reference: `text <url>`_ or `text`__.
            after = after.drop(while: { $0 == "_" })
            var title = String(content)
            if title.hasSuffix(">"), let open = title.lastIndex(of: "<") {
                title = title[..<open].trimmingCharacters(in: .whitespaces)
            }
            return (rendered: plain(Substring(title)), after: after)
        }
        guard !content.isEmpty else { return (rendered: fence, after: after) }
        return (rendered: "`\(content)`", after: after)
    }

    /// Emphasis, links, inline HTML and escapes in text that holds no code span.
    static func plain(_ text: Substring) -> String {
        var s = String(text)
        guard s.contains(where: { "*_[]<>\\|".contains($0) }) else { return s }
        // Escaped characters ("\_", "\*") are parked as private-use scalars, so no rule below
        // reads them as markup, and come back as themselves at the end.
        s = s.replacing(/\\ /) { _ in "" }
        s = s.replacing(/\\([\\`*_{}\[\]()#+\-.!<>|])/) { match in
            String(Character(Unicode.Scalar(0xF000 + match.1.unicodeScalars.first!.value)!))
        }
        // Images go, links keep their text: ![alt](src), [text](url), [text][ref], [text].
        s = s.replacing(/!\[([^\]]*)\]\([^)\s]*\)/) { _ in "" }
        s = s.replacing(/\[([^\]]+)\]\([^)\s]*(?:\s+"[^"]*")?\)/) { String($0.1) }
        s = s.replacing(/\[([^\]]+)\]\[[^\]]*\]/) { String($0.1) }
        // A shortcut reference link, "[mypyc]", reads as its text.
        s = s.replacing(/\[([^\]\[]+)\](?![(\[:])/) { String($0.1) }
        s = s.replacing(/<(https?:\/\/[^>\s]+)>/) { String($0.1) }
        // Inline HTML: <code>x</code> reads as `x`; other tags go.
        s = s.replacing(/<code>([^<]*)<\/code>/) { "`\($0.1)`" }
        s = s.replacing(/<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?\/?>/) { _ in "" }
        // Strong and emphasis, at word boundaries so snake_case and 2*3 stay as they are.
        s = s.replacing(/\*\*([^*\s](?:[^*]*[^*\s])?)\*\*/) { String($0.1) }
        s = s.replacing(/(^|[^\w*])\*([^*\s](?:[^*]*[^*\s])?)\*(?![\w*])/) { String($0.1) + String($0.2) }
        s = s.replacing(/(^|[^\w])__([^_\s](?:[^_]*[^_\s])?)__(?![\w])/) { String($0.1) + String($0.2) }
        s = s.replacing(/(^|[^\w])_([^_\s](?:[^_]*[^_\s])?)_(?![\w])/) { String($0.1) + String($0.2) }
        // A MyST role whose backticks a converter (pandoc) dropped: "{func}attrs.field".
        s = s.replacing(/\{[a-z][a-z:-]*\}(?=[\w~.])/) { _ in "" }
        return String(
            String.UnicodeScalarView(
                s.unicodeScalars.map { (0xF000..<0xF080).contains($0.value) ? Unicode.Scalar($0.value - 0xF000)! : $0 }))
    }
}

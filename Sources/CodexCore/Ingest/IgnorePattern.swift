/// One line of a `.gitignore` file (or one `--exclude` glob), with git's semantics.
///
/// - `#` starts a comment, blank lines are ignored, `\#` and `\!` escape the first character;
/// - `!` re-includes what an earlier pattern excluded;
/// - a trailing `/` matches directories only;
/// - a pattern with a `/` at the start or in the middle is anchored to the directory of the
///   `.gitignore`; otherwise it matches the name at any depth;
/// - `*` and `?` never match `/`, `[a-z]`/`[!a-z]` are character classes, and `**` as a whole
///   segment matches any number of directories (`**/x`, `a/**`, `a/**/b`).
struct IgnorePattern: Sendable, Equatable {
    var isNegated: Bool
    var directoryOnly: Bool
    /// Anchored patterns match the whole path relative to the base; others match the last component.
    var isAnchored: Bool
    /// The pattern split at `/`, each segment in UTF-8.
    var segments: [[UInt8]]

    /// Parses one line; nil for blank lines and comments.
    init?(line: Substring) {
        var text = line
        if text.hasSuffix("\r") { text = text.dropLast() }
        // Trailing spaces are ignored unless escaped with a backslash.
        while text.hasSuffix(" ") && !text.hasSuffix("\\ ") { text = text.dropLast() }
        guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
        isNegated = text.hasPrefix("!")
        if isNegated { text = text.dropFirst() }
        if text.hasPrefix("\\#") || text.hasPrefix("\\!") { text = text.dropFirst() }
        directoryOnly = text.hasSuffix("/")
        while text.hasSuffix("/") { text = text.dropLast() }
        guard !text.isEmpty else { return nil }
        isAnchored = text.dropLast().contains("/")
        if text.hasPrefix("/") { text = text.drop(while: { $0 == "/" }) }
        segments = text.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.utf8) }
        if segments.isEmpty { return nil }
    }

    /// Whether the pattern matches `path` (relative to the pattern's base, `/`-separated).
    func matches(relativePath path: [UInt8], isDirectory: Bool) -> Bool {
        if directoryOnly && !isDirectory { return false }
        if !isAnchored {
            let nameStart = (path.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 }) ?? 0
            return Self.matchSegment(segments[0][...], path[nameStart...])
        }
        let parts = path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        return Self.matchSegments(segments[...], parts[...])
    }

    private static let doubleStar: [UInt8] = Array("**".utf8)

    private static func matchSegments(_ pattern: ArraySlice<[UInt8]>, _ parts: ArraySlice<ArraySlice<UInt8>>)
        -> Bool
    {
        guard let first = pattern.first else { return parts.isEmpty }
        if first == doubleStar {
            let rest = pattern.dropFirst()
            // A trailing `**` matches everything inside, but not the directory itself.
            if rest.isEmpty { return !parts.isEmpty }
            var remaining = parts
            while true {
                if matchSegments(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let part = parts.first, matchSegment(first[...], part) else { return false }
        return matchSegments(pattern.dropFirst(), parts.dropFirst())
    }

    /// fnmatch for one path component: `*`, `?`, `[...]`, `\` escapes.
    static func matchSegment(_ pattern: ArraySlice<UInt8>, _ name: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var n = name.startIndex
        var starP = -1
        var starN = -1
        while n < name.endIndex {
            if p < pattern.endIndex {
                let c = pattern[p]
                if c == UInt8(ascii: "*") {
                    while p < pattern.endIndex && pattern[p] == UInt8(ascii: "*") { p += 1 }
                    starP = p
                    starN = n
                    continue
                }
                if c == UInt8(ascii: "?") {
                    p += 1
                    n += 1
                    continue
                }
                if c == UInt8(ascii: "["), let (matched, next) = matchClass(pattern, at: p, name[n]) {
                    if matched {
                        p = next
                        n += 1
                        continue
                    }
                } else {
                    var literal = c
                    var next = p + 1
                    if c == UInt8(ascii: "\\") && next < pattern.endIndex {
                        literal = pattern[next]
                        next += 1
                    }
                    if literal == name[n] {
                        p = next
                        n += 1
                        continue
                    }
                }
            }
            guard starP >= 0 else { return false }
            starN += 1
            n = starN
            p = starP
        }
        while p < pattern.endIndex && pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }

    /// Matches `byte` against the class starting at `start` (`[`); nil when the class is unterminated.
    private static func matchClass(_ pattern: ArraySlice<UInt8>, at start: Int, _ byte: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negated = false
        if i < pattern.endIndex && (pattern[i] == UInt8(ascii: "!") || pattern[i] == UInt8(ascii: "^")) {
            negated = true
            i += 1
        }
        var matched = false
        var first = true
        while i < pattern.endIndex {
            let c = pattern[i]
            if c == UInt8(ascii: "]") && !first { return (matched != negated, i + 1) }
            first = false
            if i + 2 < pattern.endIndex && pattern[i + 1] == UInt8(ascii: "-") && pattern[i + 2] != UInt8(ascii: "]") {
                if c <= byte && byte <= pattern[i + 2] { matched = true }
                i += 3
            } else {
                if c == byte { matched = true }
                i += 1
            }
        }
        return nil
    }
}

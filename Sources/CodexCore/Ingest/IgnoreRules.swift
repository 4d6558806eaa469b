import Foundation

/// The `.gitignore` files in force at one point of a walk, plus the user's `--exclude` globs.
///
/// Rules are checked in order from the outermost `.gitignore` to the innermost, then the
/// excludes; the last pattern that matches decides, as in git. A directory that is ignored is
/// never entered, so nothing inside it can be re-included (git behaves the same way).
struct IgnoreRules: Sendable {
    struct RuleSet: Sendable {
        /// Absolute directory the patterns are relative to, in UTF-8, without a trailing `/`.
        var base: [UInt8]
        var patterns: [IgnorePattern]
    }

    private(set) var ruleSets: [RuleSet] = []
    /// `--exclude` globs, relative to the root being walked; checked last, so they win.
    var excludes: RuleSet

    init(root: String, excludes: [String]) {
        self.excludes = RuleSet(
            base: Array(root.utf8), patterns: excludes.compactMap { IgnorePattern(line: Substring($0)) })
    }

    /// Adds the patterns of `directory/.gitignore` when the file exists; returns whether it did.
    mutating func loadGitignore(in directory: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: directory + "/.gitignore") else { return false }
        let text = String(decoding: data, as: UTF8.self)
        let patterns = text.split(separator: "\n", omittingEmptySubsequences: true).compactMap {
            IgnorePattern(line: $0)
        }
        guard !patterns.isEmpty else { return false }
        ruleSets.append(RuleSet(base: Array(directory.utf8), patterns: patterns))
        return true
    }

    mutating func popGitignore() { ruleSets.removeLast() }

    /// Whether the entry at absolute `path` is ignored.
    func isIgnored(_ path: [UInt8], isDirectory: Bool) -> Bool {
        var ignored = false
        for set in ruleSets where !set.patterns.isEmpty {
            apply(set, to: path, isDirectory: isDirectory, &ignored)
        }
        apply(excludes, to: path, isDirectory: isDirectory, &ignored)
        return ignored
    }

    private func apply(_ set: RuleSet, to path: [UInt8], isDirectory: Bool, _ ignored: inout Bool) {
        guard path.count > set.base.count + 1, path.starts(with: set.base),
            path[set.base.count] == UInt8(ascii: "/")
        else { return }
        let relative = Array(path[(set.base.count + 1)...])
        for pattern in set.patterns where pattern.isNegated == ignored {
            if pattern.matches(relativePath: relative, isDirectory: isDirectory) { ignored = !pattern.isNegated }
        }
    }
}

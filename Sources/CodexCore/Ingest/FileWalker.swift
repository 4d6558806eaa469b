import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the files to ingest under some roots, the way `git` and `ripgrep` users expect.
///
/// Skips `.git`, `node_modules`, `.build` and every hidden entry (name starting with `.`),
/// honours every `.gitignore` in the tree (and those above a root up to its repository's top,
/// when the root is inside a git work tree) plus `--exclude` globs, and does not follow symbolic
/// links inside the tree (a link given as a root is followed). A file named explicitly as a root
/// is always taken. Files over `maxFileSize` are reported as skipped, with the reason.
struct FileWalker: Sendable {
    var excludes: [String] = []
    var maxFileSize: Int64 = IngestOptions.defaultMaxFileSize
    /// Files never to ingest, such as the store itself when it sits inside a root.
    var excludedPaths: Set<String> = []

    /// Directory names skipped everywhere, hidden or not.
    static let skippedDirectoryNames: Set<String> = [".git", "node_modules", ".build"]

    struct Result: Sendable {
        var files: [FileFacts] = []
        var skipped: [SkippedFile] = []
        /// Entries left out by `.gitignore`, `--exclude`, or for being hidden.
        var ignored = 0
    }

    /// Walks `root` (absolute and standardized), which may be a file or a directory.
    ///
    /// - Throws: `CodexError.pathNotFound` when the root does not exist.
    func walk(root: String) throws -> Result {
        guard let status = FileStatus.of(root, followingLinks: true) else { throw CodexError.pathNotFound(root) }
        var result = Result()
        switch status.type {
        case .regular:
            consider(FileFacts(path: root, size: status.size, mtimeNs: status.mtimeNs), into: &result)
        case .directory:
            var rules = IgnoreRules(root: root, excludes: excludes)
            for ancestor in Self.repositoryAncestors(of: root) { _ = rules.loadGitignore(in: ancestor) }
            walkDirectory(root, rules: &rules, into: &result, depth: 0)
        default:
            result.skipped.append(SkippedFile(path: root, reason: .unreadable, detail: "not a regular file or folder"))
        }
        return result
    }

    private func consider(_ facts: FileFacts, into result: inout Result) {
        if excludedPaths.contains(facts.path) {
            result.ignored += 1
        } else if facts.size > maxFileSize {
            result.skipped.append(
                SkippedFile(
                    path: facts.path, reason: .tooLarge,
                    detail: "\(ByteCount.format(facts.size)) is over the \(ByteCount.format(maxFileSize)) limit"))
        } else {
            result.files.append(facts)
        }
    }

    private func walkDirectory(_ directory: String, rules: inout IgnoreRules, into result: inout Result, depth: Int) {
        // Bounded: deeper trees than this are almost certainly a link loop made of bind mounts.
        guard depth < 256 else { return }
        guard let entries = Self.listDirectory(directory) else {
            result.skipped.append(SkippedFile(path: directory, reason: .unreadable, detail: "cannot list the folder"))
            return
        }
        let pushed = rules.loadGitignore(in: directory)
        defer { if pushed { rules.popGitignore() } }
        for (name, type) in entries {
            if name.hasPrefix(".") || Self.skippedDirectoryNames.contains(name) {
                result.ignored += 1
                continue
            }
            let path = directory == "/" ? "/" + name : directory + "/" + name
            var entryType = type
            var status: FileStatus?
            if entryType == .other || entryType == .regular {
                status = FileStatus.of(path)
                entryType = status?.type ?? .other
            }
            switch entryType {
            case .directory:
                if rules.isIgnored(Array(path.utf8), isDirectory: true) {
                    result.ignored += 1
                } else {
                    walkDirectory(path, rules: &rules, into: &result, depth: depth + 1)
                }
            case .regular:
                guard let status else { continue }
                if rules.isIgnored(Array(path.utf8), isDirectory: false) {
                    result.ignored += 1
                } else {
                    consider(FileFacts(path: path, size: status.size, mtimeNs: status.mtimeNs), into: &result)
                }
            case .symlink, .other:
                continue
            }
        }
    }

    /// The entries of a directory sorted by name, with the type `readdir` knows (`.other` if unknown).
    static func listDirectory(_ path: String) -> [(String, FileEntryType)]? {
        guard let handle = opendir(path) else { return nil }
        defer { closedir(handle) }
        var entries: [(String, FileEntryType)] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let type: FileEntryType
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): type = .directory
            case Int32(DT_REG): type = .regular
            case Int32(DT_LNK): type = .symlink
            default: type = .other
            }
            entries.append((name, type))
        }
        entries.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        return entries
    }

    /// The directories from the top of the git work tree holding `root` down to `root`'s parent,
    /// whose `.gitignore` files also apply inside `root`; empty when `root` is not in a work tree.
    static func repositoryAncestors(of root: String) -> [String] {
        var ancestors: [String] = []
        var current = (root as NSString).deletingLastPathComponent
        var steps = 0
        while !current.isEmpty && steps < 64 {
            ancestors.append(current)
            if FileManager.default.fileExists(atPath: current + "/.git") { return ancestors.reversed() }
            if current == "/" { break }
            current = (current as NSString).deletingLastPathComponent
            steps += 1
        }
        return []
    }
}

import Foundation

/// The folders file tools may read: by default the ingested folders and the working directory.
///
/// A path is resolved first (relative to the working directory, `..` folded, every symlink
/// followed with `realpath`) and only then compared with the roots, themselves resolved; so a
/// symlink inside a root that points outside, `../../etc/passwd` or `/etc/passwd` are all refused.
public struct AllowedRoots: Sendable, Equatable {
    /// Resolved absolute folder paths, without a trailing slash.
    public let paths: [String]
    public let workingDirectory: String

    public init(_ roots: [String], workingDirectory: String = FileManager.default.currentDirectoryPath) {
        let base = Self.realpath(workingDirectory) ?? workingDirectory
        self.workingDirectory = base
        var resolved: [String] = []
        for root in roots {
            let absolute = root.hasPrefix("/") ? root : base + "/" + root
            if let real = Self.realpath(absolute), !resolved.contains(real) { resolved.append(real) }
        }
        paths = resolved
    }

    /// The working directory plus the folder holding each collection's documents.
    public static func defaults(
        store: CodexStore?, workingDirectory: String = FileManager.default.currentDirectoryPath
    )
        async throws -> AllowedRoots
    {
        var roots = [workingDirectory]
        if let store { roots += try await ingestedFolders(in: store.collections) }
        return AllowedRoots(roots, workingDirectory: workingDirectory)
    }

    /// Per collection, the deepest folder containing all its documents. The lexically first and
    /// last paths share the prefix every path in between shares, so two rows per collection suffice.
    static func ingestedFolders(in collections: any CollectionStore) async throws -> [String] {
        return try await collections.pathBounds().compactMap { row in
            let a = row.first.split(separator: "/", omittingEmptySubsequences: false)
            let b = row.last.split(separator: "/", omittingEmptySubsequences: false)
            var prefix: [Substring] = []
            for (x, y) in zip(a.dropLast(), b.dropLast()) {
                guard x == y else { break }
                prefix.append(x)
            }
            let folder = prefix.joined(separator: "/")
            return folder.isEmpty || folder == "/" ? nil : folder
        }
    }

    /// The resolved path of `path` when it lies inside a root; throws a message for the model otherwise.
    public func resolve(_ path: String) throws(CodexError) -> String {
        let absolute = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        guard let real = Self.realpath(absolute) else {
            // A missing file: refuse outside paths with the same message as existing ones, so
            // probing does not reveal what exists outside.
            let folded = URL(fileURLWithPath: absolute).standardizedFileURL.path
            guard contains(folded) else { throw CodexError.outsideAllowedRoots(path) }
            throw CodexError.tool("`\(path)` does not exist")
        }
        guard contains(real) else { throw CodexError.outsideAllowedRoots(path) }
        return real
    }

    /// Whether an already resolved absolute path lies inside a root.
    public func contains(_ resolved: String) -> Bool {
        paths.contains { root in resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/") }
    }

    /// The path as the model should see it: relative to the working directory when inside it.
    public func display(_ resolved: String) -> String {
        if resolved == workingDirectory { return "." }
        if resolved.hasPrefix(workingDirectory + "/") { return String(resolved.dropFirst(workingDirectory.count + 1)) }
        return resolved
    }

    static func realpath(_ path: String) -> String? {
        guard let pointer = Foundation.realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

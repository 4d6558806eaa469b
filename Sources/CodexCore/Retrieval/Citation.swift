import Foundation

/// Where a statement comes from: a file and an inclusive 1-based line range, shown as `path:12-30`.
public struct Citation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: String
    public var startLine: Int
    public var endLine: Int

    public init(path: String, startLine: Int, endLine: Int) {
        self.path = path
        self.startLine = startLine
        self.endLine = endLine
    }

    public var description: String { Self.format(path: path, startLine: startLine, endLine: endLine) }

    /// The citation with its path shown relative to `directory` when the file lies inside it.
    public func displayed(relativeTo directory: String = FileManager.default.currentDirectoryPath) -> String {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let shown = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        return Self.format(path: shown, startLine: startLine, endLine: endLine)
    }

    private static func format(path: String, startLine: Int, endLine: Int) -> String {
        startLine == endLine ? "\(path):\(startLine)" : "\(path):\(startLine)-\(endLine)"
    }
}

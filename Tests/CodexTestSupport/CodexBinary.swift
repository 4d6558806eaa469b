import Foundation

/// The built `codex` binary (`.build/debug/codex`, made by `swift build --build-tests`), for tests
/// that run it as a user would. One policy: a missing binary fails the test and says how to build
/// it, rather than skipping, so a run can never pass without having tried.
public enum CodexBinary {
    public static let path: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/.build/debug/codex"
    }()

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// The path, after checking that it is there.
    public static func require() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Missing(description: "no \(path): build it first with swift build --build-tests")
        }
        return path
    }
}

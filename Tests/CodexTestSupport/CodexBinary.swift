import CodexCore
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

    /// What a finished run of the binary left.
    public struct Run: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs the binary with exactly `environment` (nothing inherited), in `directory` when given,
    /// with `stdin` as its standard input (closed after it), and waits for it to exit on a thread
    /// of its own, so the tests running beside it keep the cooperative pool.
    public static func run(
        _ arguments: [String], environment: [String: String], directory: String? = nil, stdin: String? = nil
    ) async throws -> Run {
        try await onOwnThread {
            try runOnThisThread(arguments, environment: environment, directory: directory, stdin: stdin)
        }
    }

    /// ``run(_:environment:directory:stdin:)`` that blocks the calling thread: for a test's own
    /// thread (``onOwnThread(_:)``) that times a sequence of runs, never for the cooperative pool.
    public static func runOnThisThread(
        _ arguments: [String], environment: [String: String], directory: String? = nil, stdin: String? = nil
    ) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try require())
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Both pipes drain at once: a child that filled stderr's 64 KiB while this thread waited
        // for stdout to end would block for ever.
        let stderrDrain = PipeDrain(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = stderrDrain.wait()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Reads a pipe to its end on a thread of its own.
///
/// `@unchecked Sendable`: `data` is written only by that thread, before it signals `done`, and
/// read only after `wait()` has seen the signal.
private final class PipeDrain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

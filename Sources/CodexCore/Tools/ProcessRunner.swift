import Foundation
import Synchronization

/// Runs a child process with bounded time and output: what shell commands and plugins go through.
///
/// Foundation's `Process` starts the child in its own process group, so a timeout kills the
/// whole group (a plugin script and whatever it started) and no process outlives the call.
enum ProcessRunner {
    struct Outcome: Sendable {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var timedOut: Bool
        /// True when the output went past the cap; the rest was read and dropped.
        var truncated: Bool
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Starts `executable` directly (no shell) with exactly `environment`, its three standard
    /// streams piped to this process.
    static func launch(_ executable: String, arguments: [String], environment: [String: String], directory: String?)
        throws(CodexError) -> (process: Process, stdin: Pipe, stdout: Pipe, stderr: Pipe)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw CodexError.tool("could not start \(executable): \(error.localizedDescription)")
        }
        return (process, stdin, stdout, stderr)
    }

    /// Writes all of `bytes` to a child's pipe from the calling thread; false when the child
    /// closed it (or exited) first. Used for plugin and shell input and MCP messages.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        // Writing to a child that has exited raises SIGPIPE, which would end codex. It is blocked
        // on this thread only (ignoring it process-wide would change how `codex … | head` ends),
        // and a pending one is consumed before the thread ends.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var zero = timespec()
                _ = sigtimedwait(&pipeSignal, nil, &zero)
            }
        }
        return bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return true }
            var offset = 0
            while offset < buffer.count {
                let count = write(fd, base + offset, buffer.count - offset)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
    }

    static func run(
        _ executable: String, arguments: [String] = [], environment: [String: String], directory: String? = nil,
        input: [UInt8] = [], timeout: Duration, outputCap: Int
    ) async throws -> Outcome {
        let (process, stdin, stdout, stderr) = try launch(
            executable, arguments: arguments, environment: environment, directory: directory)
        let pid = process.processIdentifier
        let timedOut = Flag()
        let killer = Task {
            try await Task.sleep(for: timeout)
            timedOut.set()
            kill(-pid, SIGKILL)
        }
        defer { killer.cancel() }
        let writer = Task {
            await onOwnThread {
                _ = writeAll(stdin.fileHandleForWriting.fileDescriptor, input)
                try? stdin.fileHandleForWriting.close()
            }
        }
        return await withTaskCancellationHandler {
            async let out = drain(stdout.fileHandleForReading, cap: outputCap)
            async let err = drain(stderr.fileHandleForReading, cap: 16 * 1024)
            let (stdoutResult, stderrResult) = await (out, err)
            await writer.value
            // The pipes are closed, so the child has exited or is about to; waiting does not block long.
            await onOwnThread { process.waitUntilExit() }
            return Outcome(
                status: process.terminationStatus, stdout: stdoutResult.bytes, stderr: stderrResult.bytes,
                timedOut: timedOut.isSet, truncated: stdoutResult.truncated)
        } onCancel: {
            kill(-pid, SIGKILL)
        }
    }

    /// Reads to end of file on a background thread, keeping the first `cap` bytes.
    private static func drain(_ handle: FileHandle, cap: Int) async -> (bytes: [UInt8], truncated: Bool) {
        await onOwnThread {
            var bytes: [UInt8] = []
            var truncated = false
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress!, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                let room = max(0, cap - bytes.count)
                bytes += buffer[0..<min(room, count)]
                if count > room { truncated = true }
            }
            try? handle.close()
            return (bytes, truncated)
        }
    }

    /// The environment without anything that looks like a credential.
    static func scrubbed(_ environment: [String: String]) -> [String: String] {
        environment.filter { key, _ in
            let upper = key.uppercased()
            return
                !(upper.hasSuffix("_KEY") || upper.hasSuffix("_TOKEN") || upper.contains("SECRET")
                || upper.contains("PASSWORD") || upper.contains("API_KEY") || upper.hasSuffix("_PAT")
                || upper.contains("CREDENTIAL"))
        }
    }
}

/// A one-way flag set from a timer task and read after the process ends.
private final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

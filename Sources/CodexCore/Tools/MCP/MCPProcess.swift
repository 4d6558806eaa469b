import Foundation
import Synchronization

/// A started MCP server: its stdin takes requests, its stdout arrives as lines, and the tail of
/// its stderr is kept for error messages.
///
/// Foundation's `Process` starts the child in its own process group (no shell in between), so
/// `kill(-pid)` reaches the server and anything it started — `npx`, `uvx` and `python -m`
/// launchers all leave a grandchild. Reads and writes block, so each runs on its own thread,
/// never on the cooperative pool.
final class MCPProcess: Sendable {
    enum Line: Sendable, Equatable {
        case text([UInt8])
        /// A line longer than `maxLineBytes`: the server is writing something that is not MCP.
        case tooLong
    }

    /// Larger than any sane JSON-RPC message, small enough that garbage cannot exhaust memory.
    static let maxLineBytes = 16 << 20

    let pid: Int32
    let lines: AsyncStream<Line>
    private let process: Process
    /// The write end of the child's stdin; -1 once closed.
    ///
    /// Held while writing, so messages never interleave.
    private let input: Mutex<Int32>
    private let errorTail = Mutex<[UInt8]>([])

    /// Starts `executable` directly (no shell) with exactly `environment`.
    static func start(
        executable: String, arguments: [String], environment: [String: String], directory: String?
    ) throws(CodexError) -> MCPProcess {
        let (process, stdin, stdout, stderr) = try ProcessRunner.launch(
            executable, arguments: arguments, environment: environment, directory: directory)
        return MCPProcess(process: process, stdin: stdin, stdout: stdout, stderr: stderr)
    }

    private init(process: Process, stdin: Pipe, stdout: Pipe, stderr: Pipe) {
        self.process = process
        pid = process.processIdentifier
        input = Mutex(stdin.fileHandleForWriting.fileDescriptor)
        // Only the writing end is used; the reading end is the child's.
        try? stdin.fileHandleForReading.close()
        let (lines, continuation) = AsyncStream.makeStream(of: Line.self, bufferingPolicy: .unbounded)
        self.lines = lines
        MCPProcessReaper.track(pid)
        let output = stdout.fileHandleForReading
        Thread.detachNewThread { Self.readLines(output, into: continuation) }
        let errors = stderr.fileHandleForReading
        Thread.detachNewThread { self.keepTail(errors) }
    }

    /// Writes one whole message; fails when the server has closed its stdin or exited.
    func send(_ bytes: [UInt8]) async throws(CodexError) {
        let written = await onOwnThread {
            self.input.withLock { fd -> Bool in
                guard fd >= 0 else { return false }
                return ProcessRunner.writeAll(fd, bytes)
            }
        }
        guard written else { throw CodexError.tool("the server's stdin is closed") }
    }

    /// Closes the server's stdin: the polite way to ask a stdio server to exit.
    func closeInput() async {
        await onOwnThread {
            self.input.withLock { fd in
                if fd >= 0 { close(fd) }
                fd = -1
            }
        }
    }

    /// Signals the whole process group.
    func signal(_ signal: Int32) {
        _ = kill(-pid, signal)
    }

    /// The exit status once the process has ended (a signal shows as 128 + its number).
    var exitStatus: Int32? {
        guard !process.isRunning else { return nil }
        let status = process.terminationStatus
        return process.terminationReason == .uncaughtSignal ? 128 + status : status
    }

    /// Waits up to `timeout` for the process to end; true when it has.
    func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        MCPProcessReaper.untrack(pid)
        return true
    }

    /// Stops it for good: stdin closed, then SIGTERM to the group, then SIGKILL.
    func stop(grace: Duration) async {
        await closeInput()
        if await waitForExit(timeout: grace) { return signal(SIGKILL) }
        signal(SIGTERM)
        if await waitForExit(timeout: grace) { return signal(SIGKILL) }
        signal(SIGKILL)
        _ = await waitForExit(timeout: .seconds(2))
    }

    /// The last few lines the server wrote to stderr, on one line, shortened.
    var stderrTail: String {
        let text = String(decoding: errorTail.withLock { $0 }, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let joined = lines.suffix(3).joined(separator: " | ")
        return joined.count > 400 ? "…" + String(joined.suffix(399)) : joined
    }

    private static func readLines(_ handle: FileHandle, into continuation: AsyncStream<Line>.Continuation) {
        defer {
            try? handle.close()
            continuation.finish()
        }
        var pending: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = block.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            var start = 0
            for index in 0..<count where block[index] == UInt8(ascii: "\n") {
                pending += block[start..<index]
                if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
                continuation.yield(.text(pending))
                pending.removeAll(keepingCapacity: true)
                start = index + 1
            }
            pending += block[start..<count]
            if pending.count > maxLineBytes {
                continuation.yield(.tooLong)
                return
            }
        }
        if !pending.isEmpty { continuation.yield(.text(pending)) }
    }

    private func keepTail(_ handle: FileHandle) {
        var block = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = block.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            errorTail.withLock { kept in
                kept += block[0..<count]
                if kept.count > 4096 { kept.removeFirst(kept.count - 4096) }
            }
        }
        try? handle.close()
    }
}

/// The process groups of MCP servers still running, killed when codex exits.
///
/// A stdio server normally exits when its stdin closes, which happens whenever codex ends; this
/// also covers servers that ignore end of input, on every exit path that runs `atexit` handlers
/// (returning from main, `exit()` after an error).
enum MCPProcessReaper {
    private static let live = Mutex<Set<Int32>>([])
    private static let registered = Mutex(false)

    static func track(_ pid: Int32) {
        registered.withLock { done in
            if !done { atexit { MCPProcessReaper.killAll() } }
            done = true
        }
        _ = live.withLock { $0.insert(pid) }
    }

    static func untrack(_ pid: Int32) {
        _ = live.withLock { $0.remove(pid) }
    }

    static func killAll() {
        for pid in live.withLock({ $0 }) { kill(-pid, SIGKILL) }
    }

    /// Groups still tracked, for tests.
    static var tracked: Set<Int32> { live.withLock { $0 } }
}

import Foundation
import Logging

/// JSON-RPC 2.0 over one server's stdio: requests matched to replies by id, each bounded in time.
///
/// Anything that breaks the exchange — the server exits, writes a line that is not JSON-RPC,
/// or lets a request pass its time limit — breaks the whole connection: the process group is
/// killed, every waiting call gets the same clear error, and the pool starts a new server on the
/// next use. A half-working server is never guessed at.
actor MCPConnection {
    let server: String
    private let process: MCPProcess
    private let logger: Logger
    private var pending: [Int: Pending] = [:]
    private var nextID = 1
    /// Why the connection is unusable; nil while it works.
    private(set) var failure: CodexError?
    /// Set by `notifications/tools/list_changed`: the tool list should be read again.
    private(set) var toolsChanged = false

    private struct Pending {
        var continuation: CheckedContinuation<JSONValue, any Error>
        var method: String
        var timer: Task<Void, Never>?
    }

    init(server: String, process: MCPProcess, logger: Logger) {
        self.server = server
        self.process = process
        self.logger = logger
        Task { [weak self, lines = process.lines] in
            for await line in lines {
                guard let self else { return }
                await self.receive(line)
            }
            await self?.outputEnded()
        }
    }

    var isAlive: Bool { failure == nil }
    var pid: Int32 { process.pid }

    func toolsListRead() { toolsChanged = false }

    /// Sends a request and waits for its result, at most `timeout`.
    /// - Parameter limit: the time limit as the user set it, for the message (`timeout` may be
    ///   what is left of it).
    /// - Throws: `CodexError` when the server answers an error, breaks, or is too slow.
    func request(
        _ method: String, params: JSONValue = [:], timeout: Duration, limit: Duration? = nil
    ) async throws -> JSONValue {
        if let failure { throw failure }
        let id = nextID
        nextID += 1
        let message: JSONValue = [
            "jsonrpc": "2.0", "id": .number(Double(id)), "method": .string(method), "params": params,
        ]
        let name = server
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    await self?.fail(.mcpTimedOut(name, method, after: limit ?? timeout))
                }
                pending[id] = Pending(continuation: continuation, method: method, timer: timer)
                Task { await self.write(message) }
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    /// Sends a notification (no reply expected).
    func notify(_ method: String, params: JSONValue = [:]) async {
        await write(["jsonrpc": "2.0", "method": .string(method), "params": params])
    }

    /// Ends the connection on purpose: waiting calls fail, the server is asked to exit, then killed.
    func close(grace: Duration = .milliseconds(500)) async {
        if failure == nil { failure = .mcpServerFailed(server, "was stopped") }
        resumeAll(throwing: failure ?? .cancelled)
        await process.stop(grace: grace)
    }

    private func write(_ message: JSONValue) async {
        guard failure == nil else { return }
        do {
            try await process.send(message.jsonBytes + [0x0A])
        } catch {
            // The reader sees the end of output too; whichever comes first explains it.
            await outputEnded()
        }
    }

    /// A call given up by its caller: the server is told, the connection stays.
    private func cancel(_ id: Int) async {
        guard let entry = pending.removeValue(forKey: id) else { return }
        entry.timer?.cancel()
        entry.continuation.resume(throwing: CancellationError())
        await notify("notifications/cancelled", params: ["requestId": .number(Double(id)), "reason": "cancelled"])
    }

    private func receive(_ line: MCPProcess.Line) async {
        guard failure == nil else { return }
        guard case .text(let bytes) = line else {
            return fail(.mcpServerFailed(server, "wrote a line over \(MCPProcess.maxLineBytes >> 20) MiB on stdout"))
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        guard let value = try? JSONValue.parse(bytes) else {
            return fail(.mcpServerFailed(server, "wrote something that is not JSON-RPC on stdout: " + excerpt(bytes)))
        }
        // 2025-03-26 allowed batches; later revisions dropped them, so they are read, never sent.
        for message in value.arrayValue ?? [value] {
            await handle(message, raw: bytes)
            if failure != nil { return }
        }
    }

    private func handle(_ message: JSONValue, raw: [UInt8]) async {
        let id = message["id"]
        if let method = message["method"]?.stringValue {
            if let id, !id.isNull {
                // A request from the server. codex offers no client features (sampling, roots,
                // elicitation), so only ping gets an answer; the rest get "method not found".
                if method == "ping" {
                    await write(["jsonrpc": "2.0", "id": id, "result": [:]])
                } else {
                    await write([
                        "jsonrpc": "2.0", "id": id,
                        "error": ["code": -32601, "message": .string("codex does not offer \(method)")],
                    ])
                }
            } else if method == "notifications/tools/list_changed" {
                toolsChanged = true
            }
            return
        }
        guard let number = id?.intValue, message["result"] != nil || message["error"] != nil else {
            return fail(.mcpServerFailed(server, "wrote JSON that is not a JSON-RPC message: " + excerpt(raw)))
        }
        // A reply to a call given up (cancelled) has no one waiting: dropped.
        guard let entry = pending.removeValue(forKey: number) else { return }
        entry.timer?.cancel()
        if let error = message["error"], !error.isNull {
            let code = error["code"]?.intValue ?? 0
            let text = error["message"]?.stringValue ?? "no message"
            entry.continuation.resume(
                throwing: CodexError.mcpRefused(server, entry.method, code: code, message: String(text.prefix(500))))
        } else {
            entry.continuation.resume(returning: message["result"] ?? .null)
        }
    }

    /// Stdout closed: the server exited (or closed it, which is as bad).
    private func outputEnded() async {
        guard failure == nil else { return }
        let exited = await process.waitForExit(timeout: .milliseconds(500))
        guard failure == nil else { return }
        let reason: String
        if exited, let status = process.exitStatus {
            reason = status > 128 ? "was killed by signal \(status - 128)" : "exited with status \(status)"
        } else {
            reason = "closed its stdout"
        }
        fail(.mcpServerFailed(server, reason, stderr: process.stderrTail))
    }

    /// Marks the connection broken, kills the process group and fails every waiting call.
    private func fail(_ error: CodexError) {
        guard failure == nil else { return }
        failure = error
        logger.info("MCP server failed", metadata: ["mcp.server": "\(server)", "error": "\(error.message)"])
        process.signal(SIGKILL)
        resumeAll(throwing: error)
        Task { [process] in _ = await process.waitForExit(timeout: .seconds(5)) }
    }

    private func resumeAll(throwing error: CodexError) {
        let waiting = pending
        pending = [:]
        for entry in waiting.values {
            entry.timer?.cancel()
            entry.continuation.resume(throwing: error)
        }
    }

    private func excerpt(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(80), as: UTF8.self)
        return "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + (bytes.count > 80 ? "…\"" : "\"")
    }
}

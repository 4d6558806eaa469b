import Foundation
import Logging
import Testing

@testable import CodexCore
@testable import CodexSQLite

/// Where the MCP fixtures are: the hand-written servers in Tests/Fixtures/mcp, and the venv
/// `scripts/mcp-fixtures.sh` fills from PyPI (the `mcp` SDK and `mcp-server-time`).
enum MCPFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let fixtures = root + "/Tests/Fixtures/mcp"
    static let venv = root + "/.build/mcp-venv"
    static let python = venv + "/bin/python"
    static let timeServer = venv + "/bin/mcp-server-time"

    /// True once `scripts/mcp-fixtures.sh` has run (scripts/test.sh runs it; CI too).
    static let sdkInstalled =
        FileManager.default.isExecutableFile(atPath: python) && FileManager.default.isExecutableFile(atPath: timeServer)
        && FileManager.default.fileExists(atPath: venv + "/.requirements.sha256")
    static let skipReason: Comment = "the MCP fixtures are not installed: run scripts/mcp-fixtures.sh"

    static let systemPython = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Whether `unshare --net` works here (root, or user namespaces allowed).
    static let canIsolateNetwork: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments =
            getuid() == 0 ? ["--net", "--", "/bin/true"] : ["--net", "--map-root-user", "--", "/bin/true"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static let logger: Logger = {
        var logger = Logger(label: "test.mcp")
        logger.logLevel = .error
        return logger
    }()

    /// The SDK fixture server, as mcp.json would name it.
    static func sdkServer(
        _ name: String = "fx", toolTimeout: Duration = .seconds(20), environment: [String: String] = [:],
        offline: Bool = false
    ) -> MCPServerConfig {
        MCPServerConfig(
            name: name, command: python, arguments: [fixtures + "/fixture_server.py"], environment: environment,
            offline: offline, startupTimeout: .seconds(120), toolTimeout: toolTimeout)
    }

    /// The hand-written server in `mode` (see raw_server.py), run by the system Python.
    static func rawServer(_ mode: String, name: String = "raw", startupTimeout: Duration = .seconds(60))
        -> MCPServerConfig
    {
        MCPServerConfig(
            name: name, command: systemPython ?? "python3", arguments: [fixtures + "/raw_server.py", mode],
            startupTimeout: startupTimeout)
    }

    static func pool(_ servers: MCPServerConfig...) -> MCPServerPool {
        MCPServerPool(configuration: MCPConfiguration(servers: servers), logger: logger)
    }

    static func context() -> ToolContext {
        ToolContext(roots: AllowedRoots(["/tmp"], workingDirectory: "/tmp"), workingDirectory: "/tmp")
    }

    /// True when no process of group `pgid` is left.
    static func groupIsGone(_ pgid: Int32) -> Bool {
        kill(-pgid, 0) != 0 && errno == ESRCH
    }

    /// Waits up to `timeout` for the group to disappear.
    static func waitForGroupToGo(_ pgid: Int32, timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if groupIsGone(pgid) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return groupIsGone(pgid)
    }

    /// Processes whose command line contains every one of `words` (read from /proc).
    static func processes(with words: [String]) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty
            else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            // A zombie has an empty command line and is no longer running anything.
            return words.allSatisfy { word in arguments.contains { $0.contains(word) } } ? pid : nil
        }
    }
}

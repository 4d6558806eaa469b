import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// The real `mcp-server-time` from PyPI through the built `codex` binary.
///
/// It is listed, run by hand, called by a (scripted, loopback) model in a chat with its result in
/// the reply, and checked by `codex doctor`. scripts/test.sh runs these inside `unshare -n`
/// with only loopback up.
@Suite(
    .serialized,
    .enabled(if: MCPFixtures.sdkInstalled, MCPFixtures.skipReason))
struct MCPEndToEndTests {
    static let convertArguments = #"{"source_timezone": "UTC", "time": "12:00", "target_timezone": "Asia/Tokyo"}"#

    /// A CODEX_HOME whose mcp.json names mcp-server-time as `time`.
    func home() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        let config: JSONValue = [
            "mcpServers": [
                // A generous start-up limit: the test suite starts many Python servers at once.
                "time": [
                    "command": .string(MCPFixtures.timeServer), "args": ["--local-timezone=UTC"],
                    "startup_timeout_sec": 120,
                ]
            ]
        ]
        try dir.write("mcp.json", config.jsonString)
        return dir
    }

    func environment(_ dir: TemporaryDirectory, modelPort: Int? = nil) -> [String: String] {
        [
            "CODEX_HOME": dir.path, "MODEL_PROVIDER": "ollama",
            "OLLAMA_HOST": "http://127.0.0.1:\(modelPort ?? 9)", "OLLAMA_MODEL": "fixture", "PATH": "/usr/bin:/bin",
        ]
    }

    func codex(_ arguments: [String], _ environment: [String: String]) async throws -> CodexBinary.Run {
        try await CodexBinary.run(arguments, environment: environment)
    }

    @Test func timeToolsAreListedAndRunByHand() async throws {
        let dir = try home()
        let env = environment(dir)

        // When listing tools as JSON
        let list = try await codex(["tools", "list", "--json"], env)
        #expect(list.status == 0, "\(list.stderr)")
        let tools = try JSONValue.parse(Array(list.stdout.utf8))["tools"]?.arrayValue ?? []
        let convert = try #require(tools.first { $0["name"] == "time__convert_time" }, "\(list.stderr)")
        #expect(convert["kind"] == "mcp" && convert["server"] == "time" && convert["mcp_tool"] == "convert_time")
        #expect(convert["parameters"]?["required"]?.arrayValue?.count == 3)
        #expect(tools.contains { $0["name"] == "time__get_current_time" })

        // And running one by hand
        let run = try await codex(
            [
                "tools", "run", "--store", dir.path + "/codex.sqlite", "--json", "time__convert_time",
                Self.convertArguments,
            ],
            env)
        #expect(run.status == 0, "\(run.stderr)")
        let result = try JSONValue.parse(Array(run.stdout.utf8))
        #expect(result["error"] == false)
        #expect(result["data"]?["target"]?["datetime"]?.stringValue?.hasSuffix("T21:00:00+09:00") == true)
        #expect(result["text"]?.stringValue?.contains("21:00:00+09:00") == true)

        // And a bad timezone is the tool's own error, with exit status 2
        let bad = try await codex(
            [
                "tools", "run", "--store", dir.path + "/codex.sqlite", "time__get_current_time",
                #"{"timezone": "Mars/Olympus"}"#,
            ],
            env)
        #expect(bad.status == 2)
        #expect(bad.stdout.contains("Mars/Olympus"))
    }

    @Test func aModelCallsTheTimeServerInAChatAndAnswersWithItsResult() async throws {
        // Given a scripted model that asks for time__convert_time, then repeats what the tool said
        let dir = try home()
        let model = try ToolModel(tool: "time__convert_time", arguments: Self.convertArguments)
        defer { model.stop() }

        // When chatting with tools
        let chat = try await codex(
            ["chat", "--store", dir.path + "/codex.sqlite", "--tools", "-m", "What time is noon UTC in Tokyo?"],
            environment(dir, modelPort: model.port))

        // Then the MCP tool ran and its result is in the reply
        #expect(chat.status == 0, "\(chat.stderr)")
        #expect(chat.stdout.contains("The tool said: "))
        #expect(chat.stdout.contains("21:00:00+09:00"))
        #expect(chat.stderr.contains("time__convert_time"))
        #expect(MCPFixtures.processes(with: ["mcp-server-time", "--local-timezone=UTC"]).isEmpty)
    }

    @Test func doctorReportsEachServerAndThatItMayReachTheNetwork() async throws {
        // Given the time server and one whose command is missing
        let dir = try home()
        try dir.write(
            "mcp.json",
            #"{"mcpServers": {"time": {"command": "\#(MCPFixtures.timeServer)", "startup_timeout_sec": 120}, "#
                + #""gone": {"command": "no-such-server"}}}"#
        )

        // When running doctor
        let doctor = try await codex(["doctor", "--store", dir.path + "/codex.sqlite", "--json"], environment(dir))
        let text = try await codex(["doctor", "--store", dir.path + "/codex.sqlite"], environment(dir))

        // Then each server has its state and tool count, and egress names them
        #expect(doctor.status == 0, "\(doctor.stderr)")
        let mcp = try JSONValue.parse(Array(doctor.stdout.utf8))["mcp"]
        let servers = mcp?["servers"]?.arrayValue ?? []
        #expect(servers.map { $0["name"] } == ["gone", "time"])
        #expect(servers[0]["state"] == "failed")
        #expect(servers[1]["state"] == "ready" && servers[1]["tools"]?.arrayValue?.count == 2)
        #expect(servers[1]["protocol_version"] == "2025-11-25" && servers[1]["server_name"] == "mcp-time")
        #expect(mcp?["egress"]?.stringValue?.contains("may reach the network themselves: gone, time") == true)
        #expect(text.stdout.contains("time: ready, 2 tools, started in "))
        #expect(text.stdout.contains("gone: failed: MCP server `gone` cannot be started"))
    }
}

/// scripts/fixture-model.py with `--tool`, on an ephemeral loopback port.
final class ToolModel: Sendable {
    let port: Int
    private let process: Process

    init(tool: String, arguments: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MCPFixtures.systemPython ?? "/usr/bin/python3")
        process.arguments = [MCPFixtures.root + "/scripts/fixture-model.py", "0", "--tool", tool, arguments]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line: [UInt8] = []
        while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != 0x0A { line.append(byte) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw CodexError.io("fixture-model.py did not print its port")
        }
        self.port = port
        self.process = process
    }

    /// SIGKILL: test processes may run with SIGTERM ignored, which children inherit.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

import Foundation
import Synchronization
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct ShellToolTests {
    func registry(
        _ dir: TemporaryDirectory, allowShell: Bool = true,
        commands: Set<String> = ["echo", "sleep", "env", "yes", "head"],
        timeout: Duration = .seconds(20), outputBytes: Int = 64 * 1024,
        confirm: (@Sendable (ToolCall) async -> Bool)? = nil
    ) -> ToolRegistry {
        var limits = ToolLimits()
        limits.processTimeout = timeout
        limits.processOutputBytes = outputBytes
        let context = ToolContext(
            roots: AllowedRoots([dir.path], workingDirectory: dir.path), workingDirectory: dir.path, limits: limits,
            allowShell: allowShell, shellCommands: commands, confirm: confirm)
        return ToolRegistry(tools: ToolRegistry.builtins, context: context)
    }

    func shell(_ registry: ToolRegistry, _ command: String, _ arguments: [String] = []) async -> ToolResult {
        let call: JSONValue = ["command": .string(command), "arguments": .array(arguments.map(JSONValue.string))]
        return await registry.run(ToolCall(name: "shell", arguments: call.jsonString))
    }

    @Test func anAllowedCommandRunsAfterConfirmation() async throws {
        let dir = try TemporaryDirectory()
        let asked = Mutex<[String]>([])
        let result = await shell(
            registry(
                dir,
                confirm: { call in
                    asked.withLock { $0.append(call.arguments) }
                    return true
                }), "echo", ["hello", "world"])
        #expect(!result.isError)
        #expect(result.output.text == "hello world\n")
        #expect(asked.withLock { $0.count } == 1)
    }

    @Test func offByDefaultAndDeclinedAndNotAllowListedAreRefused() async throws {
        let dir = try TemporaryDirectory()
        let off = await shell(registry(dir, allowShell: false), "echo", ["hi"])
        let declined = await shell(registry(dir, confirm: { _ in false }), "echo", ["hi"])
        let notListed = await shell(registry(dir), "rm", ["-rf", dir.path])
        let byPath = await shell(registry(dir), "/bin/echo", ["hi"])
        #expect(off.isError && off.output.text.contains("the shell tool is off"))
        #expect(declined.isError && declined.output.text.contains("declined"))
        #expect(notListed.isError && notListed.output.text.contains("`rm` is not an allowed command"))
        #expect(byPath.isError && byPath.output.text.contains("not an allowed command"))
        #expect(FileManager.default.fileExists(atPath: dir.path))
    }

    @Test func aCommandPastItsTimeoutIsKilled() async throws {
        // Given a command that would run for a minute and a short timeout
        let dir = try TemporaryDirectory()
        // When it runs
        let result = await shell(registry(dir, timeout: .milliseconds(300)), "sleep", ["60"])
        // Then it is stopped and the model is told so
        #expect(result.isError)
        #expect(result.output.text.contains("did not finish"))
    }

    @Test func outputPastTheCapIsCut() async throws {
        // Given a command printing 100 kB and a 1 KiB cap
        let dir = try TemporaryDirectory()
        let result = await shell(registry(dir, outputBytes: 1024), "head", ["-c", "100000", "/dev/zero"])
        #expect(result.output.text.contains("[output cut at 1024 bytes]"))
        #expect(result.output.text.utf8.count < 1200)
    }

    @Test func secretsAreNotInheritedByCommands() async throws {
        // Given credentials in codex's own environment
        setenv("CODEX_TEST_API_KEY", "sk-test-secret", 1)
        setenv("CODEX_TEST_DB_PASSWORD", "hunter2", 1)
        setenv("CODEX_TEST_PLAIN", "visible", 1)
        let dir = try TemporaryDirectory()
        // When a command prints its environment
        let result = await shell(registry(dir), "env")
        // Then the credentials are gone and ordinary variables remain
        #expect(result.output.text.contains("CODEX_TEST_PLAIN=visible"))
        #expect(!result.output.text.contains("sk-test-secret"))
        #expect(!result.output.text.contains("hunter2"))
    }
}

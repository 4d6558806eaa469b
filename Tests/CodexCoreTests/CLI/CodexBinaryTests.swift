import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// Runs the built `codex` binary as a user would, against a scripted Ollama on loopback.
struct CodexBinaryTests {
    func codex(
        _ arguments: [String], environment: [String: String], stdin: String? = nil, directory: String? = nil
    ) async throws -> CodexBinary.Run {
        try await CodexBinary.run(arguments, environment: environment, directory: directory, stdin: stdin)
    }

    func environment(_ dir: TemporaryDirectory, ollama: FixtureServer) -> [String: String] {
        [
            "CODEX_HOME": dir.path, "MODEL_PROVIDER": "ollama", "OLLAMA_HOST": ollama.baseURL.absoluteString,
            "OLLAMA_MODEL": "llama3.2", "PATH": "/usr/bin:/bin",
        ]
    }

    @Test func chatWithAMessageFromStdinStreamsTheReplyAndSessionsShowListsIt() async throws {
        // Given a scripted Ollama and an empty store
        let dir = try TemporaryDirectory()
        let ollama = try FixtureServer(
            try ModelFixtures.ollamaReady() + [ModelFixtures.ollamaStream(["Hello, ", "Ada!"])])
        defer { ollama.stop() }
        let store = dir.path + "/codex.sqlite"

        // When sending one message read from stdin
        let chat = try await codex(
            ["chat", "--store", store, "-m", "-"], environment: environment(dir, ollama: ollama),
            stdin: "Hi, I am Ada.\n")

        // Then the reply is on stdout, the session id on stderr, and the model got the message
        #expect(chat.status == 0, "\(chat.stderr)")
        #expect(chat.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "Hello, Ada!")
        #expect(ollama.requests.last?.json?["messages"]?[1]?["content"]?.stringValue == "Hi, I am Ada.\n")
        let prefix = try #require(chat.stderr.firstMatch(of: /session ([0-9a-f]{8})/)?.1)

        // And `sessions show` prints both messages with roles and the model
        let show = try await codex(
            ["sessions", "show", "--store", store, String(prefix)], environment: environment(dir, ollama: ollama))
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("user:\nHi, I am Ada."))
        #expect(show.stdout.contains("assistant (llama3.2 via ollama):\nHello, Ada!"))
        let list = try await codex(
            ["sessions", "list", "--store", store, "--json"], environment: environment(dir, ollama: ollama))
        let sessions = try JSONValue.parse(Array(list.stdout.utf8))
        #expect(sessions[0]?["message_count"]?.intValue == 2)
    }

    @Test func chatWithToolsRunsTheToolTheModelAsksForAndStoresTheWholeExchange() async throws {
        // Given a project folder and a model that first asks to list it, then answers
        let dir = try TemporaryDirectory()
        let project = dir.path + "/project"
        try dir.write("project/budget.csv", "month,amount\njan,3\n")
        let toolCall =
            #"{"model":"llama3.2","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"list_files","arguments":{"path":"."}}}]},"done":false}"#
            + "\n"
            + #"{"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}"#
            + "\n"
        let ollama = try FixtureServer(
            try ModelFixtures.ollamaReady()
                + [.status(200, reason: "OK", headers: ["Content-Type: application/x-ndjson"], body: toolCall)]
                + [ModelFixtures.ollamaStream(["There is budget.csv."])])
        defer { ollama.stop() }
        let store = dir.path + "/codex.sqlite"

        // When chatting with tools from inside the project
        let chat = try await codex(
            ["chat", "--store", store, "--tools", "-m", "What files are here?"],
            environment: environment(dir, ollama: ollama),
            directory: project)

        // Then the tool ran, its result went back to the model, and the answer is printed
        #expect(chat.status == 0, "\(chat.stderr)")
        #expect(chat.stdout.contains("There is budget.csv."))
        #expect(chat.stderr.contains("list_files"))
        let sent = ollama.requests.last?.json?["messages"]
        let toolMessage = (0..<8).compactMap { sent?[$0] }.first { $0["role"]?.stringValue == "tool" }
        #expect(toolMessage?["content"]?.stringValue?.contains("budget.csv") == true)
        #expect(ollama.requests[2].json?["tools"]?[0] != nil)

        // And the session holds the question, the call, its result and the answer, in order
        let list = try await codex(
            ["sessions", "list", "--store", store, "--json"], environment: environment(dir, ollama: ollama))
        let id = try #require(try JSONValue.parse(Array(list.stdout.utf8))[0]?["session"]?["id"]?.stringValue)
        let show = try await codex(
            ["sessions", "show", "--store", store, "--json", id], environment: environment(dir, ollama: ollama))
        let messages = try JSONValue.parse(Array(show.stdout.utf8))["messages"]
        let roles = (0..<4).compactMap { messages?[$0]?["role"]?.stringValue }
        #expect(roles == ["user", "assistant", "tool", "assistant"])
        #expect(messages?[1]?["tool_calls"]?[0]?["name"]?.stringValue == "list_files")
    }

    @Test func doctorMasksKeysAndSaysNothingLeaves() async throws {
        let dir = try TemporaryDirectory()
        let closed = try ModelFixtures.closedPortServer()
        var environment = environment(dir, ollama: closed)
        environment["OPENAI_API_KEY"] = "sk-proj-secretsecretsecret9876"
        let doctor = try await codex(["doctor", "--store", dir.path + "/codex.sqlite"], environment: environment)
        #expect(doctor.status == 0, "\(doctor.stderr)")
        #expect(!doctor.stdout.contains("secretsecret"))
        #expect(doctor.stdout.contains("sk-…9876"))
        #expect(doctor.stdout.contains("nothing leaves this machine"))
        #expect(doctor.stdout.contains("ollama at"))
        #expect(doctor.stdout.contains("down"))
    }

    @Test func ingestQuietPrintsTheCountsAndTheStoreButNotTheSkippedFiles() async throws {
        // Given a folder with a note and a binary file ingest skips
        let dir = try TemporaryDirectory()
        try dir.write("docs/note.md", "# Keys\n\nRotate the signing key every 90 days.\n")
        try dir.write("docs/logo.bin", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01, 0x02]))
        let environment = ["CODEX_HOME": dir.path, "PATH": "/usr/bin:/bin"]
        func ingest(_ flags: [String]) async throws -> CodexBinary.Run {
            try await codex(
                ["ingest", dir.path + "/docs", "--store", dir.path + "/codex-\(flags.count).sqlite", "--embedder", "none"]
                    + flags, environment: environment)
        }

        // When ingesting it with and without --quiet
        let loud = try await ingest([])
        let quiet = try await ingest(["--quiet"])

        // Then both count the skipped file and name the store, but only the loud one lists it
        #expect(loud.status == 0 && quiet.status == 0, "\(loud.stderr)\(quiet.stderr)")
        #expect(loud.stdout.contains("logo.bin"), "\(loud.stdout)")
        #expect(!quiet.stdout.contains("logo.bin"), "\(quiet.stdout)")
        #expect(quiet.stdout.contains("1 added, 0 updated, 0 unchanged, 0 removed, 1 skipped"), "\(quiet.stdout)")
        #expect(quiet.stdout.contains("store: " + dir.path + "/codex-1.sqlite"))
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    }
}

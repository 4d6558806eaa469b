import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// `codex models export`, `import` and the on-disk listing, run as a user runs them.
struct ModelsCommandTests {
    @Test func anOllamaModelCrossesByCommandAndIsListedWithNoServer() async throws {
        // Given an Ollama folder with one model, and another machine's empty HOME
        let dir = try TemporaryDirectory()
        try OllamaFolderFixture.add("smollm2:135m", weightBytes: 1 << 20, to: dir.path + "/ollama")
        let cli = CodexBinaryTests()
        let here = [
            "OLLAMA_MODELS": dir.path + "/ollama", "HOME": dir.path, "PATH": "/usr/bin:/bin",
            "MODEL_PROVIDER": "ollama",
            "OLLAMA_HOST": "http://127.0.0.1:9",
        ]
        let there = [
            "HOME": dir.path + "/there", "PATH": "/usr/bin:/bin", "MODEL_PROVIDER": "ollama",
            "OLLAMA_HOST": "http://127.0.0.1:9",
        ]

        // When it is exported here and imported there
        let export = try await cli.codex(["models", "export", "smollm2:135m", "-o", dir.path + "/m.tar"], environment: here)
        let imported = try await cli.codex(["models", "import", dir.path + "/m.tar", "--json"], environment: there)

        // Then it lands in ~/.ollama/models there, and `codex models` lists it though no server runs
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("Exported smollm2:135m (Ollama manifest and 5 blobs"))
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = try JSONValue.parse(Array(imported.stdout.utf8))
        #expect(
            report["path"]?.stringValue == dir.path
                + "/there/.ollama/models/manifests/registry.ollama.ai/library/smollm2/135m")
        #expect(report["skipped"] == .bool(false))
        let listed = try await cli.codex(["models", "--json"], environment: there)
        #expect(listed.status == 0, "\(listed.stderr)")
        let onDisk = try JSONValue.parse(Array(listed.stdout.utf8))["on_disk"]
        #expect(onDisk?[0]?["name"]?.stringValue == "smollm2:135m")
        #expect(onDisk?[0]?["quantization"]?.stringValue == "Q4_1")
        let text = try await cli.codex(["models"], environment: there)
        #expect(text.stdout.contains("smollm2:135m  ollama  1.0 MiB"))

        // And a tampered copy is refused with the reason, exit status non-zero
        var bytes = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/m.tar"))
        bytes[4096] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: dir.path + "/bad.tar"))
        let refused = try await cli.codex(
            ["models", "import", dir.path + "/bad.tar", "--to", dir.path + "/x"], environment: there)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("nothing was imported") && refused.stderr.contains("hint:"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/x"))
    }
}

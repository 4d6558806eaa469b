import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// `codex models export/import` on a realistic Ollama folder: byte-identical round trips, and
/// every damaged or hostile archive refused with nothing written.
struct ModelArchiveTests {
    @Test func exportThenImportIntoAnEmptyFolderIsByteIdentical() throws {
        // Given an Ollama folder with two models sharing nothing
        let dir = try TemporaryDirectory()
        let source = dir.path + "/ollama"
        let model = try OllamaFolderFixture.add("smollm2:135m", to: source)
        try OllamaFolderFixture.add("other/tuned:v2", seed: 2, to: source)
        let archive = dir.url.appendingPathComponent("smollm2.tar")

        // When one is exported and imported into an empty folder
        let before = Date(timeIntervalSinceNow: -1)
        let summary = try ModelExporter().export(
            .ollama(model.reference, OllamaModelsFolder(path: source)), to: archive)
        let report = try ModelImporter().importArchive(at: archive, to: dir.path + "/imported")

        // Then its manifest and its five blobs arrive byte for byte, and nothing else
        #expect(summary.name == "smollm2:135m" && summary.kind == .ollama && summary.files == 6)
        #expect(!report.skipped && !report.replaced && report.files == 6)
        #expect(report.path == dir.path + "/imported/manifests/registry.ollama.ai/library/smollm2/135m")
        let sent = try OllamaFolderFixture.modelFiles(source).filter {
            $0.key.hasPrefix("manifests/registry.ollama.ai/library/smollm2/")
                || model.blobs.keys.contains(String($0.key.dropFirst("blobs/sha256-".count)))
        }
        #expect(sent.count == 6)
        #expect(try OllamaFolderFixture.modelFiles(dir.path + "/imported") == sent)

        // And the blobs carry the current time (Ollama prunes unreferenced old blobs), no staging is left
        for hex in model.blobs.keys {
            let attributes = try FileManager.default.attributesOfItem(
                atPath: dir.path + "/imported/blobs/sha256-" + hex)
            #expect((attributes[.modificationDate] as? Date ?? .distantPast) >= before)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/imported")
        #expect(leftovers.sorted() == ["blobs", "manifests"])
        #expect(!FileManager.default.fileExists(atPath: archive.path + ".partial"))

        // And importing it again finds it there and writes nothing
        let snapshot = try OllamaFolderFixture.snapshot(dir.path + "/imported")
        let again = try ModelImporter().importArchive(at: archive, to: dir.path + "/imported")
        #expect(again.skipped)
        #expect(try OllamaFolderFixture.snapshot(dir.path + "/imported") == snapshot)

        // And the imported model is listed from disk, with what its config says
        let listed = OllamaModelsFolder(path: dir.path + "/imported").models()
        #expect(listed.map(\.name) == ["smollm2:135m"])
        #expect(
            listed.first?.family == "llama" && listed.first?.quantization == "Q4_1" && listed.first?.missingBlobs == 0)
        #expect(listed.first?.bytes == model.blobs.values.reduce(0) { $0 + Int64($1.count) })
    }

    @Test func theArchiveIsAPaxTarWithTheManifestLast() throws {
        let dir = try TemporaryDirectory()
        let model = try OllamaFolderFixture.add(to: dir.path + "/ollama")
        let archive = dir.path + "/m.tar"
        _ = try ModelExporter().export(
            .ollama(model.reference, OllamaModelsFolder(path: dir.path + "/ollama")), to: URL(fileURLWithPath: archive))
        let entries = ArchiveSurgery.read(archive)
        #expect(entries.last?.path == "codex-model.json")
        #expect(entries.dropLast().last?.path == "manifests/registry.ollama.ai/library/smollm2/135m")
        #expect(Set(entries.dropLast(2).map(\.path)) == Set(model.blobs.keys.map { "blobs/sha256-" + $0 }))
        let manifest = try ModelArchiveManifest.decode(Data(try #require(entries.last).bytes))
        #expect(manifest.format == "codex-model" && manifest.formatVersion == 1 && manifest.kind == .ollama)
        #expect(manifest.files.map(\.path) == entries.dropLast().map(\.path))
        #expect(manifest.files.map(\.size) == entries.dropLast().map { Int64($0.bytes.count) })
    }

    @Test func aGGUFFileTravelsToTheGGUFFolder() throws {
        // Given a GGUF file
        let dir = try TemporaryDirectory()
        let model = try OllamaFolderFixture.add(to: dir.path + "/ollama")
        let weights = try #require(model.blobs.values.first { $0.starts(with: Data("GGUF".utf8)) })
        let file = try dir.write("SmolLM2-135M.Q4_1.gguf", weights)

        // When exported, then imported with CODEX_HOME pointing at a fresh home
        let archive = dir.url.appendingPathComponent("gguf.tar")
        let summary = try ModelExporter().export(.gguf(path: file), to: archive)
        let report = try ModelImporter(environment: ["CODEX_HOME": dir.path + "/home"]).importArchive(at: archive)

        // Then the same bytes are in $CODEX_HOME/models/gguf and listed from there
        #expect(summary.kind == .gguf && summary.name == "SmolLM2-135M.Q4_1.gguf")
        #expect(report.path == dir.path + "/home/models/gguf/SmolLM2-135M.Q4_1.gguf")
        #expect(FileManager.default.contents(atPath: report.path) == weights)
        let listed = LocalModels.list(environment: ["CODEX_HOME": dir.path + "/home", "HOME": dir.path])
        #expect(listed.map(\.name) == ["SmolLM2-135M.Q4_1.gguf"] && listed.first?.source == .gguf)
        #expect(try ModelImporter(environment: ["CODEX_HOME": dir.path + "/home"]).importArchive(at: archive).skipped)
    }

    @Test func aFileThatIsNotGGUFIsNotExported() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("notes.gguf", "just text")
        #expect(throws: CodexError.notAGGUFFile(file)) {
            try ModelExporter().export(.gguf(path: file), to: dir.url.appendingPathComponent("x.tar"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/x.tar"))
    }

    @Test func aDamagedBlobInTheOllamaFolderStopsTheExport() throws {
        // Given a model whose weights were altered on disk after download
        let dir = try TemporaryDirectory()
        let model = try OllamaFolderFixture.add(to: dir.path + "/ollama")
        let hex = try #require(model.blobs.first { $0.value.count > 1 << 20 }?.key)
        let path = dir.path + "/ollama/blobs/sha256-" + hex
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))

        // When exported, then it is refused and no archive is left
        let error = #expect(throws: CodexError.self) {
            try ModelExporter().export(
                .ollama(model.reference, OllamaModelsFolder(path: dir.path + "/ollama")),
                to: dir.url.appendingPathComponent("m.tar"))
        }
        #expect(error?.message.contains("does not match its digest") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["ollama"])
    }

    @Test func aModelThatIsNotThereIsNamedWithItsFolder() throws {
        let dir = try TemporaryDirectory()
        let folder = OllamaModelsFolder(path: dir.path)
        #expect(throws: CodexError.ollamaModelNotFound("llama3.2:latest", folder: dir.path)) {
            try ModelExporter().export(
                .ollama(try #require(ModelReference("llama3.2")), folder), to: dir.url.appendingPathComponent("x.tar"))
        }
    }

    @Test(arguments: [
        ("smollm2", "registry.ollama.ai/library/smollm2:latest"),
        ("smollm2:135m", "registry.ollama.ai/library/smollm2:135m"),
        ("me/tuned:v2", "registry.ollama.ai/me/tuned:v2"),
        ("localhost:5000/me/tuned:v2", "localhost:5000/me/tuned:v2"),
        ("hf.co/bartowski/SmolLM2-135M-Instruct-GGUF:Q4_K_M", "hf.co/bartowski/SmolLM2-135M-Instruct-GGUF:Q4_K_M"),
    ])
    func modelNamesGetOllamasDefaults(text: String, expected: String) throws {
        let reference = try #require(ModelReference(text))
        #expect("\(reference.host)/\(reference.namespace)/\(reference.model):\(reference.tag)" == expected)
    }

    @Test(arguments: [
        "", "../x", "a/../b", "x:", ":tag", "a/b/c/d", ".hidden", "a b", "m:t/x", "host:99999999/a/b", "ü",
    ])
    func namesThatCouldEscapeAFolderAreRefused(text: String) {
        #expect(ModelReference(text) == nil)
    }
}

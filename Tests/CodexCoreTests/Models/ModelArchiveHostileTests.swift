import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// Damaged and hostile model archives: each is refused with a message saying why, and the
/// destination folder is exactly as it was (a folder that did not exist still does not).
struct ModelArchiveHostileTests {
    enum Case: String, CaseIterable, Sendable {
        case flippedByte, flippedByteRehashed, truncated, truncatedInHeader, dotDotPath, absolutePath, symlink, hardlink
        case directory, fifo, unknownName, unlistedBlob, missingBlob, blobNameLies, newerVersion, noManifest
        case entryAfterManifest, duplicateEntry, gzipped, notAnArchive, mixedKinds, manifestNamesAnotherModel
    }

    @Test(arguments: Case.allCases, [false, true])
    func hostileArchiveIsRefusedAndNothingIsWritten(_ hostile: Case, intoExistingFolder: Bool) throws {
        // Given a valid archive, and a destination that either holds another model or does not exist
        let dir = try TemporaryDirectory()
        let model = try OllamaFolderFixture.add("smollm2:135m", weightBytes: 1 << 20, to: dir.path + "/source")
        let valid = dir.path + "/valid.tar"
        _ = try ModelExporter().export(
            .ollama(model.reference, OllamaModelsFolder(path: dir.path + "/source")), to: URL(fileURLWithPath: valid))
        let destination = dir.path + "/dest/models"
        if intoExistingFolder {
            try OllamaFolderFixture.add("resident:1b", weightBytes: 4096, seed: 9, to: destination)
        }
        let (path, expected) = try Self.build(hostile, from: valid, model: model, in: dir)
        let before = try OllamaFolderFixture.snapshot(destination)
        let parentBefore = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()

        // When the damaged archive is imported
        let error = #expect(throws: CodexError.self) {
            try ModelImporter().importArchive(at: URL(fileURLWithPath: path), to: destination)
        }

        // Then it is refused, saying why, and nothing was written
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "no error")")
        #expect(error?.hint != nil)
        #expect(try OllamaFolderFixture.snapshot(destination) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == parentBefore)
    }

    private static func build(
        _ hostile: Case, from valid: String, model: OllamaFolderFixture.Model, in dir: TemporaryDirectory
    ) throws -> (String, String) {
        typealias Entry = ArchiveSurgery.Entry
        var entries = ArchiveSurgery.read(valid)
        let weights = entries.firstIndex { $0.bytes.count > 1 << 19 }!
        let manifestIndex = entries.count - 1
        let path = dir.path + "/hostile.tar"
        var packing = ArchiveSurgery.Packing.tar
        var expected: String
        func insert(_ entry: Entry) { entries.insert(entry, at: manifestIndex) }

        switch hostile {
        case .flippedByte:
            entries[weights].bytes[entries[weights].bytes.count / 2] ^= 0x01
            expected = "does not match its SHA-256 and size"
        case .flippedByteRehashed:
            entries[weights].bytes[12345] ^= 0x80
            entries = ModelArchiveSurgery.rehash(entries)
            expected = "does not hold the blob its name gives"
        case .truncated, .truncatedInHeader:
            ArchiveSurgery.write(entries, to: path, packing: .tar)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            // Half way through the weights, or inside the header of the last entry.
            let header = try #require(bytes.firstRange(of: Data("codex-model.json".utf8)))
            let cut = hostile == .truncated ? bytes.count / 2 : header.lowerBound + 100
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: path))
            return (path, "truncated or corrupt")
        case .dotDotPath:
            insert(Entry(path: "blobs/../../../evil.sh", bytes: Array("rm -rf ~\n".utf8)))
            expected = "escapes the archive"
        case .absolutePath:
            insert(Entry(path: "/etc/cron.d/evil", bytes: Array("* * * * * root sh\n".utf8)))
            expected = "escapes the archive"
        case .symlink:
            insert(Entry(path: "blobs/sha256-" + String(repeating: "a", count: 64), kind: .symlink("/etc/passwd")))
            expected = "is a symbolic link"
        case .hardlink:
            insert(Entry(path: "blobs/sha256-" + String(repeating: "b", count: 64), kind: .hardlink("/etc/shadow")))
            expected = "is a hard link"
        case .directory:
            insert(Entry(path: "manifests/x", kind: .directory))
            expected = "is a directory"
        case .fifo:
            insert(Entry(path: "blobs/fifo", kind: .fifo))
            expected = "is a FIFO"
        case .unknownName:
            insert(Entry(path: "blobs/sha256-nothex", bytes: [1, 2, 3]))
            entries = ModelArchiveSurgery.rehash(entries)
            expected = "not part of a codex model archive"
        case .unlistedBlob:
            let extra = Array("stowaway".utf8)
            insert(Entry(path: "blobs/sha256-" + sha256(extra), bytes: extra))
            expected = "not listed in the manifest"
        case .missingBlob:
            entries.remove(at: weights)
            entries = ModelArchiveSurgery.rehash(entries)
            expected = "which the archive lacks"
        case .blobNameLies:
            let other = Array("something else".utf8)
            entries[weights].bytes = other
            entries = ModelArchiveSurgery.rehash(entries)
            expected = "does not hold the blob its name gives"
        case .newerVersion:
            editManifest(&entries) { $0["format_version"] = 2 }
            expected = "format version 2"
        case .noManifest:
            entries.removeLast()
            expected = "has no codex-model.json"
        case .entryAfterManifest:
            entries.append(Entry(path: "blobs/sha256-" + sha256([7]), bytes: [7]))
            expected = "comes after codex-model.json"
        case .duplicateEntry:
            insert(entries[weights])
            expected = "appears twice"
        case .gzipped:
            packing = .tarGz
            expected = "not a codex model archive"
        case .notAnArchive:
            try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
            return (path, "not a codex model archive")
        case .mixedKinds:
            insert(Entry(path: "gguf/extra.gguf", bytes: Array("GGUF....".utf8)))
            entries = ModelArchiveSurgery.rehash(entries)
            expected = "mixes Ollama and GGUF entries"
        case .manifestNamesAnotherModel:
            editManifest(&entries) { $0["name"] = "llama3.2:latest" }
            expected = "exactly one model manifest, the one it names"
        }
        ArchiveSurgery.write(entries, to: path, packing: packing)
        return (path, expected)
    }

    private static func editManifest(_ entries: inout [ArchiveSurgery.Entry], _ edit: (inout [String: Any]) -> Void) {
        let index = entries.count - 1
        var manifest = try! JSONSerialization.jsonObject(with: Data(entries[index].bytes)) as! [String: Any]
        edit(&manifest)
        entries[index].bytes = Array(try! JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]))
    }

    private static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).hexString
    }
}

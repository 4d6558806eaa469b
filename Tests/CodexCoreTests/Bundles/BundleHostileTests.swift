import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// Hostile bundles, built here with libarchive or by damaging bytes: each is refused with a clear
/// error, and the store's content checksum is unchanged.
struct BundleHostileTests {
    enum Case: String, CaseIterable, Sendable {
        case absolutePath, dotDotPath, symlink, hardlink, fifo, device, directory, duplicateName, unlistedEntry
        case unknownEntryName, badSHA256, missingFile, newerVersion, foreignManifest, missingManifest
        case truncated, corruptBytes, bombByRatio, bombByTotalSize, bombByEntrySize, bombByEntryCount
        case zipBombByRatio, nonUTF8Name, oversizeLine, invalidUTF8, unknownSession, unlistedSessionFolder, plainTar, zipSymlink, notAnArchive
        case jsonNewerVersion, jsonInvalidUTF8, jsonUnknownSession, jsonTruncated, jsonTooLarge
    }

    private static let first = "11111111-2222-3333-4444-555555555555"
    private static let stranger = "99999999-8888-7777-6666-555555555555"

    @Test(arguments: Case.allCases)
    func hostileBundleIsRefusedAndNothingIsWritten(_ hostile: Case) throws {
        // Given a store with content of its own, and a valid bundle from another store
        let dir = try TemporaryDirectory()
        let source = try BundleFixture.store(in: dir)
        let validArchive = dir.path + "/valid.tar.gz"
        let validJSON = dir.path + "/valid.json"
        _ = try BundleWriter(store: source.store).export(
            BundleSelection(includeDocuments: true), format: .tarGz, to: URL(fileURLWithPath: validArchive))
        _ = try BundleWriter(store: source.store).export(
            BundleSelection(includeDocuments: true), format: .json, to: URL(fileURLWithPath: validJSON))
        let target = try CodexDatabase.open(at: dir.path + "/target.sqlite")
        try BundleFixture.addCollection("notes", documents: BundleFixture.handbook, embedder: nil, to: target)
        let before = try BundleFixture.checksum(target)

        // When the damaged bundle is imported
        let (path, limits, expected) = try Self.build(
            hostile, in: dir, validArchive: validArchive, validJSON: validJSON)
        let error = #expect(throws: CodexError.self) {
            try BundleImporter(store: target.store, limits: limits).importBundle(at: URL(fileURLWithPath: path))
        }

        // Then it is refused with a message that says why, and the store is unchanged
        #expect([.bundle, .unsupported].contains(error?.kind))
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "no error")")
        #expect(error?.hint != nil)
        #expect(try BundleFixture.checksum(target) == before)
    }

    private static func build(
        _ hostile: Case, in dir: TemporaryDirectory, validArchive: String, validJSON: String
    ) throws -> (String, BundleLimits, String) {
        typealias Entry = ArchiveSurgery.Entry
        var entries = ArchiveSurgery.read(validArchive)
        let messagesIndex = entries.firstIndex { $0.path == "sessions/\(first)/messages.jsonl" }!
        let manifestIndex = entries.count - 1
        var limits = BundleLimits.default
        var packing = ArchiveSurgery.Packing.tarGz
        let path = dir.path + "/hostile.bin"
        var expected: String
        func insert(_ entry: Entry) { entries.insert(entry, at: manifestIndex) }
        func editMessages(_ edit: (inout [UInt8]) -> Void, rehash: Bool = true) {
            edit(&entries[messagesIndex].bytes)
            if rehash { entries = ArchiveSurgery.rehash(entries) }
        }
        let validJSONBytes = Array(try Data(contentsOf: URL(fileURLWithPath: validJSON)))
        func writeJSON(_ bytes: [UInt8]) throws -> (String, BundleLimits, String) {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return (path, limits, expected)
        }
        func replacing(_ old: String, _ new: String, in bytes: [UInt8]) -> [UInt8] {
            Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: old, with: new).utf8)
        }

        switch hostile {
        case .absolutePath:
            insert(Entry(path: "/etc/cron.d/evil", bytes: Array("* * * * * root sh\n".utf8)))
            expected = "escapes the bundle"
        case .dotDotPath:
            insert(Entry(path: "sessions/../../evil.sh", bytes: Array("rm -rf ~\n".utf8)))
            expected = "escapes the bundle"
        case .symlink:
            insert(Entry(path: "sessions/\(first)/link", kind: .symlink("/etc/passwd")))
            expected = "symbolic link"
        case .hardlink:
            insert(Entry(path: "evil", kind: .hardlink("/etc/shadow")))
            expected = "hard link"
        case .fifo:
            insert(Entry(path: "pipe", kind: .fifo))
            expected = "FIFO"
        case .device:
            insert(Entry(path: "tty", kind: .characterDevice))
            expected = "device"
        case .directory:
            insert(Entry(path: "sessions", kind: .directory))
            expected = "directory"
        case .duplicateName:
            insert(entries[messagesIndex])
            expected = "appears twice"
        case .unlistedEntry:
            insert(Entry(path: "collections/c9/collection.json", bytes: Array("{}".utf8)))
            expected = "not listed in the manifest"
        case .unknownEntryName:
            insert(Entry(path: "notes.txt", bytes: Array("hello".utf8)))
            expected = "not part of a codex bundle"
        case .badSHA256:
            editMessages({ $0[10] ^= 0x01 }, rehash: false)
            expected = "does not match its SHA-256"
        case .missingFile:
            entries.remove(at: messagesIndex)
            expected = "which the bundle lacks"
        case .newerVersion:
            ArchiveSurgery.editManifest(&entries) { $0["format_version"] = 2 }
            expected = "format version 1 only"
        case .foreignManifest:
            ArchiveSurgery.editManifest(&entries) { $0["format"] = "someone-elses-bundle" }
            expected = "does not describe a codex-bundle"
        case .missingManifest:
            entries.removeLast()
            expected = "no manifest.json"
        case .truncated, .corruptBytes:
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: validArchive)))
            if hostile == .truncated {
                bytes = Array(bytes.prefix(bytes.count * 6 / 10))
            } else {
                for offset in stride(from: bytes.count / 3, to: bytes.count / 3 + 64, by: 4) { bytes[offset] ^= 0x5A }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return (path, limits, "truncated or corrupt")
        case .bombByRatio:
            editMessages({ $0 = [UInt8](repeating: 0x20, count: 8 << 20) }, rehash: false)
            limits.ratioFloorBytes = 1 << 20
            limits.maxCompressionRatio = 100
            expected = "decompression bomb"
        case .zipBombByRatio:
            packing = .zip
            editMessages({ $0 = [UInt8](repeating: 0x20, count: 8 << 20) }, rehash: false)
            limits.ratioFloorBytes = 1 << 20
            limits.maxCompressionRatio = 100
            expected = "decompression bomb"
        case .nonUTF8Name:
            insert(Entry(path: "", bytes: Array("x".utf8), rawPath: Array("sessions/\u{1}".utf8) + [0xFF, 0xFE]))
            expected = "not valid UTF-8"
        case .bombByTotalSize:
            limits.maxTotalBytes = 1000
            expected = "expands to more than 1000 bytes"
        case .bombByEntrySize:
            limits.maxEntryBytes = 200
            expected = "larger than the 200-byte limit"
        case .bombByEntryCount:
            limits.maxEntries = 3
            expected = "more than 3 entries"
        case .oversizeLine:
            let line = #"{"content":""# + String(repeating: "x", count: 70_000) + "\"}\n"
            editMessages { $0 += Array(line.utf8) }
            limits.maxLineBytes = 64 << 10
            expected = "longer than the 65536-byte limit per line"
        case .invalidUTF8:
            editMessages { bytes in
                let quote = bytes.firstIndex(of: UInt8(ascii: "H"))!
                bytes.insert(contentsOf: [0xFF, 0xFE, 0xC0], at: quote)
            }
            expected = "not valid UTF-8"
        case .unknownSession:
            editMessages { $0 = replacing("\"session_id\":\"\(first)\"", "\"session_id\":\"\(stranger)\"", in: $0) }
            expected = "which the bundle does not hold"
        case .unlistedSessionFolder:
            insert(Entry(path: "sessions/\(stranger)/session.json", bytes: Array("{}".utf8)))
            entries = ArchiveSurgery.rehash(entries)
            expected = "belongs to a session the manifest does not list"
        case .plainTar:
            packing = .tar
            expected = "is not a codex bundle"
        case .zipSymlink:
            packing = .zip
            insert(Entry(path: "sessions/\(first)/link", kind: .symlink("/etc/passwd")))
            expected = "symbolic link"
        case .notAnArchive:
            try Data("#!/bin/sh\nrm -rf ~\n".utf8).write(to: URL(fileURLWithPath: path))
            return (path, limits, "is not a codex bundle")
        case .jsonNewerVersion:
            expected = "format version 1 only"
            return try writeJSON(replacing("\"format_version\":1", "\"format_version\":7", in: validJSONBytes))
        case .jsonInvalidUTF8:
            expected = "not valid UTF-8"
            var bytes = validJSONBytes
            bytes.insert(contentsOf: [0xED, 0xA0, 0x80], at: bytes.firstIndex(of: UInt8(ascii: "H"))!)
            return try writeJSON(bytes)
        case .jsonUnknownSession:
            expected = "which the bundle does not hold"
            return try writeJSON(
                replacing("\"session_id\":\"\(first)\"", "\"session_id\":\"\(stranger)\"", in: validJSONBytes))
        case .jsonTooLarge:
            limits.maxJSONBytes = 1000
            expected = "JSON bundle larger than the 1000-byte limit"
            return try writeJSON(validJSONBytes)
        case .jsonTruncated:
            expected = "truncated or corrupt"
            return try writeJSON(Array(validJSONBytes.prefix(validJSONBytes.count / 2)))
        }
        ArchiveSurgery.write(entries, to: path, packing: packing)
        return (path, limits, expected)
    }
}

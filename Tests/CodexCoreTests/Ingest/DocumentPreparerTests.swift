import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore

/// The preparer refuses a file the store has never kept from its first bytes when they are not
/// text, without reading and hashing the rest: binary files are never stored, so every re-ingest
/// met each image and font of a tree again.
struct DocumentPreparerTests {
    let preparer = DocumentPreparer(
        chunker: Chunker(), maxFileSize: IngestOptions.defaultMaxFileSize, force: false, archiveLimits: nil)

    @Test func aNewFileThatStartsLikeBinaryIsRefusedWithoutReadingToItsEnd() async throws {
        // Given a named pipe whose writer sends 8 KiB holding NUL bytes and then stays open, so a
        // read to the end of the "file" never finishes until the writer lets go
        let dir = try TemporaryDirectory()
        let path = dir.path + "/logo.png"
        #expect(mkfifo(path, 0o600) == 0)
        let letGo = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let descriptor = open(path, O_WRONLY)
            var header = [UInt8](repeating: 0, count: ContentSniffer.sampleSize)
            header.replaceSubrange(0..<4, with: [0x89, 0x50, 0x4E, 0x47])
            _ = header.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            letGo.wait()
            close(descriptor)
        }
        defer { letGo.signal() }

        // When the preparer meets it as a file the store has never seen (with 30 s to answer)
        let facts = FileFacts(path: path, size: 40_000, mtimeNs: 0)
        let answer: PreparedItem? = try await withThrowingTaskGroup(of: PreparedItem?.self) { group in
            group.addTask { [preparer] in await onOwnThread { preparer.prepare(facts, stored: nil) } }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = try await group.next() ?? nil
            letGo.signal()  // a read to the end, if one is waiting, now ends
            group.cancelAll()
            return first
        }

        // Then it is skipped as binary, counted at its size, from its first 8 KiB alone
        guard case .skipped(let skipped, let bytes, let remove)? = answer else {
            Issue.record("expected a skipped file before the writer let go, got \(String(describing: answer))")
            return
        }
        #expect(skipped.reason == .binary)
        #expect(skipped.detail == TextExtractor.binary.detail)
        #expect(bytes == 40_000)
        #expect(remove == nil)
    }

    @Test func filesWhoseFirstBytesAreTextAreReadWholeAsBefore() throws {
        // Given a text file, and one whose first 8 KiB are text but whose 9th KiB holds a NUL
        let dir = try TemporaryDirectory()
        let note = "# Keys\n\nRotate the signing key every 90 days.\n"
        let text = try dir.write("notes.md", note)
        var late = [UInt8](repeating: UInt8(ascii: "a"), count: ContentSniffer.sampleSize + 1024)
        late[ContentSniffer.sampleSize + 10] = 0
        let lateBinary = try dir.write("late.txt", Data(late))

        // When both are prepared
        let document = preparer.prepare(FileFacts(path: text, size: Int64(note.utf8.count), mtimeNs: 0), stored: nil)
        let lateItem = preparer.prepare(FileFacts(path: lateBinary, size: Int64(late.count), mtimeNs: 0), stored: nil)

        // Then the text becomes a document, and the other is read as text too: only its first
        // 8 KiB decide, as they always did
        guard case .document(let prepared) = document else {
            Issue.record("expected a document, got \(document)")
            return
        }
        #expect(prepared.chunks.contains { $0.text.contains("signing key") })
        guard case .document = lateItem else {
            Issue.record("expected the late NUL to pass as before, got \(lateItem)")
            return
        }
    }
}

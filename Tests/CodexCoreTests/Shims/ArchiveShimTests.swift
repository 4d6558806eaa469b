import CArchive
import Foundation
import Testing
import CodexTestSupport

/// The libarchive module map works: a tar.gz written here reads back byte for byte.
struct ArchiveShimTests {
    @Test func tarGzRoundTripKeepsNamesAndBytes() throws {
        // Given two files, one of them binary
        let dir = try TemporaryDirectory()
        let path = dir.path + "/bundle.tar.gz"
        let files: [(String, [UInt8])] = [
            ("manifest.json", Array(#"{"format":"codex"}"#.utf8)),
            ("sessions/a/messages.jsonl", (0..<5000).map { UInt8($0 % 251) }),
        ]

        // When they are written as gzip-compressed tar through libarchive
        let writer = try #require(archive_write_new())
        #expect(archive_write_set_format_pax_restricted(writer) == ARCHIVE_OK)
        #expect(archive_write_add_filter_gzip(writer) == ARCHIVE_OK)
        #expect(archive_write_open_filename(writer, path) == ARCHIVE_OK)
        for (name, bytes) in files {
            let entry = try #require(archive_entry_new())
            archive_entry_set_pathname(entry, name)
            archive_entry_set_size(entry, la_int64_t(bytes.count))
            archive_entry_set_filetype(entry, 0o100000)  // AE_IFREG is a cast macro Swift cannot import.
            archive_entry_set_perm(entry, 0o644)
            #expect(archive_write_header(writer, entry) == ARCHIVE_OK)
            let written = bytes.withUnsafeBytes { archive_write_data(writer, $0.baseAddress, $0.count) }
            #expect(written == bytes.count)
            archive_entry_free(entry)
        }
        #expect(archive_write_close(writer) == ARCHIVE_OK)
        archive_write_free(writer)

        // Then reading the file back gives the same entries, in order, with the same bytes
        let reader = try #require(archive_read_new())
        defer { archive_read_free(reader) }
        archive_read_support_filter_all(reader)
        archive_read_support_format_all(reader)
        #expect(archive_read_open_filename(reader, path, 16384) == ARCHIVE_OK)
        var readBack: [(String, [UInt8])] = []
        var entry: OpaquePointer?
        while archive_read_next_header(reader, &entry) == ARCHIVE_OK {
            let name = String(cString: archive_entry_pathname(entry))
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { archive_read_data(reader, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                bytes += buffer[0..<count]
            }
            readBack.append((name, bytes))
        }
        #expect(readBack.map(\.0) == files.map(\.0))
        #expect(readBack.map(\.1) == files.map(\.1))
        #expect(archive_filter_code(reader, 0) == ARCHIVE_FILTER_GZIP)
    }
}

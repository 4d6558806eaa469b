import CArchive
import Foundation
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// Writes archives and compressed files with libarchive, for the ingest tests.
enum ArchiveBuilder {
    enum Format: String, CaseIterable, Sendable {
        case zip, tar, tarGz = "tar.gz", tgz, tarBz2 = "tar.bz2", tarXz = "tar.xz", tarZst = "tar.zst", sevenZip = "7z"
    }

    enum Compression: String, CaseIterable, Sendable {
        case gz, bz2, xz, zst, lz4
    }

    /// One entry: a file with contents, a symbolic link to `target`, or a file of `zeros` zero bytes.
    enum Entry {
        case file(String, [UInt8])
        case symlink(String, target: String)
        case zeros(String, count: Int)

        static func text(_ path: String, _ text: String) -> Entry { .file(path, Array(text.utf8)) }
    }

    /// Writes `entries` into an archive of `format` at `path`; `passphrase` encrypts a zip.
    static func write(_ entries: [Entry], format: Format, to path: String, passphrase: String? = nil) throws {
        guard let archive = archive_write_new() else { throw CodexError.internal("archive_write_new") }
        defer { archive_write_free(archive) }
        switch format {
        case .zip: archive_write_set_format_zip(archive)
        case .sevenZip: archive_write_set_format_7zip(archive)
        case .tar, .tarGz, .tgz, .tarBz2, .tarXz, .tarZst: archive_write_set_format_pax_restricted(archive)
        }
        switch format {
        case .tarGz, .tgz: archive_write_add_filter_gzip(archive)
        case .tarBz2: archive_write_add_filter_bzip2(archive)
        case .tarXz: archive_write_add_filter_xz(archive)
        case .tarZst: archive_write_add_filter_zstd(archive)
        case .zip, .tar, .sevenZip: break
        }
        if let passphrase {
            archive_write_set_options(archive, "zip:encryption=zipcrypt")
            archive_write_set_passphrase(archive, passphrase)
        }
        try open(archive, path)
        for entry in entries { try add(entry, to: archive) }
        guard archive_write_close(archive) == ARCHIVE_OK else { throw failure(archive, "close") }
    }

    /// Writes `bytes` compressed as one file (`notes.md.gz`), through libarchive's raw format.
    static func compress(_ bytes: [UInt8], with compression: Compression, to path: String) throws {
        guard let archive = archive_write_new() else { throw CodexError.internal("archive_write_new") }
        defer { archive_write_free(archive) }
        archive_write_set_format_raw(archive)
        switch compression {
        case .gz: archive_write_add_filter_gzip(archive)
        case .bz2: archive_write_add_filter_bzip2(archive)
        case .xz: archive_write_add_filter_xz(archive)
        case .zst: archive_write_add_filter_zstd(archive)
        case .lz4: archive_write_add_filter_lz4(archive)
        }
        try open(archive, path)
        try add(.file("data", bytes), to: archive)
        guard archive_write_close(archive) == ARCHIVE_OK else { throw failure(archive, "close") }
    }

    /// The bytes of an archive, for nesting one in another.
    static func bytes(_ entries: [Entry], format: Format) throws -> [UInt8] {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/nested." + format.rawValue
        try write(entries, format: format, to: path)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private static func open(_ archive: OpaquePointer, _ path: String) throws {
        // Padding to 10 KiB blocks would hide a truncation inside zeros.
        archive_write_set_bytes_in_last_block(archive, 1)
        guard archive_write_open_filename(archive, path) == ARCHIVE_OK else { throw failure(archive, "open \(path)") }
    }

    private static func add(_ item: Entry, to archive: OpaquePointer) throws {
        guard let entry = archive_entry_new() else { throw CodexError.internal("archive_entry_new") }
        defer { archive_entry_free(entry) }
        archive_entry_set_mtime(entry, 1_700_000_000, 0)
        switch item {
        case .file(let name, let bytes):
            archive_entry_set_pathname(entry, name)
            archive_entry_set_filetype(entry, 0o100000)
            archive_entry_set_perm(entry, 0o644)
            archive_entry_set_size(entry, Int64(bytes.count))
            guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw failure(archive, "header \(name)") }
            let written = bytes.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            guard written == bytes.count else { throw failure(archive, "data \(name)") }
        case .symlink(let name, let target):
            archive_entry_set_pathname(entry, name)
            archive_entry_set_filetype(entry, 0o120000)
            archive_entry_set_perm(entry, 0o777)
            archive_entry_set_symlink(entry, target)
            guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw failure(archive, "header \(name)") }
        case .zeros(let name, let count):
            archive_entry_set_pathname(entry, name)
            archive_entry_set_filetype(entry, 0o100000)
            archive_entry_set_perm(entry, 0o644)
            archive_entry_set_size(entry, Int64(count))
            guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw failure(archive, "header \(name)") }
            let block = [UInt8](repeating: 0, count: 1 << 20)
            var left = count
            while left > 0 {
                let n = min(left, block.count)
                let written = block.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, n) }
                guard written == n else { throw failure(archive, "data \(name)") }
                left -= n
            }
        }
    }

    private static func failure(_ archive: OpaquePointer, _ what: String) -> CodexError {
        CodexError.io("libarchive: \(what): \(archive_error_string(archive).map { String(cString: $0) } ?? "?")")
    }
}

import CArchive
import Foundation

/// A bundle archive being written through libarchive, one regular file at a time.
///
/// Used from one thread for one export; never shared, so it needs no `Sendable` conformance.
final class ArchiveOutput {
    private let archive: OpaquePointer
    private let path: String
    private let modificationTime: Date

    /// Writes an uncompressed pax tar to the file at `path`: model archives, whose weights do not
    /// compress and whose blobs may exceed the 8 GiB a plain ustar header can describe (pax
    /// headers are added only for such entries).
    init(plainTarAt path: String, modificationTime: Date) throws {
        guard let archive = archive_write_new() else {
            throw CodexError.bundleWriteFailed(path, detail: "out of memory")
        }
        self.archive = archive
        self.path = path
        self.modificationTime = modificationTime
        archive_write_set_format_pax_restricted(archive)
        archive_write_set_bytes_per_block(archive, 1 << 20)
        guard archive_write_open_filename(archive, path) == ARCHIVE_OK else { throw failure() }
    }

    /// Writes to the file at `path`, or to `handle` when given (a pipe or socket: the server streams exports).
    init(path: String, handle: FileHandle? = nil, format: BundleFormat, modificationTime: Date) throws {
        guard let archive = archive_write_new() else {
            throw CodexError.bundleWriteFailed(path, detail: "out of memory")
        }
        self.archive = archive
        self.path = path
        self.modificationTime = modificationTime
        switch format {
        case .tarGz:
            archive_write_set_format_pax_restricted(archive)
            archive_write_add_filter_gzip(archive)
        case .tarZst:
            archive_write_set_format_pax_restricted(archive)
            guard archive_write_add_filter_zstd(archive) == ARCHIVE_OK else {
                throw CodexError.bundleFormatUnavailable("tar.zst", reason: "this libarchive was built without zstd")
            }
        case .zip:
            archive_write_set_format_zip(archive)
        case .json:
            throw CodexError.internal("ArchiveOutput cannot write JSON bundles")
        }
        if let handle {
            // Streams have no block structure to pad to; write what is ready.
            archive_write_set_bytes_in_last_block(archive, 1)
            guard archive_write_open_fd(archive, handle.fileDescriptor) == ARCHIVE_OK else { throw failure() }
        } else {
            guard archive_write_open_filename(archive, path) == ARCHIVE_OK else { throw failure() }
        }
    }

    /// Copies `file` into the archive as `name`, 1 MiB at a time; `observe` sees every block
    /// written (to hash it, or to report progress).
    func add(_ name: String, from file: URL, size: Int64, observe: (Data) throws -> Void = { _ in }) throws {
        guard let entry = archive_entry_new() else { throw CodexError.bundleWriteFailed(path, detail: "out of memory") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, name)
        archive_entry_set_size(entry, la_int64_t(size))
        archive_entry_set_filetype(entry, 0o100000)  // AE_IFREG is a cast macro Swift cannot import.
        archive_entry_set_perm(entry, 0o644)
        archive_entry_set_mtime(entry, time_t(modificationTime.timeIntervalSince1970), 0)
        guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw failure() }
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var remaining = size
        while remaining > 0 {
            guard let chunk = try handle.read(upToCount: Int(min(remaining, 1 << 20))), !chunk.isEmpty else { break }
            let written = chunk.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            guard written == chunk.count else { throw failure() }
            try observe(chunk)
            remaining -= Int64(chunk.count)
        }
        guard remaining == 0 else {
            throw CodexError.bundleWriteFailed(path, detail: "\(name) changed while it was copied")
        }
    }

    /// Finishes the archive; returns the bytes written.
    func close() throws -> Int64 {
        guard archive_write_close(archive) == ARCHIVE_OK else { throw failure() }
        return Int64(archive_filter_bytes(archive, -1))
    }

    deinit { archive_write_free(archive) }

    private func failure() -> CodexError {
        let detail = archive_error_string(archive).map { String(cString: $0) } ?? "libarchive error"
        return .bundleWriteFailed(path, detail: detail)
    }
}

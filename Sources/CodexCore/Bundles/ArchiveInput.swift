import CArchive
import Foundation

/// A bundle archive being read through libarchive, with only the one filter and format its magic
/// number announced enabled, so a crafted file cannot steer the reader into another parser.
///
/// Used from one thread for one import (or one ingested archive); never shared, so it needs no
/// `Sendable` conformance.
final class ArchiveInput {
    private let archive: OpaquePointer
    private let path: String
    /// The bytes of an archive read from memory; libarchive reads them in place, so they live as
    /// long as the reader.
    private var memory: UnsafeMutableRawBufferPointer?

    /// What to read: a bundle format, an uncompressed tar (model archives), or a document archive
    /// or compressed file found by ingest.
    enum Packing {
        case bundle(BundleFormat)
        case plainTar
        case document(PackedFormat)
    }

    convenience init(path: String, format: BundleFormat) throws {
        try self.init(path: path, packing: .bundle(format))
    }

    init(path: String, packing: Packing) throws {
        guard let archive = archive_read_new() else { throw CodexError.bundleReadFailed(path, detail: "out of memory") }
        self.archive = archive
        self.path = path
        if case .document = packing { throw CodexError.internal("document archives are read from memory") }
        guard case .bundle(let format) = packing else {
            archive_read_support_format_tar(archive)
            guard archive_read_open_filename(archive, path, 1 << 20) == ARCHIVE_OK else { throw corrupt() }
            return
        }
        switch format {
        case .tarGz:
            archive_read_support_filter_gzip(archive)
            archive_read_support_format_tar(archive)
        case .tarZst:
            archive_read_support_filter_zstd(archive)
            archive_read_support_format_tar(archive)
        case .zip:
            archive_read_support_format_zip(archive)
        case .json:
            throw CodexError.internal("ArchiveInput cannot read JSON bundles")
        }
        guard archive_read_open_filename(archive, path, 256 << 10) == ARCHIVE_OK else { throw corrupt() }
    }

    /// Reads a document archive (or compressed file) held in memory, enabling only the filter and
    /// format its name announced. `path` names it in error messages.
    init(bytes: [UInt8], path: String, format: PackedFormat) throws {
        guard let archive = archive_read_new() else { throw CodexError.bundleReadFailed(path, detail: "out of memory") }
        self.archive = archive
        self.path = path
        switch format.filter {
        case .none: break
        case .gzip: archive_read_support_filter_gzip(archive)
        case .bzip2: archive_read_support_filter_bzip2(archive)
        case .xz: archive_read_support_filter_xz(archive)
        case .zstd: archive_read_support_filter_zstd(archive)
        case .lz4: archive_read_support_filter_lz4(archive)
        }
        switch format.container {
        case .zip: archive_read_support_format_zip(archive)
        case .tar: archive_read_support_format_tar(archive)
        case .sevenZip: archive_read_support_format_7zip(archive)
        case .raw: archive_read_support_format_raw(archive)
        }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
        memory = copy
        guard archive_read_open_memory(archive, copy.baseAddress, bytes.count) == ARCHIVE_OK else {
            throw corrupt()
        }
    }

    deinit {
        archive_read_free(archive)
        memory?.deallocate()
    }

    /// libarchive's words for the last failure, for a skipped file's reason.
    var lastError: String { archive_error_string(archive).map { String(cString: $0) } ?? "unreadable archive" }

    /// The next entry's header; nil after the last one.
    func nextEntry() throws -> ArchiveEntryInfo? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF { return nil }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else { throw corrupt() }
        guard let rawPath = archive_entry_pathname(entry) else {
            throw CodexError.unsafeBundleEntry("?", "its name is missing or not valid text")
        }
        let bytes = Array(UnsafeBufferPointer(start: rawPath, count: strlen(rawPath))).map { UInt8(bitPattern: $0) }
        guard let path = String(validating: bytes, as: UTF8.self) else {
            throw CodexError.unsafeBundleEntry(String(decoding: bytes, as: UTF8.self), "its name is not valid UTF-8")
        }
        let kind: ArchiveEntryInfo.Kind
        if archive_entry_hardlink(entry) != nil {
            kind = .hardLink
        } else {
            switch archive_entry_filetype(entry) {
            case 0o100000: kind = .regularFile
            case 0o040000: kind = .directory
            case 0o120000: kind = .symbolicLink
            case 0o020000, 0o060000: kind = .device
            case 0o010000: kind = .fifo
            case 0o140000: kind = .socket
            default: kind = .other
            }
        }
        let size = archive_entry_size_is_set(entry) != 0 ? Int64(archive_entry_size(entry)) : nil
        return ArchiveEntryInfo(
            path: path, kind: kind, size: size, isSparse: archive_entry_sparse_count(entry) > 0,
            isEncrypted: archive_entry_is_encrypted(entry) != 0)
    }

    /// Reads the current entry's next bytes into `buffer`; 0 at its end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
        guard count >= 0 else { throw corrupt() }
        return count
    }

    /// Bytes consumed from the file so far: the compressed side of the ratio check.
    var compressedBytesRead: Int64 { Int64(archive_filter_bytes(archive, -1)) }

    private func corrupt() -> CodexError {
        let detail = archive_error_string(archive).map { String(cString: $0) } ?? "unreadable archive"
        return .corruptBundle(path, detail: detail)
    }
}

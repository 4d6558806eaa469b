import CArchive
import Foundation

@testable import CodexCore
@testable import CodexSQLite

/// Builds archives entry by entry with libarchive, including the kinds codex never writes
/// (links, devices, FIFOs, bad paths), and rewrites valid bundles with chosen damage.
enum ArchiveSurgery {
    enum Kind {
        case file
        case symlink(String)
        case hardlink(String)
        case fifo
        case characterDevice
        case directory
    }

    struct Entry {
        var path: String
        var bytes: [UInt8] = []
        var kind: Kind = .file
        /// Name bytes written as they are, for names that are not valid UTF-8.
        var rawPath: [UInt8]? = nil
    }

    enum Packing { case tarGz, zip, tar }

    static func write(_ entries: [Entry], to path: String, packing: Packing = .tarGz) {
        let archive = archive_write_new()!
        defer { archive_write_free(archive) }
        switch packing {
        case .tarGz:
            archive_write_set_format_pax_restricted(archive)
            archive_write_add_filter_gzip(archive)
        case .tar:
            archive_write_set_format_pax_restricted(archive)
        case .zip:
            archive_write_set_format_zip(archive)
        }
        precondition(archive_write_open_filename(archive, path) == ARCHIVE_OK)
        for item in entries {
            let entry = archive_entry_new()!
            defer { archive_entry_free(entry) }
            if let raw = item.rawPath {
                (raw + [0]).withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { archive_entry_copy_pathname(entry, $0.baseAddress) }
                }
            } else {
                archive_entry_set_pathname(entry, item.path)
            }
            archive_entry_set_perm(entry, 0o644)
            var size = item.bytes.count
            switch item.kind {
            case .file: archive_entry_set_filetype(entry, 0o100000)
            case .symlink(let target):
                archive_entry_set_filetype(entry, 0o120000)
                archive_entry_set_symlink(entry, target)
                size = 0
            case .hardlink(let target):
                archive_entry_set_filetype(entry, 0o100000)
                archive_entry_set_hardlink(entry, target)
                size = 0
            case .fifo:
                archive_entry_set_filetype(entry, 0o010000)
                size = 0
            case .characterDevice:
                archive_entry_set_filetype(entry, 0o020000)
                archive_entry_set_rdev(entry, 0x0103)
                size = 0
            case .directory:
                archive_entry_set_filetype(entry, 0o040000)
                size = 0
            }
            archive_entry_set_size(entry, la_int64_t(size))
            let status = archive_write_header(archive, entry)
            precondition(status == ARCHIVE_OK || status == ARCHIVE_WARN)  // WARN: a name that is not UTF-8
            if size > 0 {
                _ = item.bytes.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            }
        }
        precondition(archive_write_close(archive) == ARCHIVE_OK)
    }

    /// The entries of an archive, in order (regular files only, which is all codex writes).
    static func read(_ path: String) -> [Entry] {
        let archive = archive_read_new()!
        defer { archive_read_free(archive) }
        archive_read_support_filter_all(archive)
        archive_read_support_format_all(archive)
        precondition(archive_read_open_filename(archive, path, 16384) == ARCHIVE_OK)
        var entries: [Entry] = []
        var entry: OpaquePointer?
        var buffer = [UInt8](repeating: 0, count: 65536)
        while archive_read_next_header(archive, &entry) == ARCHIVE_OK {
            var bytes: [UInt8] = []
            while true {
                let count = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                bytes += buffer[0..<count]
            }
            entries.append(Entry(path: String(cString: archive_entry_pathname(entry)), bytes: bytes))
        }
        return entries
    }

    /// Rewrites the manifest's file list to match `entries`, so damage inside an entry gets past
    /// the hash check and reaches the deeper ones.
    static func rehash(_ entries: [Entry]) -> [Entry] {
        var entries = entries
        guard let index = entries.firstIndex(where: { $0.path == "manifest.json" }),
            var manifest = try? JSONSerialization.jsonObject(with: Data(entries[index].bytes)) as? [String: Any]
        else { return entries }
        manifest["files"] = entries.filter { $0.path != "manifest.json" }.map { entry -> [String: Any] in
            let digest = SHA256.hash(data: entry.bytes).hexString
            return ["path": entry.path, "sha256": digest, "size": entry.bytes.count]
        }
        entries[index].bytes = Array(try! JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]))
        return entries
    }

    /// Edits the manifest's JSON object.
    static func editManifest(_ entries: inout [Entry], _ edit: (inout [String: Any]) -> Void) {
        guard let index = entries.firstIndex(where: { $0.path == "manifest.json" }),
            var manifest = try? JSONSerialization.jsonObject(with: Data(entries[index].bytes)) as? [String: Any]
        else { return }
        edit(&manifest)
        entries[index].bytes = Array(try! JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]))
    }
}

import CArchive

/// Reads chosen entries of a zip container (DOCX, ODT, EPUB) into memory through libarchive.
enum ZipEntryReader {
    /// Any one entry larger than this is refused: a small document that inflates to gigabytes is a
    /// zip bomb, not a document.
    static let maxEntryBytes = 64 * 1024 * 1024

    enum Failure: Error, Equatable {
        case unreadable(String)
        case encrypted
        case tooLarge(String)
    }

    /// The entries whose path satisfies `wanted`, by path.
    ///
    /// Reads from memory: the bytes were already read (and hashed), and a document inside an
    /// archive has no file of its own.
    static func entries(of bytes: [UInt8], where wanted: (String) -> Bool) throws(Failure) -> [String: [UInt8]] {
        guard let archive = archive_read_new() else { throw .unreadable("libarchive could not start") }
        defer { archive_read_free(archive) }
        archive_read_support_format_zip(archive)
        // libarchive reads the buffer in place until `archive_read_free`, inside this scope.
        let result: Result<[String: [UInt8]], Failure> = bytes.withUnsafeBytes { buffer in
            guard archive_read_open_memory(archive, buffer.baseAddress, buffer.count) == ARCHIVE_OK else {
                return .failure(.unreadable(message(archive)))
            }
            do throws(Failure) { return .success(try readEntries(archive, where: wanted)) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func readEntries(_ archive: OpaquePointer, where wanted: (String) -> Bool) throws(Failure)
        -> [String: [UInt8]]
    {
        var result: [String: [UInt8]] = [:]
        var entry: OpaquePointer?
        var entriesSeen = 0
        // Bounded: a real document has far fewer entries.
        while entriesSeen < 100_000 {
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else { throw .unreadable(message(archive)) }
            entriesSeen += 1
            guard let cName = archive_entry_pathname(entry) else { continue }
            let name = String(cString: cName)
            guard wanted(name) else { continue }
            if archive_entry_is_encrypted(entry) != 0 { throw .encrypted }
            result[name] = try readData(archive, name: name)
        }
        return result
    }

    private static func readData(_ archive: OpaquePointer, name: String) throws(Failure) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
            if count == 0 { return data }
            guard count > 0 else { throw .unreadable(message(archive)) }
            data.append(contentsOf: buffer[0..<count])
            if data.count > maxEntryBytes { throw .tooLarge(name) }
        }
    }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "not a readable zip file"
    }
}

import Foundation

/// A file written in large buffered blocks while its SHA-256 and size are computed, so an entry
/// can be staged and its manifest line known without reading it back.
final class HashingFileWriter {
    let url: URL
    private let handle: FileHandle
    /// Whether `finish` closes the handle: not for a stream the caller owns.
    private let ownsHandle: Bool
    private var buffer = Data()
    private let hasher = SHA256()
    private(set) var size: Int64 = 0

    init(_ url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CodexError.bundleWriteFailed(url.path, detail: "cannot create the file")
        }
        self.url = url
        handle = try FileHandle(forWritingTo: url)
        ownsHandle = true
        buffer.reserveCapacity(1 << 20)
    }

    /// Writes to an open stream (a pipe, a socket, stdout), left open at the end.
    init(handle: FileHandle) {
        url = URL(fileURLWithPath: "/dev/stdout")
        self.handle = handle
        ownsHandle = false
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ data: Data) throws {
        hasher.update(data: data)
        size += Int64(data.count)
        buffer.append(data)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func write(_ text: String) throws { try write(Data(text.utf8)) }

    /// Flushes and closes the file; returns its lower-case hex SHA-256. With `sync`, waits until
    /// the bytes are on the disk, for files that something written later will point at.
    func finish(sync: Bool = false) throws -> String {
        try flush()
        if sync { try handle.synchronize() }
        if ownsHandle { try handle.close() }
        return hasher.finalize().hexString
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

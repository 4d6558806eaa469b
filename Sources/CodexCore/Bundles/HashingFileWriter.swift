import Crypto
import Foundation

/// A file written in large buffered blocks while its SHA-256 and size are computed, so an entry
/// can be staged and its manifest line known without reading it back.
final class HashingFileWriter {
    let url: URL
    private let handle: FileHandle
    private var buffer = Data()
    private var hasher = SHA256()
    private(set) var size: Int64 = 0

    init(_ url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CodexError.bundleWriteFailed(url.path, detail: "cannot create the file")
        }
        self.url = url
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ data: Data) throws {
        hasher.update(data: data)
        size += Int64(data.count)
        buffer.append(data)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func write(_ text: String) throws { try write(Data(text.utf8)) }

    /// Flushes and closes the file; returns its lower-case hex SHA-256.
    func finish() throws -> String {
        try flush()
        try handle.close()
        return hasher.finalize().hexString
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String {
        var text = ""
        for byte in self {
            text += String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
        }
        return text
    }
}

extension SHA256.Digest {
    var hexString: String { Array(self).hexString }
}

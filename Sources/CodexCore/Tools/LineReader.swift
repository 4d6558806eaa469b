import Foundation

/// Reads a file line by line in 64 KiB blocks: bounded memory whatever the file's size.
struct LineReader {
    let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false

    init(handle: FileHandle) { self.handle = handle }

    /// The next line without its terminator (`\n` or `\r\n`); nil at the end.
    mutating func next() throws -> String? {
        guard let bytes = try nextBytes() else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func nextBytes() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[position..<newline]
                position = newline + 1
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                return line
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                let line = buffer[position...]
                position = buffer.count
                return line
            }
            buffer.removeFirst(position)
            position = 0
            let block = try handle.read(upToCount: 64 * 1024) ?? Data()
            if block.isEmpty { atEnd = true } else { buffer.append(contentsOf: block) }
        }
    }
}

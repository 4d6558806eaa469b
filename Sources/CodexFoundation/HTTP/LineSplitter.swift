/// Cuts a byte stream into lines, whatever the network read boundaries were.
///
/// Lines end at `\n`, `\r\n` or a bare `\r` (the SSE rule), and a `\r\n` split across two reads
/// still counts as one ending. Bytes are buffered and only complete lines are decoded, so a
/// multi-byte UTF-8 character cut between reads is never mangled (0x0A and 0x0D never occur inside
/// one). A line longer than `maxLineBytes` is refused rather than buffered without bound.
public struct LineSplitter: Sendable {
    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    /// The previous push ended with `\r`, so a `\n` at the start of the next one is part of that ending.
    private var pendingCR = false

    public init(maxLineBytes: Int = 32 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Adds `bytes` and returns the lines they completed, without their endings.
    /// - Throws: `CodexError.lineTooLong` when a line grows past `maxLineBytes`.
    public mutating func push(_ bytes: some Collection<UInt8>) throws(CodexError) -> [String] {
        var lines: [String] = []
        var start = bytes.startIndex
        if pendingCR, start != bytes.endIndex {
            pendingCR = false
            if bytes[start] == 0x0A { start = bytes.index(after: start) }
        }
        var index = start
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                buffer.append(contentsOf: bytes[start..<index])
                if buffer.count > maxLineBytes {
                    buffer = []
                    throw CodexError.lineTooLong(limit: maxLineBytes)
                }
                lines.append(String(decoding: buffer, as: UTF8.self))
                buffer.removeAll(keepingCapacity: buffer.count <= 1 << 16)
                var next = bytes.index(after: index)
                if byte == 0x0D {
                    if next == bytes.endIndex {
                        pendingCR = true
                    } else if bytes[next] == 0x0A {
                        next = bytes.index(after: next)
                    }
                }
                start = next
                index = next
            } else {
                index = bytes.index(after: index)
            }
        }
        buffer.append(contentsOf: bytes[start..<bytes.endIndex])
        if buffer.count > maxLineBytes {
            buffer = []
            throw CodexError.lineTooLong(limit: maxLineBytes)
        }
        return lines
    }

    /// The unterminated last line at end of stream, if any bytes are left.
    public mutating func finish() -> String? {
        pendingCR = false
        guard !buffer.isEmpty else { return nil }
        defer { buffer = [] }
        return String(decoding: buffer, as: UTF8.self)
    }
}

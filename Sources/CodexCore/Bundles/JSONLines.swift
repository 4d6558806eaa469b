import Foundation

/// Reads a `.jsonl` file line by line in 1 MiB blocks, refusing a line longer than the limit
/// before it is held whole, and any line that is not valid UTF-8.
enum JSONLines {
    static func forEach(
        in file: URL, name: String, maxLineBytes: Int, _ body: (_ line: Data, _ number: Int) throws -> Void
    ) throws {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var pending = Data()
        var number = 0
        func emit(_ line: Data) throws {
            number += 1
            guard line.count <= maxLineBytes else { throw tooLong(name, number, maxLineBytes) }
            guard String(validating: line, as: UTF8.self) != nil else {
                throw CodexError.invalidBundle("line \(number) of \(name) is not valid UTF-8")
            }
            try body(line, number)
        }
        var blocks = 0
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            blocks += 1
            var start = block.startIndex
            while let newline = block[start...].firstIndex(of: 0x0A) {
                if pending.isEmpty {
                    try emit(block[start..<newline])
                } else {
                    pending.append(block[start..<newline])
                    try emit(pending)
                    pending.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
            pending.append(block[start...])
            guard pending.count <= maxLineBytes else { throw tooLong(name, number + 1, maxLineBytes) }
        }
        if !pending.isEmpty { try emit(pending) }
    }

    private static func tooLong(_ name: String, _ number: Int, _ limit: Int) -> CodexError {
        .bundleTooLarge("line \(number) of \(name) is longer than the \(limit)-byte limit per line")
    }
}

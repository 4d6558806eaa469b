import Foundation

/// Receives a CSV file field by field; the bytes are only valid during the call.
protocol CSVVisitor {
    mutating func field(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>)
    /// The end of a record of `fields` fields; false stops reading.
    mutating func endRecord(fields: Int) -> Bool
}

/// A streaming RFC 4180 reader: quoted fields with delimiters, doubled quotes and line breaks
/// inside, `\n` or `\r\n` records. It holds one 1 MiB block and one field at a time, so memory
/// stays bounded whatever the file's size.
struct CSVReader {
    let handle: FileHandle
    let delimiter: UInt8
    static let blockSize = 1 << 20

    func read<Visitor: CSVVisitor>(into visitor: inout Visitor) throws {
        let quote = UInt8(ascii: "\"")
        let newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        var field: [UInt8] = []
        field.reserveCapacity(256)
        var column = 0
        var inQuotes = false
        var quoteSeen = false  // a quote inside a quoted field: either the end or the first of a pair
        var fieldStarted = false
        var recordHasData = false

        func emitField(_ visitor: inout Visitor, endsRecord: Bool = false) {
            if endsRecord && field.last == carriageReturn { field.removeLast() }
            field.withUnsafeBufferPointer { visitor.field(column, $0) }
            field.removeAll(keepingCapacity: true)
            column += 1
            fieldStarted = false
            quoteSeen = false
        }

        while true {
            guard let block = try handle.read(upToCount: Self.blockSize), !block.isEmpty else { break }
            let keepGoing = block.withUnsafeBytes { raw -> Bool in
                let bytes = raw.bindMemory(to: UInt8.self)
                var index = 0
                let count = bytes.count
                while index < count {
                    let byte = bytes[index]
                    if inQuotes {
                        if quoteSeen {
                            quoteSeen = false
                            if byte == quote {
                                field.append(quote)
                                index += 1
                                continue
                            }
                            inQuotes = false  // the closing quote; handle this byte as unquoted
                            quoteSeen = true
                        } else if byte == quote {
                            quoteSeen = true
                            index += 1
                            continue
                        } else {
                            // Copy the run up to the next quote at once.
                            var end = index
                            while end < count && bytes[end] != quote { end += 1 }
                            field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                            index = end
                            continue
                        }
                    }
                    if byte == delimiter {
                        emitField(&visitor)
                        fieldStarted = true
                        recordHasData = true
                        index += 1
                    } else if byte == newline {
                        if recordHasData || fieldStarted || !field.isEmpty || column > 0 {
                            emitField(&visitor, endsRecord: true)
                            let fields = column
                            column = 0
                            recordHasData = false
                            if !visitor.endRecord(fields: fields) { return false }
                        }
                        index += 1
                    } else if byte == quote && field.isEmpty && !quoteSeen {
                        inQuotes = true
                        fieldStarted = true
                        index += 1
                    } else {
                        var end = index
                        while end < count, bytes[end] != delimiter, bytes[end] != newline { end += 1 }
                        field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                        recordHasData = true
                        index = end
                    }
                }
                return true
            }
            if !keepGoing { return }
        }
        if recordHasData || fieldStarted || !field.isEmpty || column > 0 {
            emitField(&visitor, endsRecord: true)
            _ = visitor.endRecord(fields: column)
        }
    }
}

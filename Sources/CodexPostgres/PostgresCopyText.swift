/// Rows in `COPY … FROM STDIN`'s text format: tab-separated fields, one row a line, `\N` for
/// NULL, and backslash escapes for backslash, tab, newline and carriage return.
///
/// COPY is how ingest writes chunks and postings: one statement streams thousands of rows,
/// where an INSERT per row would cost a round trip each.
struct PostgresCopyText {
    private(set) var bytes: [UInt8] = []
    private var fieldsInRow = 0

    var isEmpty: Bool { bytes.isEmpty }

    mutating func add(_ value: Int64) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func add(_ value: Int) { add(Int64(value)) }

    mutating func add(_ value: Double) {
        separate()
        bytes.append(contentsOf: "\(value)".utf8)
    }

    mutating func add(_ text: String?) {
        separate()
        guard let text else {
            bytes.append(contentsOf: "\\N".utf8)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: "\\t".utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: "\\r".utf8)
            default: bytes.append(byte)
            }
        }
    }

    /// A `bytea` value, in hex (its backslash doubled, as COPY's escaping requires).
    mutating func add(bytes value: some Sequence<UInt8>) {
        separate()
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(contentsOf: PostgresHex.encode(value).utf8)
    }

    mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        fieldsInRow = 0
    }

    private mutating func separate() {
        if fieldsInRow > 0 { bytes.append(UInt8(ascii: "\t")) }
        fieldsInRow += 1
    }
}

import CPostgres
import CodexCore
import Foundation

/// The rows of one statement's result, read by position. Owns the libpq result and frees it.
///
/// Values are text unless the query asked for binary results; the typed readers below parse
/// the text forms PostgreSQL prints (`t`/`f` for booleans, times as epoch milliseconds, which
/// every query here selects through `PostgresSQL.millis`).
final class PostgresRows {
    private let result: OpaquePointer

    init(_ result: OpaquePointer) {
        self.result = result
    }

    deinit { cpq_clear(result) }

    var count: Int { Int(cpq_ntuples(result)) }
    /// Rows a command changed (`UPDATE`, `DELETE`, `INSERT`), 0 for others.
    var changed: Int { Int(String(cString: cpq_cmd_tuples(result))) ?? 0 }

    /// True for NULL, and for a row or column the result does not have.
    func isNull(_ row: Int, _ column: Int) -> Bool { cpq_getisnull(result, Int32(row), Int32(column)) != 0 }

    func string(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column) else { return nil }
        return String(cString: cpq_getvalue(result, Int32(row), Int32(column)))
    }

    func int64(_ row: Int, _ column: Int) -> Int64? { string(row, column).flatMap { Int64($0) } }
    func int(_ row: Int, _ column: Int) -> Int? { string(row, column).flatMap { Int($0) } }
    func double(_ row: Int, _ column: Int) -> Double? { string(row, column).flatMap { Double($0) } }
    func bool(_ row: Int, _ column: Int) -> Bool? { string(row, column).map { $0 == "t" } }
    /// A time selected as epoch milliseconds.
    func date(_ row: Int, _ column: Int) -> Date? {
        int64(row, column).map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    /// A `bytea` value selected in text form (`\x` and hex digits).
    func bytes(_ row: Int, _ column: Int) -> Data? {
        guard let text = string(row, column) else { return nil }
        return PostgresHex.decode(text)
    }

    /// The raw bytes of a value of a binary result (valid until the rows are freed).
    func withBinary<T>(_ row: Int, _ column: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let length = Int(cpq_getlength(result, Int32(row), Int32(column)))
        let pointer = UnsafeRawPointer(cpq_getvalue(result, Int32(row), Int32(column)))
        return try body(UnsafeRawBufferPointer(start: pointer, count: length))
    }

    /// A big-endian integer or float of a binary result.
    func binaryInt64(_ row: Int, _ column: Int) -> Int64 {
        withBinary(row, column) { Int64(bigEndian: $0.loadUnaligned(as: Int64.self)) }
    }

    func binaryDouble(_ row: Int, _ column: Int) -> Double {
        withBinary(row, column) { Double(bitPattern: UInt64(bigEndian: $0.loadUnaligned(as: UInt64.self))) }
    }
}

/// `bytea`'s text form: `\x` followed by two hex digits a byte.
enum PostgresHex {
    static func decode(_ text: String) -> Data? {
        var utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x") else { return nil }
        utf8.removeFirst(2)
        guard utf8.count % 2 == 0 else { return nil }
        var data = Data(capacity: utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            data.append(high << 4 | low)
            index += 2
        }
        return data
    }

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

import CodexCore
import Foundation

/// A parameter value as libpq sends it.
enum PostgresValue {
    case text(String)
    case binary([UInt8])
}

/// A Swift value that can be a statement parameter.
protocol PostgresBindable: Sendable {
    var postgresValue: PostgresValue { get }
}

extension String: PostgresBindable {
    var postgresValue: PostgresValue { .text(self) }
}

extension Int: PostgresBindable {
    var postgresValue: PostgresValue { .text(String(self)) }
}

extension Int64: PostgresBindable {
    var postgresValue: PostgresValue { .text(String(self)) }
}

extension Double: PostgresBindable {
    var postgresValue: PostgresValue { .text("\(self)") }
}

extension Bool: PostgresBindable {
    var postgresValue: PostgresValue { .text(self ? "t" : "f") }
}

extension Data: PostgresBindable {
    /// Sent in binary: `bytea` as raw bytes.
    var postgresValue: PostgresValue { .binary([UInt8](self)) }
}

extension Date: PostgresBindable {
    /// Epoch milliseconds (the precision SQLite keeps too, so a store round trip is exact);
    /// statements turn it into a time with `PostgresSQL.fromMillis`.
    var postgresValue: PostgresValue { .text(String(Self.millis(self))) }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}

/// A PostgreSQL array literal (`{"a","b"}`), for `= ANY($1)` and `unnest($1::text[])`.
struct PostgresArray: PostgresBindable {
    let literal: String

    init(_ strings: some Sequence<String>) {
        let quoted = strings.map { string in
            "\"" + string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        literal = "{" + quoted.joined(separator: ",") + "}"
    }

    init(_ numbers: some Sequence<Int64>) {
        literal = "{" + numbers.map(String.init).joined(separator: ",") + "}"
    }

    init(_ numbers: some Sequence<Double>) {
        literal = "{" + numbers.map { "\($0)" }.joined(separator: ",") + "}"
    }

    var postgresValue: PostgresValue { .text(literal) }
}

/// Snippets every statement shares.
enum PostgresSQL {
    /// A time column as epoch milliseconds, as `PostgresRows.date` reads it.
    static func millis(_ column: String) -> String { "(extract(epoch FROM \(column)) * 1000)::int8" }
    /// A parameter bound from a `Date` (epoch milliseconds) as a time.
    static func fromMillis(_ parameter: String) -> String { "to_timestamp(\(parameter)::float8 / 1000)" }
}

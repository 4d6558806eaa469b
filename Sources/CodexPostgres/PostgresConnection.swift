import CPostgres
import CodexCore
import Foundation

/// One libpq connection, used by one thread at a time.
///
/// `@unchecked Sendable` because it wraps a C handle: libpq allows a connection on any thread
/// but not on two at once, and `PostgresPool` hands each connection to one caller at a time,
/// so no two threads ever touch the same `PGconn`.
final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    /// The store as people may see it (the URL without its password), for error messages.
    let location: String

    /// Connects to `url` (a `postgres://` or `postgresql://` URL, as libpq takes it).
    ///
    /// - Throws: `CodexError.storeUnreachable` when libpq is missing or the server refuses.
    init(url: String, location: String) throws {
        self.location = location
        if let failure = cpq_load() {
            throw CodexError.postgresLibraryMissing(reason: String(cString: failure))
        }
        guard let handle = cpq_connectdb(url) else {
            throw CodexError.storeUnreachable(location, reason: "out of memory")
        }
        guard cpq_status(handle) == Int32(CPQ_CONNECTION_OK) else {
            let reason = String(cString: cpq_error_message(handle))
            cpq_finish(handle)
            throw CodexError.storeUnreachable(location, reason: reason)
        }
        self.handle = handle
        cpq_quiet_notices(handle)
    }

    deinit { cpq_finish(handle) }

    /// Whether the connection still works; a broken one is dropped rather than pooled again.
    var isHealthy: Bool { cpq_status(handle) == Int32(CPQ_CONNECTION_OK) }

    /// Runs one statement with `$1…` parameters and returns its rows (text values, or binary
    /// ones with `binaryResult`: big-endian integers and raw `bytea`).
    @discardableResult
    func query(_ sql: String, _ parameters: [(any PostgresBindable)?] = [], binaryResult: Bool = false) throws
        -> PostgresRows
    {
        let values = parameters.map { $0?.postgresValue }
        let result = Self.withParameters(values) { count, pointers, lengths, formats in
            cpq_exec_params(handle, sql, count, pointers, lengths, formats, binaryResult ? 1 : 0)
        }
        return try checked(result, sql: sql)
    }

    /// Runs statements with no parameters (several may be separated by semicolons).
    func execute(_ sql: String) throws {
        _ = try checked(cpq_exec(handle, sql), sql: sql)
    }

    /// `COPY … FROM STDIN` with `data` in COPY's text format (see `PostgresCopyText`).
    func copy(_ sql: String, data: [UInt8]) throws {
        let started = cpq_exec(handle, sql)
        guard cpq_result_status(started) == Int32(CPQ_PGRES_COPY_IN) else {
            _ = try checked(started, sql: sql)
            throw CodexError.internal("COPY did not start: \(sql)")
        }
        cpq_clear(started)
        let sent = data.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cpq_put_copy_data(handle, $0, Int32(buffer.count))
                }
            } ?? 1
        }
        guard sent == 1, cpq_put_copy_end(handle, nil) == 1 else {
            throw CodexError.storeUnreachable(location, reason: String(cString: cpq_error_message(handle)))
        }
        // The outcome of the COPY, then the end of results.
        var failure: (any Error)?
        while let result = cpq_get_result(handle) {
            do { _ = try checked(result, sql: sql) } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(readOnly: Bool = false, _ body: (PostgresConnection) throws -> T) throws -> T {
        // Repeatable read gives a read-only body one snapshot across its statements (an
        // export sees one state of the store); writes keep read committed, which retries nothing.
        try execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            if isHealthy { try? execute("ROLLBACK") }
            throw error
        }
    }

    private func checked(_ result: OpaquePointer?, sql: String) throws -> PostgresRows {
        guard let result else {
            throw CodexError.storeUnreachable(location, reason: String(cString: cpq_error_message(handle)))
        }
        let status = cpq_result_status(result)
        if status == Int32(CPQ_PGRES_COMMAND_OK) || status == Int32(CPQ_PGRES_TUPLES_OK)
            || status == Int32(CPQ_PGRES_EMPTY_QUERY)
        {
            return PostgresRows(result)
        }
        let message = String(cString: cpq_result_error_message(result)).trimmingCharacters(in: .whitespacesAndNewlines)
        let state = cpq_result_error_field(result, Int32(CPQ_PG_DIAG_SQLSTATE)).map { String(cString: $0) } ?? ""
        cpq_clear(result)
        throw CodexError.fromPostgres(state: state, message: message, location: location, healthy: isHealthy)
    }

    /// Lays the parameter values out as libpq takes them: pointers, lengths, formats (0 text, 1 binary).
    private static func withParameters<R>(
        _ values: [PostgresValue?],
        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        // One contiguous buffer holds every value, NUL-terminated (text parameters need it).
        var storage: [UInt8] = []
        var offsets: [Int?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for value in values {
            switch value {
            case .none:
                offsets.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                offsets.append(storage.count)
                storage.append(contentsOf: text.utf8)
                lengths.append(Int32(text.utf8.count))
                storage.append(0)
                formats.append(0)
            case .binary(let bytes):
                offsets.append(storage.count)
                storage.append(contentsOf: bytes)
                lengths.append(Int32(bytes.count))
                storage.append(0)
                formats.append(1)
            }
        }
        return storage.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in offset.flatMap { base?.advanced(by: $0) } }
            return pointers.withUnsafeBufferPointer { pointers in
                lengths.withUnsafeBufferPointer { lengths in
                    formats.withUnsafeBufferPointer { formats in
                        body(Int32(values.count), pointers.baseAddress, lengths.baseAddress, formats.baseAddress)
                    }
                }
            }
        }
    }
}

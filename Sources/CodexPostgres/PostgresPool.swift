import CodexCore
import Foundation
import Synchronization

/// A few connections to one database, each lent to one caller at a time.
///
/// libpq calls block, so callers on the cooperative pool go through `read`/`write`, which run
/// the work on a thread of its own (`onOwnThread`); ingest's writing thread calls the
/// synchronous forms directly. A connection that broke (server restarted, network gone) is
/// dropped, and the next caller opens a new one.
final class PostgresPool: Sendable {
    let url: String
    let location: String
    private let idle = Mutex<[PostgresConnection]>([])
    private let slots: DispatchSemaphore

    init(url: String, location: String, size: Int = 8) {
        self.url = url
        self.location = location
        slots = DispatchSemaphore(value: size)
    }

    /// Lends a connection to `body` (opening one if none is idle; waiting while all are lent).
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        let connection = try idle.withLock { $0.popLast() } ?? PostgresConnection(url: url, location: location)
        defer { if connection.isHealthy { idle.withLock { $0.append(connection) } } }
        return try body(connection)
    }

    /// One write transaction, synchronous (for code already off the cooperative pool).
    func writeSync<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { connection in try connection.transaction(body) }
    }

    /// One read snapshot, synchronous.
    func readSync<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { connection in try connection.transaction(readOnly: true, body) }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await onOwnThread { try self.writeSync(body) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await onOwnThread { try self.readSync(body) }
    }

    /// Closes the idle connections (lent ones close when they come back and are dropped with the pool).
    func close() {
        idle.withLock { $0.removeAll() }
    }
}

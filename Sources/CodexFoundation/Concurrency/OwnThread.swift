import Foundation

/// Runs blocking work (a pipe or socket read, waiting for a child to exit) on a thread of its own
/// and awaits its result. The cooperative pool has one thread per core, and every task in the
/// process queues behind a pool thread that waits: on two cores, two such waits stall everything.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: body()) }
    }
}

/// ``onOwnThread(_:)`` for work that can fail.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

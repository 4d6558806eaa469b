import CodexCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on `<store>.lock`, held while one process ingests into a store.
///
/// SQLite alone would let two ingests interleave their per-document transactions, each removing
/// what the other just added; the lock makes the second one fail at once with a clear message.
/// The kernel drops the lock when the process dies, so a `kill -9` never leaves it stuck.
final class IngestLock: Sendable {
    private let descriptor: Int32

    /// - Throws: `CodexError.storeLocked` when another process holds it.
    init(storePath: String) throws {
        let path = storePath + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CodexError.storeUnwritable(
                storePath, reason: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw CodexError.storeLocked(storePath)
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

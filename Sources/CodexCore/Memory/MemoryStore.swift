import Foundation

/// Where conversations are kept. SQLite on one machine; the protocol is the seam where a
/// server database (PostgreSQL) can take over when a team outgrows one laptop.
public protocol MemoryStore: Sendable {
    func createSession(title: String?) async throws -> Session
    /// The session whose id is `reference` or starts with it (people type short prefixes).
    ///
    /// - Throws: `CodexError` when none or several sessions match.
    func session(_ reference: String) async throws -> Session
    /// How many sessions there are.
    func sessionCount() async throws -> Int
    /// Sessions, most recently active first.
    func sessions(limit: Int, offset: Int) async throws -> [SessionSummary]
    func renameSession(_ id: UUID, to title: String) async throws -> Session
    func deleteSession(_ id: UUID) async throws
    func append(_ message: NewMessage, to session: UUID) async throws -> SessionMessage
    /// Rewrites a reply while it streams in, and once more when it ends.
    func updateReply(_ messageId: Int64, with outcome: ReplyOutcome) async throws
    /// Messages with `seq > after`, oldest first, at most `limit`.
    func messages(in session: UUID, after: Int, limit: Int?) async throws -> [SessionMessage]
    func saveSummary(_ summary: String, through seq: Int, in session: UUID) async throws
    func recordModel(_ model: String, provider: String, in session: UUID) async throws
    /// The same store seen by one user of a shared server: it lists, counts and finds only their
    /// sessions (another user's is "not found", never "forbidden", so ids cannot be probed), and
    /// the sessions it creates are theirs. The store itself, as the CLI uses it, sees every session.
    func owned(by user: Int64) -> any MemoryStore
}

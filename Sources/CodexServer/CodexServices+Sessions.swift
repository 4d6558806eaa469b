import CodexCore
import Foundation

extension CodexServices {
    /// The session with exactly this id, if `user` may reach it (any on a single-user server).
    ///
    /// Over HTTP a prefix is never enough (the CLI accepts one for typing's sake): a caller should
    /// reach only conversations whose id it was given, not the first one that starts with "3".
    func session(id: String, for user: TeamUser?) async throws -> Session {
        guard let uuid = UUID(uuidString: id) else { throw CodexError.sessionNeedsFullId(id) }
        return try await memory(for: user).session(uuid.lowercasedString)
    }

    /// `id` checked as above, in the form the core takes; nil stays nil (a new session).
    func existingSession(_ id: String?, for user: TeamUser?) async throws -> String? {
        guard let id else { return nil }
        return try await session(id: id, for: user).id.lowercasedString
    }
}

extension CodexError {
    static func sessionNeedsFullId(_ reference: String) -> CodexError {
        let shown = reference.count > 40 ? String(reference.prefix(40)) + "…" : reference
        return .notFound(
            "no session has the id \"\(shown)\"", hint: "the HTTP API takes a session's full id; GET /memory lists them"
        )
    }
}

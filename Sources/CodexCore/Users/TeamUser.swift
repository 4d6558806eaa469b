import Foundation

/// A person on a shared server: their sessions are theirs alone (see `MemoryStore.owned(by:)`).
public struct TeamUser: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    public var createdAt: Date

    package init(id: Int64, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// The users of a store, each with a token kept only as its SHA-256.
///
/// Why a plain hash and not a slow one (bcrypt, scrypt): tokens are 32 random bytes, so nobody
/// can guess one from its hash however fast the hash is; a slow hash protects short passwords,
/// which codex never takes, and would cost every request its time.
public protocol UserStore: Sendable {
    /// - Throws: `CodexError.userExists` when the name is taken.
    func add(name: String, tokenHash: String) async throws -> TeamUser
    /// The user whose token has this hash, or nil.
    func user(tokenHash: String) async throws -> TeamUser?
    /// Every user, by name.
    func list() async throws -> [TeamUser]
    /// Removes a user; their sessions stay in the store, owned by nobody (seen only from the CLI).
    ///
    /// - Throws: `CodexError.userNotFound`.
    func remove(name: String) async throws -> TeamUser
}

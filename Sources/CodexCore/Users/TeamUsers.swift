import Foundation

/// Adding users and telling who a token belongs to, over a store's `UserStore`.
public struct TeamUsers: Sendable {
    let users: any UserStore

    public init(store: CodexStore) {
        users = store.users
    }

    /// Adds a user and returns their token, which is shown this once (the store keeps its hash).
    ///
    /// - Throws: `CodexError.invalidUserName` or `.userExists`.
    public func add(name: String) async throws -> (user: TeamUser, token: String) {
        try Self.validate(name: name)
        let token = Self.newToken()
        return (try await users.add(name: name, tokenHash: Self.hash(token)), token)
    }

    /// The user a bearer token belongs to, or nil.
    public func user(presenting token: String) async throws -> TeamUser? {
        guard token.hasPrefix(Self.tokenPrefix) else { return nil }
        return try await users.user(tokenHash: Self.hash(token))
    }

    public func list() async throws -> [TeamUser] { try await users.list() }

    public func remove(name: String) async throws -> TeamUser { try await users.remove(name: name) }

    /// Tokens start with this, so one pasted in the wrong place is recognisable.
    static let tokenPrefix = "codex_"

    /// 32 bytes from the system's generator, base64url: 43 characters after the prefix.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return tokenPrefix + text
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// 1 to 64 letters, digits, `.`, `_` or `-`, starting with a letter or digit: names appear in
    /// logs and commands.
    static func validate(name: String) throws(CodexError) {
        guard let first = name.first, first.isLetter || first.isNumber, name.count <= 64,
            name.allSatisfy({ $0.isLetter || $0.isNumber || ".-_".contains($0) })
        else { throw CodexError.invalidUserName(name) }
    }
}

extension CodexError {
    static func invalidUserName(_ name: String) -> CodexError {
        .invalidInput(
            "\"\(name)\" is not a valid user name",
            hint: "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    }

    package static func userExists(_ name: String) -> CodexError {
        CodexError(
            kind: .invalidInput, message: "a user named \"\(name)\" already exists",
            hint: "pick another name, or remove it first: codex serve users rm \(name)")
    }

    package static func userNotFound(_ name: String) -> CodexError {
        CodexError(
            kind: .notFound, message: "no user named \"\(name)\"", hint: "codex serve users list shows them")
    }
}

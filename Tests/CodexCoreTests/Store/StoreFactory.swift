import CodexTestSupport
import Foundation
import Testing

@testable import CodexCore
@testable import CodexSQLite

/// Makes an empty store of one backend in a temporary folder; the store contract suite runs
/// once per factory in `all`.
///
/// A second backend plugs in here: add a factory (for PostgreSQL, one that starts a server from
/// Debian's binaries in the folder and opens a fresh database on it) to `all`, and every test of
/// `StoreContractTests` runs against it too.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable (TemporaryDirectory) throws -> CodexStore

    var testDescription: String { name }

    static let sqlite = StoreFactory(name: "SQLite") { dir in try SQLiteStore.open(at: dir.path + "/codex.sqlite") }

    static let all: [StoreFactory] = [.sqlite]
}

import CodexTestSupport
import Foundation
import Testing

@testable import CodexCore
@testable import CodexPostgres
@testable import CodexSQLite

/// Makes an empty store of one backend in a temporary folder; the store contract suite runs
/// once per factory in `all`.
///
/// PostgreSQL's factory opens a fresh database on the test process's server
/// (`PostgresTestServer`, started from Debian's binaries on first use).
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable (TemporaryDirectory) throws -> CodexStore

    var testDescription: String { name }

    static let sqlite = StoreFactory(name: "SQLite") { dir in try SQLiteStore.open(at: dir.path + "/codex.sqlite") }

    static let postgres = StoreFactory(name: "PostgreSQL") { _ in
        try PostgresStore.open(url: try PostgresTestServer.shared().createDatabase())
    }

    static let all: [StoreFactory] = [.sqlite, .postgres]
}

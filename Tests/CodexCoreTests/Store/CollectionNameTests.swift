import Foundation
import GRDB
import Testing

@testable import CodexCore
@testable import CodexSQLite

struct CollectionNameTests {
    @Test(arguments: ["default", "handbook", "ops-2026", "v1.2_notes", "Käse", "文档", "my docs", "A"])
    func namesThatMakeSafeFolderNamesAreAccepted(name: String) {
        #expect(throws: Never.self) { try CollectionRecord.validate(name: name) }
    }

    @Test(arguments: [
        "", "../../evilcoll", "x/private", "..", ".hidden", "-rf", "a\\b", "tab\there", "new\nline", "trailing ",
        " leading", String(repeating: "c", count: 65), "nul\u{0}",
    ])
    func namesThatCouldEscapeOrCollideAreRefused(name: String) {
        #expect(throws: CodexError.invalidCollectionName(name)) { try CollectionRecord.validate(name: name) }
    }

    @Test func onlyNewCollectionsAreChecked() throws {
        // Given a store that already holds a collection with a name from before the rule
        let database = try CodexDatabase.inMemory()
        try database.writeSync { db in
            var old = CollectionRecord(name: "old/name")
            try old.insert(db)
        }
        // Then it is still found, while a new one with such a name is refused and not created
        let found = try database.writeSync { db in try CollectionRecord.findOrCreate(named: "old/name", in: db) }
        #expect(found.name == "old/name")
        #expect(throws: CodexError.self) {
            try database.writeSync { db in try CollectionRecord.findOrCreate(named: "new/name", in: db) }
        }
        #expect(try database.readSync { db in try CollectionRecord.fetchCount(db) } == 1)
    }
}

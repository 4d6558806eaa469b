import CodexCore
import Foundation
import GRDB

/// Inserts imported messages through one prepared statement, writing exactly the row
/// `MessageRecord.insert` would (the same `MessageBody` columns and values).
///
/// Why not the record: GRDB builds its INSERT per call; at 100k messages one statement prepared
/// up front keeps the import to binding values.
struct MessageInserter {
    private let statement: Statement

    init(_ db: Database) throws {
        let columns = ["session_id", "seq"] + MessageBody.columns
        statement = try db.cachedStatement(
            sql: """
                INSERT INTO message (\(columns.joined(separator: ", ")))
                VALUES (\(databaseQuestionMarks(count: columns.count)))
                """)
    }

    func insert(_ message: BundleMessage, session: UUID) throws {
        let place: [(any DatabaseValueConvertible)?] = [session.lowercasedString, message.seq]
        try statement.execute(arguments: StatementArguments(place + (try message.body.databaseValues())))
    }
}

import CodexCore
import Foundation
import GRDB

/// The `message` row: a message's body with its row id, session and order.
///
/// Its columns are read and written through `MessageBody+Row`, not `Codable` (see there why).
struct MessageRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "message"
    /// The order `init(row:)` reads: the whole row, whatever order migrations added the columns in.
    static var databaseSelection: [any SQLSelectable] {
        [Column("id"), Column("session_id"), Column("seq")] + MessageBody.columns.map { Column($0) }
    }

    var id: Int64?
    var sessionId: UUID
    var seq: Int
    var body: MessageBody

    init(id: Int64? = nil, session: UUID, seq: Int, body: MessageBody) {
        self.id = id
        sessionId = session
        self.seq = seq
        self.body = body
    }

    init(row: Row) throws {
        id = row[0]
        sessionId = row[1]
        seq = row[2]
        body = try MessageBody(row: row, from: 3)
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["session_id"] = sessionId.lowercasedString
        container["seq"] = seq
        for (column, value) in zip(MessageBody.columns, try body.databaseValues()) { container[column] = value }
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var sessionMessage: SessionMessage { SessionMessage(id: id ?? 0, sessionId: sessionId, seq: seq, body: body) }

    var bundleMessage: BundleMessage { BundleMessage(sessionId: sessionId.lowercasedString, seq: seq, body: body) }
}
